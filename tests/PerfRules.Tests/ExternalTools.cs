using System.Diagnostics;
using System.Text;
using PerfRules.Tests.Browser;

namespace PerfRules.Tests;

/// <summary>
/// The programs the browser and SARIF tests drive: a Chromium and the SARIF Multitool. When one is
/// missing, the first test that needs it runs tests/tools/install-deps.sh (once per test run), so
/// the README's `dotnet test PerfRules.sln` works on a machine that has only the .NET SDK.
/// </summary>
public static class ExternalTools
{
    public static string InstallScript => Path.Combine(TestPaths.Repo, "tests", "tools", "install-deps.sh");

    /// <summary>Where install-deps.sh puts the multitool (its default npm prefix).</summary>
    public static string MultitoolPath => Path.Combine(TestPaths.Repo, "tests", "tools", ".npm", "node_modules", ".bin", "sarif-multitool");

    private static readonly Lazy<string> Install = new(RunInstallScript, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The Chromium to drive, installed first if there is none.</summary>
    public static string Chromium()
    {
        if (HeadlessChromium.FindExecutable() is { } found) return found;
        var log = Install.Value;
        return HeadlessChromium.FindExecutable() ?? throw new InvalidOperationException(
            "chromium not found and tests/tools/install-deps.sh could not install it:\n" + log);
    }

    /// <summary>The SARIF Multitool, installed first if it is missing.</summary>
    public static string Multitool()
    {
        if (File.Exists(MultitoolPath)) return MultitoolPath;
        var log = Install.Value;
        return File.Exists(MultitoolPath) ? MultitoolPath : throw new InvalidOperationException(
            "sarif-multitool not found and tests/tools/install-deps.sh could not install it:\n" + log);
    }

    /// <summary>Runs the install script and returns what it printed (it is also shown as test progress).</summary>
    private static string RunInstallScript()
    {
        if (OperatingSystem.IsWindows())
            return "install-deps.sh needs bash and apt (Debian); on Windows install Chromium and run `npm install --prefix tests/tools/.npm @microsoft/sarif-multitool@5.7.0`";
        TestContext.Progress.WriteLine("installing what the browser and SARIF tests need: bash tests/tools/install-deps.sh");
        var output = new StringBuilder();
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(InstallScript);
        using var p = Process.Start(psi)!;
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            TestContext.Progress.WriteLine("  " + e.Data);
        }
        p.OutputDataReceived += Collect;
        p.ErrorDataReceived += Collect;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        // A guard against a hung apt or npm, not a timing check: a fresh install takes a few minutes.
        if (!p.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            p.Kill(entireProcessTree: true);
            lock (output) return $"install-deps.sh did not finish in 20 minutes\n{output}";
        }
        p.WaitForExit();
        lock (output) return $"exit code {p.ExitCode}\n{output}";
    }
}
