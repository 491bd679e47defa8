using System.Text.Json;
using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

public class LintCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.RunPlain(args);

    private static string Cache => Path.Combine(Path.GetTempPath(), "perfrules-tests-" + Environment.ProcessId);

    private static string Case(string rule, string file) => Path.Combine(TestPaths.Fixtures, "cases", rule, file);

    [Test]
    public void Exit_code_follows_fail_on()
    {
        var warningOnly = Case("PR002", "ok-wrapped-and-blank-lines.txt");
        Run("lint", warningOnly, "--cache", Cache).Code.ShouldBe(0);
        var withError = Case("PR202", "trip-no-benefit-indicator.txt");
        Run("lint", withError, "--cache", Cache).Code.ShouldBe(1);
        Run("lint", withError, "--fail-on", "never", "--cache", Cache).Code.ShouldBe(0);
        Run("lint", Seeds.Path0("004"), "--fail-on", "info", "--cache", Cache).Code.ShouldBe(1);
    }

    [Test]
    public void Text_output_is_compiler_style_with_a_count()
    {
        var (code, output, _) = Run("lint", Case("PR202", "trip-no-benefit-indicator.txt"), "--cache", Cache);
        code.ShouldBe(1);
        output.ShouldContain("trip-no-benefit-indicator.txt:6:5: error PR202: 项目“项目甲”没有效益指标（共 2 个指标）");
        output.TrimEnd().Split('\n').Last().ShouldStartWith("共检查 1 个文件：1 个错误");
    }

    [Test]
    public void A_directory_means_every_file_under_it()
    {
        var (_, output, _) = Run("lint", Path.Combine(TestPaths.Fixtures, "cases"), "--format", "json", "--cache", Cache);
        using var doc = JsonDocument.Parse(output);
        // Every file but the notes (fixtures/cases/README.md), which a folder's default selection leaves out.
        int expected = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "cases"), "*", SearchOption.AllDirectories)
            .Count(f => PerfRules.Runs.InputSelection.DefaultReason(f, Path.GetFileName(f), isDirectory: false) is null);
        expected.ShouldBeGreaterThan(100);
        doc.RootElement.GetProperty("documents").GetArrayLength().ShouldBe(expected);
        doc.RootElement.GetProperty("summary").GetProperty("documents").GetInt32().ShouldBe(expected);
    }

    [Test]
    public void Several_formats_in_one_run()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-lint-").FullName;
        var sarif = Path.Combine(dir, "out.sarif");
        var json = Path.Combine(dir, "out.json");
        var (_, output, _) = Run("lint", Seeds.Path0("003"), "--format", "sarif", "--output", sarif, "--format", "json", "--output", json, "--format", "text", "--cache", Cache);
        JsonDocument.Parse(File.ReadAllText(sarif)).RootElement.GetProperty("version").GetString().ShouldBe("2.1.0");
        JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("tool").GetString().ShouldBe("PerfRules");
        output.ShouldContain("PR401");
    }

    [Test]
    public void Invalid_rule_files_exit_2_naming_file_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-rules-").FullName;
        File.WriteAllText(Path.Combine(dir, "district.yaml"), "ruleset: district\nrules:\n  - id: X1\n    scope: project\n    assert: project.Nmae == \"\"\n    message: m\n");
        var (code, _, error) = Run("lint", Seeds.Path0("003"), "--rules", dir, "--cache", Cache);
        code.ShouldBe(2);
        error.ShouldContain("district.yaml:5:");
    }

    [Test]
    public void A_missing_rules_folder_or_unknown_format_exits_2()
    {
        Run("lint", Seeds.Path0("003"), "--rules", "/no/such/rules", "--cache", Cache).Code.ShouldBe(2);
        Run("lint", Seeds.Path0("003"), "--format", "pdf", "--cache", Cache).Code.ShouldBe(2);
    }

    [Test]
    public void A_file_named_that_does_not_exist_is_a_usage_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid() + ".txt");
        var (code, output, error) = Run("lint", missing, "--cache", Cache);
        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("找不到文件或文件夹“" + missing + "”");
    }

    [Test]
    [Platform(Exclude = PlatformNames.Win, Reason = "a symbolic link needs a privilege on Windows")]
    public void A_file_that_cannot_be_opened_is_a_PR001_finding()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-lint-").FullName;
        var dangling = Path.Combine(dir, "gone.txt");
        File.CreateSymbolicLink(dangling, Path.Combine(dir, "no-such-target.txt"));
        var (code, output, _) = Run("lint", dir, "--cache", Cache);
        code.ShouldBe(1);
        output.ShouldContain("PR001");
        output.ShouldContain("文件不存在");
    }

    [Test]
    public void Rules_test_runs_every_builtin_example()
    {
        var (code, output, _) = Run("rules", "test", "--cache", Cache);
        code.ShouldBe(0);
        output.ShouldContain("0 个失败");
    }
}
