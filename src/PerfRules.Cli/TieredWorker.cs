using System.Runtime.InteropServices;

namespace PerfRules.Cli;

/// <summary>
/// The runtime's tiered-compilation worker set to the lowest priority once a run's documents are checked (Linux).
/// What it still has queued then is the checks' code (readers, rules, LINQ) to recompile at tier 1, which will not run
/// again before the process exits; the report's own code is compiled fully optimised at first call
/// (<c>AggressiveOptimization</c>) and does not wait for it. On two cores it took about a quarter of the report phase's
/// CPU from the two renderers and the writer (docs/performance.md, h-report6). At nice 19 it still runs when a core is
/// idle. The CLI's policy for a run that ends after its report (not <c>lint --watch</c>: an unprivileged process cannot
/// raise the priority again); the service never calls it.
/// </summary>
internal static class TieredWorker
{
    // The thread's name as the kernel keeps it (15 bytes of ".NET Tiered Compilation Worker").
    private const string Name = ".NET Tiered Com";
    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int prio);

    /// <summary>Set by <see cref="Program.Main"/>: the process is the CLI's own (a test host runs commands in process and goes on).</summary>
    public static bool OwnProcess { get; set; }

    /// <summary>
    /// Lowers the worker's priority in the CLI's own process; returns whether a worker was found and lowered. Any failure
    /// changes nothing.
    /// </summary>
    public static bool Yield() => OwnProcess && OperatingSystem.IsLinux() && Lower("/proc/self/task", Name);

    /// <summary>Sets every thread of this process named <paramref name="name"/> (in <paramref name="tasks"/>) to nice 19.</summary>
    internal static bool Lower(string tasks, string name)
    {
        try
        {
            var lowered = false;
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                string comm;
                try { comm = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'); }
                catch (IOException) { continue; } // the thread ended meanwhile
                if (comm != name || !int.TryParse(Path.GetFileName(task), out var tid)) continue;
                lowered |= SetPriority(PrioProcess, tid, 19) == 0;
            }
            return lowered;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }
}
