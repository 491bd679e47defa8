using System.Diagnostics;

namespace PerfRules.Tests.Repository;

/// <summary>
/// tests/tools/install-deps.sh decides what to install from what is on the PATH; in --dry-run it
/// prints the commands instead of running them, so its logic is checked here without installing
/// anything (the real install runs when a fresh machine first needs chromium or the multitool).
/// </summary>
[Platform(Exclude = PlatformNames.Win)] // a bash script for Debian
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class InstallDepsScriptTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("perfrules-deps-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static string Bash() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/bin").Select(d => Path.Combine(d, "bash")).First(File.Exists);

    private string Executable(params string[] relative)
    {
        var path = Path.Combine([_dir, .. relative]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>
    /// Runs the script with only the given PATH (no system folders) and npm prefix, deciding as
    /// root or as an ordinary user would (PERFRULES_DEPS_UID, honoured in --dry-run only).
    /// </summary>
    private (int Code, List<string> Commands, string Output) DryRun(string path, string prefix, string? chromium = null, bool asRoot = true)
    {
        var psi = new ProcessStartInfo(Bash()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["PERFRULES_DEPS_UID"] = asRoot ? "0" : "1000";
        psi.ArgumentList.Add(ExternalTools.InstallScript);
        psi.ArgumentList.Add("--dry-run");
        psi.Environment["PATH"] = path;
        psi.Environment["PERFRULES_NPM_PREFIX"] = prefix;
        if (chromium is null) psi.Environment.Remove("PERFRULES_CHROMIUM");
        else psi.Environment["PERFRULES_CHROMIUM"] = chromium;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var output = stdout + stderr.Result;
        var commands = stdout.Split('\n').Where(l => l.StartsWith("+ ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();
        return (p.ExitCode, commands, output);
    }

    [Test]
    public void On_a_machine_with_nothing_root_installs_chromium_and_npm_from_debian_then_the_multitool()
    {
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var prefix = Path.Combine(_dir, "npm");
        var (code, commands, output) = DryRun(emptyPath, prefix);
        code.ShouldBe(0, output);
        commands.ShouldBe(new[]
        {
            "apt-get update -qq",
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium npm",
            $"npm install --silent --no-audit --no-fund --prefix {prefix} @microsoft/sarif-multitool@5.7.0",
        }, ignoreOrder: false, output);
    }

    [Test]
    public void A_user_installs_through_sudo_without_a_password_prompt()
    {
        var bin = Path.GetDirectoryName(Executable("bin", "sudo"))!;
        var (code, commands, output) = DryRun(bin, Path.Combine(_dir, "npm"), asRoot: false);
        code.ShouldBe(0, output);
        commands.Take(2).ShouldBe(new[]
        {
            "sudo -n apt-get update -qq",
            "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium npm",
        }, ignoreOrder: false, output);
    }

    [Test]
    public void A_user_without_sudo_is_told_what_is_needed_and_the_script_fails()
    {
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var (code, commands, output) = DryRun(emptyPath, Path.Combine(_dir, "npm"), asRoot: false);
        code.ShouldBe(1, output);
        output.ShouldContain("error: installing chromium npm needs root or sudo");
        output.ShouldContain("error: no npm to install @microsoft/sarif-multitool");
        commands.ShouldBeEmpty(output);
    }

    [Test]
    public void With_chromium_and_npm_present_only_the_multitool_is_installed()
    {
        var bin = Path.GetDirectoryName(Executable("bin", "chromium"))!;
        Executable("bin", "npm");
        var prefix = Path.Combine(_dir, "npm");
        var (code, commands, output) = DryRun(bin, prefix);
        code.ShouldBe(0, output);
        commands.ShouldBe(new[] { $"npm install --silent --no-audit --no-fund --prefix {prefix} @microsoft/sarif-multitool@5.7.0" }, ignoreOrder: false, output);
    }

    [Test]
    public void PERFRULES_CHROMIUM_counts_as_chromium_as_it_does_for_the_tests()
    {
        var chromium = Executable("elsewhere", "my-chrome");
        var prefix = Path.Combine(_dir, "npm");
        Executable("npm", "node_modules", ".bin", "sarif-multitool");
        var emptyPath = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var (code, commands, output) = DryRun(emptyPath, prefix, chromium);
        code.ShouldBe(0, output);
        commands.ShouldBeEmpty(output);
    }

    [Test]
    public void With_everything_present_it_installs_nothing()
    {
        var bin = Path.GetDirectoryName(Executable("bin", "chromium-browser"))!;
        var prefix = Path.Combine(_dir, "npm");
        Executable("npm", "node_modules", ".bin", "sarif-multitool");
        var (code, commands, output) = DryRun(bin, prefix);
        code.ShouldBe(0, output);
        commands.ShouldBeEmpty(output);
    }
}
