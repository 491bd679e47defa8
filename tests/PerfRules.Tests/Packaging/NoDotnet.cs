namespace PerfRules.Tests.Packaging;

/// <summary>
/// A machine without .NET, as far as a child process can be given one: the environment without
/// any DOTNET_/COREHOST_/MSBuild variable and PATH without any folder holding a dotnet executable;
/// and, on Linux where a mount namespace can be made (root, or unprivileged user namespaces), every
/// .NET installation folder hidden under an empty tmpfs. <see cref="Masked"/> says whether the
/// folders are hidden; the tests then also check that a framework-dependent program cannot start.
/// </summary>
internal static class NoDotnet
{
    private static readonly string[] DroppedPrefixes = { "DOTNET_", "COREHOST_", "MSBUILD", "NUGET_", "VSTEST", "TESTINGPLATFORM" };

    /// <summary>The environment of this process minus everything that points at a .NET installation.</summary>
    public static Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)e.Key;
            if (DroppedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))) continue;
            env[name] = (string?)e.Value ?? "";
        }
        var pathName = env.Keys.FirstOrDefault(k => k.Equals("PATH", StringComparison.OrdinalIgnoreCase)) ?? "PATH";
        var kept = (env.GetValueOrDefault(pathName) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(dir => !HasDotnet(dir));
        env[pathName] = string.Join(Path.PathSeparator, kept);
        return env;
    }

    /// <summary>True when a folder holds a dotnet executable or is inside a .NET installation.</summary>
    public static bool HasDotnet(string dir) =>
        File.Exists(Path.Combine(dir, "dotnet")) || File.Exists(Path.Combine(dir, "dotnet.exe"))
        || Installations.Any(root => Path.GetFullPath(dir).StartsWith(root, StringComparison.Ordinal));

    /// <summary>The .NET installation folders that exist here: this run's, $DOTNET_ROOT, and the usual global places.</summary>
    public static IReadOnlyList<string> Installations { get; } = new[]
        {
            ProcessRunner.DotnetRoot,
            System.Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            "/usr/share/dotnet", "/usr/lib/dotnet", "/usr/local/share/dotnet", "/opt/dotnet", "/etc/dotnet",
            Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".dotnet"),
        }
        .Where(d => !string.IsNullOrEmpty(d) && Directory.Exists(d))
        .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!)))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    private static readonly Lazy<bool> CanMask = new(() =>
    {
        if (!OperatingSystem.IsLinux() || Which("sh") is null) return false;
        if (Which("unshare") is null || Which("mount") is null || Which("true") is null) return false;
        var probe = ProcessRunner.Run(Which("unshare")!, WrapperArgs(Which("true")!, Array.Empty<string>()), Environment(), timeout: TimeSpan.FromMinutes(1));
        if (probe.Code != 0) TestContext.Progress.WriteLine($"packaging: cannot hide the .NET folders (unshare: {probe.Err.Trim()}); the environment alone is stripped");
        return probe.Code == 0;
    });

    /// <summary>True when the child processes run with every .NET installation folder hidden.</summary>
    public static bool Masked => CanMask.Value;

    /// <summary>Runs a program on a machine without .NET (see the class comment).</summary>
    public static ProcessRunner.Outcome Run(string exe, params string[] args) =>
        Masked
            ? ProcessRunner.Run(Which("unshare")!, WrapperArgs(exe, args), Environment())
            : ProcessRunner.Run(exe, args, Environment());

    /// <summary>A program's full path by this process's PATH (the stripped one may lack /usr/bin, which holds a dotnet link).</summary>
    public static string? Which(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static IEnumerable<string> WrapperArgs(string exe, IReadOnlyList<string> args)
    {
        var list = new List<string>();
        // As root a mount namespace is enough; otherwise map the user to root in a new user namespace.
        if (System.Environment.UserName != "root") list.Add("-r");
        list.AddRange(new[] { "-m", "--propagation", "private", Which("sh")!, "-c",
            // Mount an empty tmpfs over each folder given before "--", then run the program.
            "mount=$1; shift; while [ \"$1\" != -- ]; do \"$mount\" -t tmpfs none \"$1\" || exit 97; shift; done; shift; exec \"$@\"",
            "sh", Which("mount")! });
        list.AddRange(Installations);
        list.Add("--");
        list.Add(exe);
        list.AddRange(args);
        return list;
    }
}
