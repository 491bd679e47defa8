using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PerfRules.Tests.Packaging;

/// <summary>Runs the published programs and the build commands as separate processes.</summary>
internal static class ProcessRunner
{
    public sealed record Outcome(int Code, string Out, string Err)
    {
        public override string ToString() => $"exit {Code}\n--- stderr ---\n{Err}\n--- stdout (start) ---\n{(Out.Length > 2000 ? Out[..2000] + "…" : Out)}";
    }

    /// <summary>
    /// Runs a program to its end and returns what it printed (UTF-8). <paramref name="environment"/>
    /// replaces the inherited environment when given. The timeout only guards against a hang.
    /// </summary>
    public static Outcome Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? PublishedBuilds.Scratch,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', psi.ArgumentList)} did not finish");
        }
        p.WaitForExit();
        return new Outcome(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Runs a build command with everything it prints in <paramref name="log"/>. On Unix the shell
    /// makes the redirection, so a compiler or MSBuild server that the build leaves running holds
    /// the log file, never a pipe this process would wait on.
    /// </summary>
    public static int RunToLog(string file, IEnumerable<string> args, string log, TimeSpan timeout)
    {
        ProcessStartInfo psi;
        if (OperatingSystem.IsWindows())
        {
            psi = new ProcessStartInfo("cmd.exe") { UseShellExecute = false };
            psi.ArgumentList.Add("/c");
            psi.ArgumentList.Add($"\"{file}\" {string.Join(' ', args.Select(a => "\"" + a + "\""))} > \"{log}\" 2>&1 < NUL");
        }
        else
        {
            psi = new ProcessStartInfo("sh") { UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("log=$1; shift; exec \"$@\" > \"$log\" 2>&1 < /dev/null");
            psi.ArgumentList.Add("sh");
            psi.ArgumentList.Add(log);
            psi.ArgumentList.Add(file);
            foreach (var a in args) psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish in {timeout}:\n{PublishedBuilds.Tail(log, 40)}");
        }
        return p.ExitCode;
    }

    /// <summary>The dotnet executable that runs this test run (for the .NET tool commands).</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.Combine(DotnetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet") is var local && File.Exists(local) ? local
        : "dotnet";

    /// <summary>The .NET installation this test run uses (…/shared/Microsoft.NETCore.App/&lt;v&gt;/ is the runtime folder).</summary>
    public static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
