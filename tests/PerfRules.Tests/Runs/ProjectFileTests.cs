using System.Text;
using PerfRules.Runs;
using PerfRules.Tests.Reports;

namespace PerfRules.Tests.Runs;

/// <summary>perfrules.yaml is read like hostile input: every problem named with file, line and column, nothing run.</summary>
public class ProjectFileTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "project");
    private static readonly string FilePath = Path.Combine(Folder, ProjectFile.FileName);

    private static ProjectFile Parse(string text) => ProjectFile.Parse(FilePath, text);

    private static string ErrorOf(string text) => Should.Throw<ProjectFileException>(() => Parse(text)).Errors.ShouldHaveSingleItem();

    [Test]
    public void Every_setting_is_read_and_paths_are_relative_to_the_file()
    {
        var p = Parse("""
            # 本部门的检查设置
            rules: 规则
            exclude:
              - "草稿/**"
              - '*.bak'
            include: "*.xlsx"
            fail-on: Warning
            baseline: perfrules-baseline.json
            min-severity: warning
            """);
        p.Rules.ShouldBe(Path.Combine(Folder, "规则"));
        p.Baseline.ShouldBe(Path.Combine(Folder, "perfrules-baseline.json"));
        p.FailOn.ShouldBe("warning");
        p.MinSeverity.ShouldBe("warning");
        p.Exclude.Select(x => x.Text).ShouldBe(new[] { "草稿/**", "*.bak" });
        p.Include.Single().Text.ShouldBe("*.xlsx");
        p.Lines["fail-on"].ShouldBe(7);
    }

    [TestCase("")]
    [TestCase("# nothing set yet\n\n")]
    [TestCase("\uFEFF")]
    public void An_empty_file_sets_nothing(string text)
    {
        var p = Parse(text);
        (p.Rules, p.Baseline, p.FailOn, p.MinSeverity).ShouldBe((null, null, null, null));
        p.Exclude.ShouldBeEmpty();
    }

    [TestCase("fail-on: warning\nfial-on: error\n", "perfrules.yaml:2:1: 未知的键“fial-on”")]
    [TestCase("fail-on: sometimes\n", "perfrules.yaml:1:10: fail-on 的值“sometimes”无效（可用：error、warning、info、never）")]
    [TestCase("min-severity: never\n", "perfrules.yaml:1:15: min-severity 的值“never”无效")]
    [TestCase("fail-on: [error]\n", "perfrules.yaml:1:10: fail-on 应是一个值，实际为列表")]
    [TestCase("rules:\n", "perfrules.yaml:1:7: rules 的值是空的")]
    [TestCase("exclude:\n  - ../secret\n", "perfrules.yaml:2:5: exclude 中的模式“../secret”无效")]
    [TestCase("exclude:\n  - {a: 1}\n", "perfrules.yaml:2:5: exclude 应是一个值，实际为映射")]
    [TestCase("fail-on: error\nfail-on: never\n", "perfrules.yaml:2:1: YAML 格式错误：字段“fail-on”重复")]
    [TestCase("- rules\n", "perfrules.yaml:1:1: 项目文件的顶层应是映射")]
    [TestCase("fail-on: error\n---\nfail-on: never\n", "perfrules.yaml:2:1: 一个项目文件只能有一个 YAML 文档")]
    [TestCase("exclude: [\"a\"\n", "perfrules.yaml:2:1: YAML 格式错误")]
    [TestCase("a: &x [1]\nexclude: *x\n", "perfrules.yaml:1:1: 未知的键“a”")]
    public void Problems_are_named_with_file_line_and_column(string text, string expected)
    {
        var e = Should.Throw<ProjectFileException>(() => Parse(text));
        e.Errors[0].ShouldStartWith(Path.Combine(Folder, expected.Split(':')[0]) + expected[expected.IndexOf(':')..]);
    }

    [Test]
    public void Tags_are_text_and_nothing_is_run()
    {
        // YAML tags that other loaders turn into objects or calls are plain values here.
        var p = Parse("exclude: !!python/object/apply:os.system [\"touch pwned\"]\nfail-on: !<tag:yaml.org,2002:str> error\n");
        p.Exclude.Single().Text.ShouldBe("touch pwned");
        p.FailOn.ShouldBe("error");
        File.Exists("pwned").ShouldBeFalse();
    }

    [Test]
    public void Hostile_shapes_give_errors_not_crashes()
    {
        Should.Throw<ProjectFileException>(() => Parse("exclude: " + new string('[', 10_000) + new string(']', 10_000) + "\n"))
            .Errors[0].ShouldContain("嵌套超过");
        var bomb = "a: &a [x, x]\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"b{i}: &b{i} [*{(i == 1 ? "a" : "b" + (i - 1))}, *{(i == 1 ? "a" : "b" + (i - 1))}]\n"));
        Should.Throw<ProjectFileException>(() => Parse(bomb)).Errors.ShouldNotBeEmpty();
        var many = "exclude:\n" + string.Concat(Enumerable.Range(0, ProjectFile.MaxPatterns + 5).Select(i => $"  - a{i}\n"));
        Should.Throw<ProjectFileException>(() => Parse(many)).Errors.ShouldContain(e => e.Contains($"超过 {ProjectFile.MaxPatterns} 个"));
    }

    [Test]
    public void A_file_that_is_not_utf8_or_too_large_or_a_folder_is_refused_in_chinese()
    {
        var dir = SeedReport.TempDir("project-bad");
        var path = Path.Combine(dir, ProjectFile.FileName);
        // "草稿" as an old Notepad saves it (GBK: B2DD B8E5).
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("exclude:\n  - ").Concat(new byte[] { 0xB2, 0xDD, 0xB8, 0xE5 }).Concat(Encoding.ASCII.GetBytes("\n")).ToArray());
        Should.Throw<ProjectFileException>(() => ProjectFile.Load(path)).Errors.Single().ShouldBe($"{path}:2:1: 项目文件不是 UTF-8 编码，请用记事本等编辑器另存为 UTF-8");

        File.WriteAllText(path, "# " + new string('x', (int)ProjectFile.MaxBytes));
        Should.Throw<ProjectFileException>(() => ProjectFile.Load(path)).Errors.Single().ShouldContain("项目文件过大");

        File.Delete(path);
        Directory.CreateDirectory(path);
        Should.Throw<ProjectFileException>(() => ProjectFile.Find(dir)).Errors.Single().ShouldContain("这是一个目录");
    }

    [Test]
    public void Find_looks_at_the_folder_root_only_and_refuses_two_names()
    {
        var dir = SeedReport.TempDir("project-find");
        ProjectFile.Find(dir).ShouldBeNull();
        File.WriteAllText(Path.Combine(dir, ProjectFile.AlternateFileName), "fail-on: info\n");
        ProjectFile.Find(dir)!.FailOn.ShouldBe("info");
        File.WriteAllText(Path.Combine(dir, ProjectFile.FileName), "fail-on: info\n");
        Should.Throw<ProjectFileException>(() => ProjectFile.Find(dir)).Errors.Single().ShouldContain("请只保留一个");
    }
}
