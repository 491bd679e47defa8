using System.Runtime.InteropServices;
using System.Text;

namespace PerfRules.Cli;

/// <summary>
/// A large audit runs with the JIT's tiered compilation off: its ReadyToRun code is then final instead of
/// compiled again at tier 1 once hot, which costs a few thousand documents' run about a fifth of its CPU, while
/// a lint or a small audit pays more (what ReadyToRun cannot hold is compiled fully optimised at once;
/// docs/performance.md, "Large audits without tiered compilation"). The runtime reads the switch for every
/// run from its runtimeconfig, or for one start from the environment; so an audit that finds it has many files
/// and its rules in the cache replaces itself (execve: the same process id, standard streams, signals and exit
/// code) with a fresh start of the same command line, with DOTNET_TieredCompilation=0 added to the environment.
/// Linux only (the exact command line and environment are in /proc/self); elsewhere the audit runs on as it is.
/// </summary>
internal static class Untiered
{
    /// <summary>`tiered`: never restart (the opt-out); `untiered`: restart whatever the count; unset: from <see cref="Threshold"/> files.</summary>
    public const string Variable = "PERFRULES_BATCH_JIT";

    /// <summary>Files from which the restart pays for itself (measured: docs/performance.md).</summary>
    public const int Threshold = 1000;

    /// <summary>Set in the restarted process's environment: it says so in its log, and never restarts again.</summary>
    internal const string Marker = "PERFRULES_UNTIERED";

    private const string Tiering = "DOTNET_TieredCompilation";

    /// <summary>Set by Program.Main: only the perfrules process itself is ever replaced, never a host that calls CliApp.Run.</summary>
    public static bool Allowed { get; set; }

    /// <summary>This process is the restarted one; its CPU time before the restart (the kernel keeps counting across execve).</summary>
    public static TimeSpan? Restarted { get; private set; }

    /// <summary>Program.Main, first thing: notes whether this process was restarted, and the CPU time spent before.</summary>
    public static void Notice()
    {
        if (Environment.GetEnvironmentVariable(Marker) == "1") Restarted = Environment.CpuUsage.TotalTime;
    }

    /// <summary>
    /// Whether an audit of <paramref name="files"/> files should restart untiered: <paramref name="cacheHit"/>
    /// (the rules came from the disk cache, where the new process finds them; compiled without tiering, Roslyn
    /// would cost seconds), the compiled engine, and neither the user (<paramref name="tieringSet"/>) nor
    /// <paramref name="setting"/> decides otherwise.
    /// </summary>
    internal static bool Wanted(int files, bool cacheHit, bool compiledEngine, string? setting, bool tieringSet, bool restarted)
    {
        if (restarted || tieringSet || !cacheHit || !compiledEngine || files == 0) return false;
        return setting switch
        {
            "tiered" => false,
            "untiered" => true,
            _ => files >= Threshold,
        };
    }

    /// <summary>
    /// Replaces this process with the same command line without tiered compilation when <see cref="Wanted"/>
    /// says so. Call it before anything is written or any output file is begun: the new process runs the
    /// command from the start. Returns only if it did not restart (then the run goes on here, as before).
    /// </summary>
    public static void RestartIfWanted(int files, bool cacheHit, bool compiledEngine, TextWriter stdout, TextWriter stderr)
    {
        if (!Allowed || !OperatingSystem.IsLinux()) return;
        var tieringSet = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Tiering))
                         || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("COMPlus_TieredCompilation"));
        if (!Wanted(files, cacheHit, compiledEngine, Environment.GetEnvironmentVariable(Variable), tieringSet, Restarted is not null)) return;
        byte[] cmdline, environ;
        try
        {
            cmdline = File.ReadAllBytes("/proc/self/cmdline");
            environ = File.ReadAllBytes("/proc/self/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        var argv = Split(cmdline);
        if (argv.Count == 0) return;
        // The environment as this process was started with it (raw bytes: nothing re-encoded), plus the switch.
        var env = Split(environ).Where(v => !StartsWith(v, Tiering + "=") && !StartsWith(v, Marker + "=")).ToList();
        env.Add(Encoding.UTF8.GetBytes(Tiering + "=0"));
        env.Add(Encoding.UTF8.GetBytes(Marker + "=1"));
        stdout.Flush();
        stderr.Flush();
        var held = new List<IntPtr>();
        try
        {
            var args = Pointers(argv, held);
            var envp = Pointers(env, held);
            execve("/proc/self/exe", args, envp);
            // Still here: the kernel refused (a seccomp policy, no /proc); the run goes on in this process.
        }
        finally
        {
            foreach (var p in held) Marshal.FreeHGlobal(p);
        }
    }

    private static List<byte[]> Split(byte[] block)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] != 0) continue;
            parts.Add(block[start..i]);
            start = i + 1;
        }
        if (start < block.Length) parts.Add(block[start..]);
        return parts;
    }

    private static bool StartsWith(byte[] entry, string prefix) => entry.AsSpan().StartsWith(Encoding.ASCII.GetBytes(prefix));

    // execve's argv and envp: NUL-terminated strings, then a null pointer.
    private static IntPtr[] Pointers(List<byte[]> strings, List<IntPtr> held)
    {
        var array = new IntPtr[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++)
        {
            var p = Marshal.AllocHGlobal(strings[i].Length + 1);
            held.Add(p);
            Marshal.Copy(strings[i], 0, p, strings[i].Length);
            Marshal.WriteByte(p, strings[i].Length, 0);
            array[i] = p;
        }
        return array;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv, IntPtr[] envp);
}
