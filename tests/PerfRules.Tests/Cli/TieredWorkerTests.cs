using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

public class TieredWorkerTests
{
    // The nice value of a thread of this process (field 19 of its stat, after the name in parentheses).
    private static int Nice(int tid)
    {
        var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
    }

    [Test]
    public void A_thread_of_the_name_is_set_to_nice_19_and_the_others_are_left_alone()
    {
        if (!OperatingSystem.IsLinux()) return;
        var name = $"h6t{Environment.CurrentManagedThreadId % 1000}-{Random.Shared.Next(1000, 9999)}"; // under 15 bytes
        int tid = 0;
        using var started = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            tid = GetTid();
            started.Set();
            done.Wait();
        }) { Name = name, IsBackground = true };
        thread.Start();
        started.Wait();
        try
        {
            var before = Nice(GetTid()); // the test host may itself run niced
            Nice(tid).ShouldBe(before);
            TieredWorker.Lower("/proc/self/task", name).ShouldBeTrue();
            Nice(tid).ShouldBe(19);
            Nice(GetTid()).ShouldBe(before); // this thread, not of the name
            TieredWorker.Lower("/proc/self/task", name + "x").ShouldBeFalse();
        }
        finally
        {
            done.Set();
            thread.Join();
        }
    }

    [Test]
    public void Outside_the_cli_process_nothing_is_lowered()
    {
        // A test host runs the commands in process: its own worker must keep its priority.
        TieredWorker.OwnProcess.ShouldBeFalse();
        TieredWorker.Yield().ShouldBeFalse();
    }

    [Test]
    public void A_missing_task_folder_changes_nothing()
    {
        TieredWorker.Lower(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid()), "x").ShouldBeFalse();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();
}
