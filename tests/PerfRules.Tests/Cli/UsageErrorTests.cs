using PerfRules.Cli;
using PerfRules.Tests.Reports;

namespace PerfRules.Tests.Cli;

/// <summary>
/// What was typed wrong is a usage error: exit 2, one Chinese line with a suggestion, the pointer to
/// --help, nothing read. (The process tests check the same under LANG=C and zh_CN.)
/// </summary>
public class UsageErrorTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.RunPlain(args);

    private static void ShouldBeUsageError((int Code, string Out, string Err) r, params string[] expected)
    {
        r.Code.ShouldBe(CliApp.CouldNotRun, r.Err);
        r.Out.ShouldBeEmpty();
        foreach (var e in expected) r.Err.ShouldContain(e);
        r.Err.ShouldContain("用法见 perfrules");
        // None of System.CommandLine's English, no exception text.
        foreach (var english in new[] { "Unrecognized", "Required", "Usage", "Cannot parse", "Exception", "'" })
            r.Err.ShouldNotContain(english);
    }

    [Test]
    public void A_mistyped_option_is_not_taken_for_a_file()
    {
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--fromat", "json"), "未知的选项“--fromat”。您是否想输入 --format？");
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--fromat=json"), "您是否想输入 --format？");
        ShouldBeUsageError(Run("audit", Seeds.Path0("003"), "--quite"), "您是否想输入 --quiet？");
    }

    [Test]
    public void A_mistyped_command_gets_the_nearest_one()
    {
        ShouldBeUsageError(Run("lnit", "a.txt"), "未知的命令“lnit”。您是否想输入 lint？");
        ShouldBeUsageError(Run("rules", "lsit"), "您是否想输入 list？");
        ShouldBeUsageError(Run("frobnicate"), "未知的命令“frobnicate”", "可用的命令：parse、lint、audit");
        ShouldBeUsageError(Run(), "缺少命令");
    }

    [Test]
    public void An_option_of_another_command_says_which()
    {
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--jobs", "2"), "perfrules lint 没有这个选项，它属于 perfrules audit");
    }

    [Test]
    public void Missing_and_invalid_values_are_explained()
    {
        ShouldBeUsageError(Run("lint"), "缺少参数 <路径>");
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--fail-on", "warnig"), "选项 --fail-on 的值“warnig”无效", "您是否想输入 warning？");
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--max-findings", "many"), "选项 --max-findings 的值“many”无效，应为整数");
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--baseline"), "选项 --baseline 缺少值");
        ShouldBeUsageError(Run("lint", Seeds.Path0("003"), "--format", "jsno"), "未知的输出格式“jsno”", "您是否想输入 json？");
        ShouldBeUsageError(Run("rules", "docs"), "缺少必需的选项 --output");
    }

    [Test]
    public void A_path_that_does_not_exist_is_a_usage_error_with_the_nearest_name()
    {
        var dir = SeedReport.TempDir("cli-typo");
        File.WriteAllText(Path.Combine(dir, "项目支出表.txt"), "x");
        var typo = Path.Combine(dir, "项目支出表.tx");
        ShouldBeUsageError(Run("lint", typo), $"找不到文件或文件夹“{typo}”。您是否想输入 {Path.Combine(dir, "项目支出表.txt")}？");
        ShouldBeUsageError(Run("audit", Path.Combine(dir, "nothing-here")), "找不到文件或文件夹");
        ShouldBeUsageError(Run("baseline", typo), "找不到文件或文件夹");
    }

    [Test]
    public void A_wildcard_the_shell_left_alone_is_expanded_as_cmd_and_powershell_users_expect()
    {
        var dir = SeedReport.TempDir("cli-wild");
        File.Copy(Seeds.Path0("003"), Path.Combine(dir, "表003.txt"));
        File.Copy(Seeds.Path0("004"), Path.Combine(dir, "表004.txt"));
        var (code, output, err) = CliRunner.Run("lint", Path.Combine(dir, "*.TXT"));
        code.ShouldBe(CliApp.Findings, err);
        output.ShouldContain("表003.txt:48:24: error PR401");
        output.ShouldContain("表004.txt:40:1: error PR202");
        output.ShouldContain("共检查 2 个文件");
        ShouldBeUsageError(Run("lint", Path.Combine(dir, "*.xlsx")), "没有与“" + Path.Combine(dir, "*.xlsx") + "”匹配的文件");
    }

    [Test]
    public void Arguments_are_checked_before_any_rule_or_table_is_read()
    {
        // A broken rule folder: had anything been loaded, its error would show; a folder of tables:
        // had anything been read, audit would print its [n/total] progress lines.
        var rules = SeedReport.TempDir("cli-badrules");
        File.WriteAllText(Path.Combine(rules, "district.yaml"), "ruleset: d\nrules: [\n");
        var r = Run("audit", TestPaths.Seeds, "--rules", rules, "--format", "xlsx");
        ShouldBeUsageError(r, "xlsx 格式只能写入文件，请在 --format xlsx 之后用 --output 指定文件");
        r.Err.ShouldNotContain("district.yaml");
        r.Err.ShouldNotContain("[1/");
        r.Err.Trim().Split('\n').Length.ShouldBe(2, r.Err);

        ShouldBeUsageError(Run("lint", TestPaths.Seeds, "--rules", rules, "--output", "a.json"), "--output 的个数（1）多于 --format（0）");
        ShouldBeUsageError(Run("lint", TestPaths.Seeds, "--rules", rules, "--max-file-size", "big"), "--max-file-size 的值“big”无效");
    }

    [Test]
    public void A_usage_error_lists_every_mistake_once()
    {
        var r = Run("lint", Seeds.Path0("003"), "--fromat", "json", "--fail-on", "sometimes");
        ShouldBeUsageError(r, "--fromat", "--fail-on");
        r.Err.Trim().Split('\n').Length.ShouldBe(3, r.Err);
    }

    [Test]
    public void A_name_starting_with_at_is_a_file_not_a_response_file()
    {
        var dir = SeedReport.TempDir("cli-at");
        File.Copy(Seeds.Path0("003"), Path.Combine(dir, "@2026年.txt"));
        var before = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir);
            var (code, output, err) = CliRunner.Run("lint", "@2026年.txt");
            code.ShouldBe(CliApp.Findings, err);
            output.ShouldContain("@2026年.txt:48:24: error PR401");
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
        }
    }

    [Test]
    public void English_on_request()
    {
        var r = Run("lnit", "x", "--lang", "en");
        r.Code.ShouldBe(CliApp.CouldNotRun);
        r.Err.ShouldContain("Unknown command 'lnit'. Did you mean lint?");
        r.Err.ShouldContain("See 'perfrules --help' for usage.");
    }
}
