using PerfRules.Runs;
using PerfRules.Tests.Reports;

namespace PerfRules.Tests.Runs;

/// <summary>What a folder holds besides tables is left out, each with its reason; patterns select the rest.</summary>
public class InputSelectionTests
{
    [TestCase("desktop.ini", "系统文件")]
    [TestCase("Desktop.INI", "系统文件")]
    [TestCase("Thumbs.db", "系统文件")]
    [TestCase(".DS_Store", "隐藏文件")]
    [TestCase("~$项目支出绩效目标表.xlsx", "锁定文件")]
    [TestCase("~$表.docx", "锁定文件")]
    [TestCase("~WRL0001.tmp", "临时文件")]
    [TestCase(".~lock.表.xlsx#", "隐藏文件")]
    [TestCase(".hidden.txt", "隐藏文件")]
    [TestCase("说明.txt", "说明文件")]
    [TestCase("填报说明.txt", "说明文件")]
    [TestCase("README.md", "说明文件")]
    [TestCase("readme.txt", "说明文件")]
    [TestCase("perfrules.yaml", "PerfRules 自己的文件")]
    [TestCase("perfrules-baseline.json", "PerfRules 自己的文件")]
    public void Not_tables_are_left_out(string name, string reason)
    {
        InputSelection.DefaultReason(Path.Combine("/x", name), name, isDirectory: false).ShouldNotBeNull().ShouldContain(reason);
    }

    [TestCase("项目支出绩效目标表.txt")]
    [TestCase("项目支出绩效目标表.xlsx")]
    [TestCase("说明.xlsx")] // a workbook named 说明 may well be a table
    [TestCase("部门整体说明表.docx")]
    [TestCase("2026.csv")]
    [TestCase("~表.txt")]
    public void Tables_are_kept(string name)
    {
        InputSelection.DefaultReason(Path.Combine("/x", name), name, isDirectory: false).ShouldBeNull();
    }

    [Test]
    public void Hidden_folders_are_left_out_whole()
    {
        InputSelection.DefaultReason("/x/.git", ".git", isDirectory: true).ShouldBe("隐藏目录");
        InputSelection.DefaultReason("/x/草稿", "草稿", isDirectory: true).ShouldBeNull();
    }

    [TestCase("*.bak", "a.bak", true)]
    [TestCase("*.bak", "sub/dir/a.BAK", true)]
    [TestCase("*.bak", "a.bak.txt", false)]
    [TestCase("草稿", "草稿/表.txt", true)]
    [TestCase("草稿/**", "草稿/2025/表.txt", true)]
    [TestCase("草稿/**", "正式/草稿.txt", false)]
    [TestCase("2025/*.xlsx", "2025/表.xlsx", true)]
    [TestCase("2025/*.xlsx", "2025/sub/表.xlsx", false)]
    [TestCase("2025/*.xlsx", "old/2025/表.xlsx", false)]
    [TestCase("**/旧/*.txt", "a/b/旧/表.txt", true)]
    [TestCase("**/旧/*.txt", "旧/表.txt", true)]
    [TestCase("表?.txt", "表1.txt", true)]
    [TestCase("表?.txt", "表10.txt", false)]
    [TestCase("/表.txt", "表.txt", true)]
    [TestCase("/表.txt", "sub/表.txt", false)]
    [TestCase("./表.txt", "sub/表.txt", false)]
    [TestCase(@"草稿\*.txt", "草稿/a.txt", true)]
    public void Patterns_match_as_documented(string pattern, string path, bool expected)
    {
        GlobPattern.Parse(pattern).IsMatch(path).ShouldBe(expected, $"{pattern} ~ {path}");
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("/")]
    [TestCase("../*.txt")]
    [TestCase("a\u0000b")]
    public void Bad_patterns_are_refused_with_a_reason(string pattern)
    {
        GlobPattern.TryParse(pattern, out var why).ShouldBeNull();
        why.ShouldNotBeNullOrEmpty();
    }

    [Test]
    public void A_folder_lists_what_it_leaves_out_and_names_given_directly_are_always_read()
    {
        var dir = SeedReport.TempDir("selection");
        Directory.CreateDirectory(Path.Combine(dir, ".git"));
        Directory.CreateDirectory(Path.Combine(dir, "草稿"));
        foreach (var name in new[] { "表.txt", "desktop.ini", "Thumbs.db", "~$表.xlsx", "说明.txt", ".git/config", "草稿/旧表.txt", "out.json" })
            File.WriteAllText(Path.Combine(dir, name), "x");
        var selection = new InputSelection
        {
            Exclude = new[] { (GlobPattern.Parse("草稿"), "--exclude") },
            ExcludePaths = new[] { Path.Combine(dir, "out.json") },
        };
        var set = InputExpansion.Select(new[] { dir, Path.Combine(dir, "desktop.ini") }, _ => selection);
        set.Files.Select(f => Path.GetFileName(f.Path)).ShouldBe(new[] { "表.txt", "desktop.ini" });
        set.Files[1].Path.ShouldBe(Path.Combine(dir, "desktop.ini")); // named: read (and reported if it is no table)
        set.Skipped.Select(s => Path.GetFileName(s.Path)).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { ".git", "Thumbs.db", "desktop.ini", "out.json", "~$表.xlsx", "草稿", "说明.txt" }.Order(StringComparer.Ordinal));
        set.Skipped.Single(s => s.Path.EndsWith("草稿")).Reason.ShouldBe("被 --exclude 的“草稿”排除");
        // Every entry is accounted for: read or listed with its reason.
        (set.Files.Count + set.Skipped.Count).ShouldBe(Directory.GetFileSystemEntries(dir).Length + 1);
    }

    [Test]
    public void Includes_keep_only_matching_files_but_enter_every_folder()
    {
        var dir = SeedReport.TempDir("include");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        foreach (var name in new[] { "a.xlsx", "b.txt", "sub/c.XLSX" })
            File.WriteAllText(Path.Combine(dir, name), "x");
        var set = InputExpansion.Select(new[] { dir }, _ => new InputSelection { Include = new[] { (GlobPattern.Parse("*.xlsx"), "--include") } });
        set.Files.Select(f => Path.GetRelativePath(dir, f.Path).Replace('\\', '/')).ShouldBe(new[] { "a.xlsx", "sub/c.XLSX" });
        set.Skipped.ShouldHaveSingleItem().Reason.ShouldContain("不符合 --include");
    }
}
