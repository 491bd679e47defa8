using System.Text.Json;
using PerfRules.Cli;
using PerfRules.Runs;
using PerfRules.Tests.Reports;

namespace PerfRules.Tests.Cli;

/// <summary>A real department folder (system, lock and note files beside the tables) passes; --exclude, --include and perfrules.yaml select and configure.</summary>
public class FolderAndProjectTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>A table with warnings and info but no error (PR002's clean case).</summary>
    private static string CleanTable => Path.Combine(TestPaths.Cases, "PR002", "ok-wrapped-and-blank-lines.txt");

    /// <summary>A table with one warning (no money unit, PR005) and one with one info (no satisfaction indicator, PR205), no errors.</summary>
    private static void AddWarningAndInfoTables(string dir)
    {
        File.Copy(Path.Combine(TestPaths.Cases, "PR005", "trip-no-money-unit.txt"), Path.Combine(dir, "警告表.txt"));
        File.Copy(Path.Combine(TestPaths.Cases, "PR205", "trip-no-satisfaction-indicator.txt"), Path.Combine(dir, "提示表.txt"));
    }

    /// <summary>A folder as a clerk's machine leaves it: one clean table and what Windows, macOS, Office and the clerk add.</summary>
    private static string DepartmentFolder()
    {
        var dir = SeedReport.TempDir("dept");
        File.Copy(CleanTable, Path.Combine(dir, "项目支出绩效目标表.txt"));
        File.WriteAllText(Path.Combine(dir, "desktop.ini"), "[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\imageres.dll,-3\r\n");
        File.WriteAllBytes(Path.Combine(dir, "Thumbs.db"), new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0 });
        File.WriteAllBytes(Path.Combine(dir, ".DS_Store"), new byte[] { 0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31 });
        File.WriteAllBytes(Path.Combine(dir, "~$项目支出绩效目标表.xlsx"), new byte[] { 5, 0x63, 0x6C, 0x65, 0x72, 0x6B });
        File.WriteAllText(Path.Combine(dir, "说明.txt"), "请于 3 月 31 日前报送。\n");
        return dir;
    }

    [Test]
    public void A_department_folder_with_system_lock_and_note_files_passes()
    {
        var dir = DepartmentFolder();
        var (code, output, err) = Run("lint", dir);
        code.ShouldBe(CliApp.Ok, output + err);
        output.ShouldNotContain("PR001");
        output.ShouldContain("共检查 1 个文件：0 个错误");
        err.Trim().ShouldBe("已跳过 5 个不检查的文件（系统文件、锁定文件、隐藏文件、说明文件或按模式排除的文件；加 --verbose 列出）");

        var verbose = Run("lint", dir, "--verbose");
        foreach (var name in new[] { "desktop.ini：系统文件", "Thumbs.db：系统文件", ".DS_Store：隐藏文件", "~$项目支出绩效目标表.xlsx：Office/WPS 锁定文件", "说明.txt：说明文件" })
            verbose.Err.ShouldContain(name);
        verbose.Err.ShouldNotContain("加 --verbose 列出");

        var audit = Run("audit", dir, "--format", "json", "--quiet");
        audit.Code.ShouldBe(CliApp.Ok, audit.Err);
        using var json = JsonDocument.Parse(audit.Out);
        json.RootElement.GetProperty("documents").GetArrayLength().ShouldBe(1);
    }

    [Test]
    public void A_file_named_directly_is_checked_whatever_its_name()
    {
        var dir = DepartmentFolder();
        var (code, output, _) = Run("lint", Path.Combine(dir, "说明.txt"));
        code.ShouldBe(CliApp.Findings);
        output.ShouldContain("说明.txt:1:1: error PR001");
    }

    [Test]
    public void Exclude_and_include_select_files_in_folders()
    {
        var dir = SeedReport.TempDir("select");
        Directory.CreateDirectory(Path.Combine(dir, "草稿"));
        File.Copy(Seeds.Path0("003"), Path.Combine(dir, "表003.txt"));
        File.Copy(Seeds.Path0("004"), Path.Combine(dir, "草稿", "表004.txt"));
        File.WriteAllText(Path.Combine(dir, "旧表.bak"), "x");

        Run("lint", dir, "--fail-on", "never").Out.ShouldContain("共检查 3 个文件");
        var excluded = Run("lint", dir, "--exclude", "草稿/**", "--exclude", "*.BAK", "--fail-on", "never", "--verbose");
        excluded.Out.ShouldContain("共检查 1 个文件");
        excluded.Err.ShouldContain("草稿：被 --exclude 的“草稿/**”排除");
        excluded.Err.ShouldContain("旧表.bak：被 --exclude 的“*.BAK”排除");
        var included = Run("lint", dir, "--include", "表*.txt", "--fail-on", "never");
        included.Out.ShouldContain("共检查 2 个文件");
        Run("lint", dir, "--exclude", "../x").Err.ShouldContain("--exclude 的模式“../x”无效");
    }

    [Test]
    public void A_run_never_reads_its_own_outputs()
    {
        var dir = DepartmentFolder();
        var report = Path.Combine(dir, "检查结果.json");
        for (var i = 0; i < 2; i++)
        {
            var (code, _, err) = Run("lint", dir, "--format", "json", "--output", report);
            code.ShouldBe(CliApp.Ok, err);
        }
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        json.RootElement.GetProperty("documents").GetArrayLength().ShouldBe(1);
    }

    [Test]
    public void The_project_file_sets_fail_on_min_severity_and_excludes_and_the_command_line_wins()
    {
        var dir = DepartmentFolder();
        AddWarningAndInfoTables(dir);
        Directory.CreateDirectory(Path.Combine(dir, "草稿"));
        File.Copy(Seeds.Path0("004"), Path.Combine(dir, "草稿", "表004.txt"));
        File.WriteAllText(Path.Combine(dir, ProjectFile.FileName), "exclude: [\"草稿\"]\nfail-on: warning\nmin-severity: warning\n");

        var (code, output, err) = Run("lint", dir);
        err.ShouldContain("使用项目文件 " + Path.Combine(dir, ProjectFile.FileName));
        code.ShouldBe(CliApp.Findings, output + err); // a warning fails under fail-on: warning
        // 草稿 excluded, perfrules.yaml itself not read. The three tables (one clean, two case files) are the
        // same project of 示例局's 示例中心: besides PR005, PR109 warns at each of the three (one run).
        output.ShouldContain("共检查 3 个文件：0 个错误，4 个警告，1 个提示");
        output.ShouldContain(" warning PR109");
        output.ShouldContain(" warning PR005");
        output.ShouldNotContain(" info ");
        output.ShouldContain("另有 1 条低于“警告”级别的结果未列出（--min-severity），汇总中已计入");

        var overridden = Run("lint", dir, "--fail-on", "error", "--min-severity", "info");
        overridden.Code.ShouldBe(CliApp.Ok, overridden.Err);
        overridden.Out.ShouldContain(" info ");

        var ignored = Run("lint", dir, "--no-project", "--fail-on", "never");
        ignored.Out.ShouldContain("共检查 4 个文件");
        ignored.Err.ShouldNotContain("使用项目文件");
    }

    [Test]
    public void The_project_file_names_rules_and_baseline_relative_to_itself()
    {
        var dir = DepartmentFolder();
        AddWarningAndInfoTables(dir);
        var baseline = Path.Combine(dir, "接受的结果.json");
        File.WriteAllText(Path.Combine(dir, ProjectFile.FileName), "baseline: 接受的结果.json\nfail-on: warning\n");
        // The project's baseline is missing: named with file and line.
        var missing = Run("lint", dir);
        missing.Code.ShouldBe(CliApp.CouldNotRun);
        missing.Err.ShouldContain($"{Path.Combine(dir, ProjectFile.FileName)}:1: 项目文件指定的基线文件“{baseline}”不存在");

        // `baseline` writes where the project file says, and is then not read as a table.
        var made = Run("baseline", dir);
        made.Code.ShouldBe(CliApp.Ok, made.Err);
        File.Exists(baseline).ShouldBeTrue();
        var after = Run("lint", dir);
        after.Code.ShouldBe(CliApp.Ok, after.Out + after.Err); // every warning is in the baseline
        after.Out.ShouldContain("共检查 3 个文件：0 个错误，0 个警告，0 个提示");
        after.Out.ShouldContain("基线：隐藏了 5 条已记录的结果"); // PR005, PR205 and PR109 at each of the three tables

        File.WriteAllText(Path.Combine(dir, ProjectFile.FileName), "rules: 本区规则\n");
        var noRules = Run("lint", dir);
        noRules.Code.ShouldBe(CliApp.CouldNotRun);
        noRules.Err.ShouldContain($"{Path.Combine(dir, ProjectFile.FileName)}:1: 项目文件指定的规则文件夹");
    }

    [Test]
    public void A_bad_project_file_stops_the_run_with_its_line_and_nothing_read()
    {
        var dir = DepartmentFolder();
        File.WriteAllText(Path.Combine(dir, ProjectFile.FileName), "fail-on: warning\nexclude:\n  - ok\nmin-severty: info\n");
        var (code, output, err) = Run("lint", dir);
        code.ShouldBe(CliApp.CouldNotRun);
        output.ShouldBeEmpty();
        err.Trim().ShouldBe($"{Path.Combine(dir, ProjectFile.FileName)}:4:1: 未知的键“min-severty”（允许：rules、exclude、include、fail-on、baseline、min-severity）");
    }

    [Test]
    public void Two_project_files_that_disagree_are_named_both()
    {
        var a = DepartmentFolder();
        var b = DepartmentFolder();
        File.WriteAllText(Path.Combine(a, ProjectFile.FileName), "fail-on: warning\n");
        File.WriteAllText(Path.Combine(b, ProjectFile.FileName), "# b\nfail-on: info\n");
        var (code, _, err) = Run("audit", a, b);
        code.ShouldBe(CliApp.CouldNotRun);
        err.ShouldContain($"项目文件的 fail-on 设置不一致：{Path.Combine(a, ProjectFile.FileName)}:1 为“warning”；{Path.Combine(b, ProjectFile.FileName)}:2 为“info”");
        Run("audit", a, b, "--fail-on", "never", "--quiet").Code.ShouldBe(CliApp.Ok);
    }
}
