using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PerfRules.Tests.Packaging;

/// <summary>
/// What tests/tools/publish.sh makes, made once per test run: the script runs on a copy of the
/// sources in a temporary folder (its own bin/ and obj/, so it never touches the build the tests
/// run from), for this machine's runtime, win-x64 and osx-arm64, plus the .NET tool package. Every packaging
/// test reads the same folder; <see cref="PackagingCleanup"/> removes it at the end of the run.
/// </summary>
internal static class PublishedBuilds
{
    public const string WindowsRid = "win-x64";

    public const string MacRid = "osx-arm64";

    /// <summary>This machine's runtime identifier (linux-x64 here), whose executable the tests run.</summary>
    public static string HostRid => RuntimeInformation.RuntimeIdentifier;

    private static readonly Lazy<string> Root = new(() => Directory.CreateTempSubdirectory("perfrules-publish-").FullName);
    private static readonly Lazy<Built> Result = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public sealed record Built(string Output, TimeSpan Took)
    {
        public string Executable(string rid) =>
            Path.Combine(Output, "publish", rid, rid.StartsWith("win", StringComparison.Ordinal) ? "perfrules.exe" : "perfrules");

        public string PublishFolder(string rid) => Path.Combine(Output, "publish", rid);

        public string PackageFolder => Path.Combine(Output, "nupkg");
    }

    /// <summary>The temporary folder of this run's packaging tests (created on first use).</summary>
    public static string Scratch => Root.Value;

    public static bool Started => Root.IsValueCreated;

    /// <summary>The artifacts, published on first use (a few minutes on two cores; see docs/install.md).</summary>
    public static Built Get() => Result.Value;

    private static Built Publish()
    {
        var copy = Path.Combine(Scratch, "src-copy");
        CopySources(TestPaths.Repo, copy);
        var output = Path.Combine(Scratch, "out");
        var log = Path.Combine(Scratch, "publish.log");
        var targets = new[] { HostRid, WindowsRid, MacRid }.Distinct().ToList();
        var started = Stopwatch.StartNew();
        int code;
        if (OperatingSystem.IsWindows())
        {
            code = ProcessRunner.RunToLog("pwsh", new[] { "-NoProfile", "-File", Path.Combine(copy, "tests", "tools", "publish.ps1"), "-Output", output,
                "-Rid", string.Join(",", targets) }, log, TimeSpan.FromMinutes(20));
        }
        else
        {
            code = ProcessRunner.RunToLog("bash", new[] { Path.Combine(copy, "tests", "tools", "publish.sh"), "--output", output }
                    .Concat(targets.SelectMany(r => new[] { "--rid", r })),
                log, TimeSpan.FromMinutes(20));
        }
        started.Stop();
        TestContext.Progress.WriteLine($"packaging: tests/tools/publish.sh took {started.Elapsed.TotalSeconds:0} s (log: {log})");
        if (code != 0)
            throw new InvalidOperationException($"publish script exited {code}:\n" + Tail(log, 60));
        return new Built(output, started.Elapsed);
    }

    /// <summary>The last lines of a log, for failure messages.</summary>
    public static string Tail(string file, int lines) =>
        File.Exists(file) ? string.Join("\n", File.ReadLines(file).TakeLast(lines)) : "(no log)";

    /// <summary>
    /// What the script needs from the repository: the sources (without build outputs), the rules,
    /// the repository-wide build settings and the script itself.
    /// </summary>
    private static void CopySources(string repo, string to)
    {
        CopyTree(Path.Combine(repo, "src"), Path.Combine(to, "src"));
        CopyTree(Path.Combine(repo, "rules"), Path.Combine(to, "rules"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config" })
            if (File.Exists(Path.Combine(repo, file))) File.Copy(Path.Combine(repo, file), Path.Combine(to, file));
        Directory.CreateDirectory(Path.Combine(to, "tests", "tools"));
        foreach (var script in new[] { "publish.sh", "publish.ps1" })
            File.Copy(Path.Combine(repo, "tests", "tools", script), Path.Combine(to, "tests", "tools", script));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj") continue;
            CopyTree(dir, Path.Combine(to, name));
        }
    }
}

/// <summary>Removes the packaging tests' temporary folder once every test of the run is done.</summary>
[SetUpFixture]
public class PackagingCleanup
{
    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (!PublishedBuilds.Started) return;
        try { Directory.Delete(PublishedBuilds.Scratch, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TestContext.Progress.WriteLine($"packaging: could not remove {PublishedBuilds.Scratch}: {e.Message}");
        }
    }
}
