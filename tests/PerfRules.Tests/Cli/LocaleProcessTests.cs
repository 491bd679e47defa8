using System.Diagnostics;
using System.Text;
using PerfRules.Cli;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Cli;

/// <summary>
/// The real `perfrules` process under the locales clerks' and CI machines have: help and usage
/// errors are Chinese under LANG=C and zh_CN.UTF-8 alike (no English, no doubled quotes “'x'”),
/// English with PERFRULES_LANG=en.
/// </summary>
[NonParallelizable]
public class LocaleProcessTests
{
    internal static string Exe => Path.Combine(TestContext.CurrentContext.TestDirectory, OperatingSystem.IsWindows() ? "perfrules.exe" : "perfrules");

    /// <summary>Starts the CLI with the environment as given (LANG and friends replaced), stdin closed.</summary>
    internal static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(Exe)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in new[] { "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", Lang.Variable }) psi.Environment.Remove(name);
        foreach (var (k, v) in environment)
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }

    private static (int Code, string Out, string Err) Run(string? lang, string? perfrulesLang, params string[] args)
    {
        using var p = Start(args, new Dictionary<string, string?> { ["LANG"] = lang, [Lang.Variable] = perfrulesLang });
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("the CLI did not finish: " + string.Join(' ', args));
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [OneTimeSetUp]
    public void Setup() => File.Exists(Exe).ShouldBeTrue(Exe);

    [TestCase("C")]
    [TestCase("zh_CN.UTF-8")]
    [TestCase("en_US.UTF-8")]
    public void Usage_errors_and_help_are_chinese_whatever_the_locale(string? lang)
    {
        var typo = Run(lang, null, "lnit", "a.txt");
        typo.Code.ShouldBe(CliApp.CouldNotRun, typo.Err);
        typo.Err.ShouldBe("未知的命令“lnit”。您是否想输入 lint？\n用法见 perfrules --help\n");

        var option = Run(lang, null, "lint", Seeds.Path0("003"), "--fromat", "json", "--cache", RuleTestSupport.CacheDir);
        option.Code.ShouldBe(CliApp.CouldNotRun, option.Err);
        option.Err.ShouldStartWith("未知的选项“--fromat”。您是否想输入 --format？");
        option.Out.ShouldBeEmpty();

        var none = Run(lang, null);
        none.Code.ShouldBe(CliApp.CouldNotRun);
        none.Err.ShouldStartWith("缺少命令。");
        none.Err.ShouldNotContain("Required command");

        var help = Run(lang, null, "lint", "--help");
        help.Code.ShouldBe(CliApp.Ok, help.Err);
        help.Out.ShouldContain("用法：\n  perfrules lint <路径>... [选项]");
        help.Out.ShouldContain("示例：");
        foreach (var s in new[] { typo.Err, option.Err, none.Err, help.Out })
        {
            s.ShouldNotContain("“'");
            s.ShouldNotContain("'”");
            s.ShouldNotContain("Usage");
            s.ShouldNotContain("\uFFFD");
        }
    }

    [Test]
    public void PERFRULES_LANG_en_gives_english()
    {
        var typo = Run("C", "en", "lnit");
        typo.Code.ShouldBe(CliApp.CouldNotRun);
        typo.Err.ShouldStartWith("Unknown command 'lnit'. Did you mean lint?");
        var help = Run("zh_CN.UTF-8", "en", "audit", "--help");
        help.Out.ShouldContain("Usage:\n  perfrules audit <path>... [options]");
        // --lang on the command line wins over the variable.
        Run("C", "en", "audit", "--help", "--lang", "zh").Out.ShouldContain("用法：");
    }
}
