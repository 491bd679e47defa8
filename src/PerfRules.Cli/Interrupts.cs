using System.Runtime.InteropServices;
using PerfRules.Reports;
using PerfRules.Files;

namespace PerfRules.Cli;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM and SIGHUP: delete the output files still being written (the old
/// files stay as they were, see <see cref="AtomicFile"/>), print one Chinese line and exit with
/// 128 + the signal number (130 for Ctrl-C), as shells do.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    public const int InterruptedExitCode = 130;

    private readonly List<PosixSignalRegistration> _registrations = new();
    private readonly TextWriter _stderr;
    private int _fired;

    private Interrupts(TextWriter stderr) => _stderr = stderr;

    public static Interrupts Install(TextWriter stderr)
    {
        var i = new Interrupts(stderr);
        i.Register(PosixSignal.SIGINT, InterruptedExitCode, "已中断（Ctrl-C）：未写完的输出文件已删除，不会留下不完整的文件");
        i.Register(PosixSignal.SIGTERM, 143, "已终止（SIGTERM）：未写完的输出文件已删除，不会留下不完整的文件");
        i.Register(PosixSignal.SIGHUP, 129, "终端已关闭（SIGHUP）：未写完的输出文件已删除，不会留下不完整的文件");
        return i;
    }

    private void Register(PosixSignal signal, int exitCode, string message)
    {
        try
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true; // we end the process ourselves, after cleaning up
                Stop(exitCode, message);
            }));
        }
        catch (PlatformNotSupportedException) { /* that signal does not exist here */ }
    }

    private void Stop(int exitCode, string message)
    {
        // A second Ctrl-C while the first is handled changes nothing and prints nothing.
        if (Interlocked.Exchange(ref _fired, 1) == 1) return;
        AtomicFile.AbandonAll();
        try
        {
            // The progress bar hides the cursor; a terminal left without one is a poor way to end.
            if (ProgressDisplay.IsInteractive(_stderr)) _stderr.Write("\u001b[?25h\r\n");
            _stderr.WriteLine(message);
            _stderr.Flush();
        }
        catch (Exception) { /* nowhere to report to */ }
        Environment.Exit(exitCode);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
