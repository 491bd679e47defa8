using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using PerfRules.Cli;
using PerfRules.Reports;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Files;

namespace PerfRules.Tests.Cli;

/// <summary>
/// The real `perfrules` process (the apphost beside the tests) under faults only a process can
/// meet: stdout on /dev/full, a file-size limit (a disk that fills, as the kernel reports it), a
/// kill in the middle of writing a report, and Ctrl-C. Linux only (signals, /dev/full, ulimit).
/// </summary>
[NonParallelizable]
public class CliProcessFaultTests
{
    private const int SIGINT = 2, SIGKILL = 9, SIGCONT = 18, SIGSTOP = 19;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static string Exe => Path.Combine(TestContext.CurrentContext.TestDirectory, "perfrules");

    [OneTimeSetUp]
    public void Setup()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("signals, /dev/full and ulimit: Linux only");
        File.Exists(Exe).ShouldBeTrue(Exe);
        // The child processes find the built-in rules compiled in the test run's cache.
        _ = RuleTestSupport.Builtin;
    }

    /// <summary>Runs a shell command line with the CLI as $PR; returns the exit code and stderr.</summary>
    private static (int Code, string Err) Shell(string script, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.Environment["PR"] = Exe;
        psi.Environment["CACHE"] = RuleTestSupport.CacheDir;
        // The runtime's W^X double mapping needs a file as big as its code heap: not under a small ulimit -f.
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("the CLI did not finish: " + script);
        }
        return (p.ExitCode, err.Result);
    }

    private static string Q(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static string[] Temporaries(string dir) =>
        Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Where(AtomicFile.IsTemporary).ToArray();

    [Test, CancelAfter(120_000)]
    public void Stdout_on_dev_full_exits_2_with_one_chinese_line()
    {
        var (code, err) = Shell($"exec \"$PR\" lint {Q(TestPaths.Seed("003"))} --cache \"$CACHE\" > /dev/full");
        code.ShouldBe(CliApp.CouldNotRun, err);
        err.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("无法写入标准输出");
        err.ShouldContain("磁盘空间不足");
        err.ShouldNotContain("   at ");
    }

    [Test, CancelAfter(120_000)]
    public void A_file_size_limit_hit_mid_write_exits_2_and_leaves_the_old_report()
    {
        // SARIF of one small document is ~30 KB (the rule catalogue); the limit is 8 KB. The run's
        // own temporary data stays far below it. SIGXFSZ is ignored, so the write fails (EFBIG) as on a full disk.
        var dir = SeedReport.TempDir("cli-fsize");
        var doc = Path.Combine(dir, "note.txt");
        File.WriteAllText(doc, "会议纪要\n");
        var target = Path.Combine(dir, "r.sarif");
        File.WriteAllText(target, "old report");
        var (code, err) = Shell($"trap '' XFSZ; ulimit -f 8; exec \"$PR\" lint {Q(doc)} --format sarif --output {Q(target)} --cache \"$CACHE\"");
        code.ShouldBe(CliApp.CouldNotRun, err);
        err.Trim().Split('\n').ShouldHaveSingleItem();
        err.ShouldContain(target);
        err.ShouldContain("超过文件大小上限");
        err.ShouldContain("原有文件未改动");
        File.ReadAllText(target).ShouldBe("old report");
        Temporaries(dir).ShouldBeEmpty();
    }

    /// <summary>
    /// Starts an audit writing an HTML report over <paramref name="target"/> and stops the process
    /// (SIGSTOP) as soon as its temporary file appears, i.e. in the middle of the write. Returns the
    /// process and the temporary file's path, or null when the write finished before it was seen.
    /// </summary>
    private static (Process Process, string Temp)? StopMidWrite(string inputs, string target)
    {
        var psi = new ProcessStartInfo(Exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "audit", inputs, "--format", "html", "--output", target, "--quiet", "--fail-on", "never", "--cache", RuleTestSupport.CacheDir })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var dir = Path.GetDirectoryName(target)!;
        var watch = Stopwatch.StartNew();
        while (!p.HasExited && watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            var temp = Directory.EnumerateFiles(dir).FirstOrDefault(f => AtomicFile.IsTemporary(Path.GetFileName(f)));
            if (temp is null) continue;
            // Wait for the first bytes, so the stop is after the write began and before it ends.
            while (SizeOf(temp) == 0) { }
            kill(p.Id, SIGSTOP).ShouldBe(0);
            if (SizeOf(temp) > 0) return (p, temp);
            kill(p.Id, SIGCONT); // the rename won the race: let it finish
            break;
        }
        p.WaitForExit();
        p.Dispose();
        return null;
    }

    private static long SizeOf(string file)
    {
        try { return new FileInfo(file).Length; }
        catch (FileNotFoundException) { return -1; }
    }

    private static string Inputs(int copies)
    {
        var dir = SeedReport.TempDir("cli-kill-in");
        for (var i = 0; i < copies; i++) File.Copy(TestPaths.Seed("000"), Path.Combine(dir, $"d{i:000}.txt"));
        return dir;
    }

    [Test, CancelAfter(180_000)]
    public void Killed_mid_write_the_old_report_is_intact_and_the_next_run_clears_the_leftover()
    {
        var inputs = Inputs(40);
        var dir = SeedReport.TempDir("cli-kill");
        var target = Path.Combine(dir, "report.html");
        File.WriteAllText(target, "<p>old report</p>");
        (Process Process, string Temp)? stopped = null;
        for (var attempt = 0; attempt < 3 && stopped is null; attempt++) stopped = StopMidWrite(inputs, target);
        stopped.ShouldNotBeNull("the write was never caught in progress");
        var (p, temp) = stopped.Value;
        using (p)
        {
            SizeOf(temp).ShouldBeGreaterThan(0, "killed in the middle of the write");
            kill(p.Id, SIGKILL).ShouldBe(0);
            p.WaitForExit();
        }
        File.ReadAllText(target).ShouldBe("<p>old report</p>");
        Directory.GetFiles(dir).Where(f => f != target).ShouldBe(new[] { temp }, "only the dead process's hidden temporary file");

        // The next write of the same report removes what the killed process left.
        var (code, _, err) = CliRunner.Run("audit", inputs, "--format", "html", "--output", target, "--quiet", "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, err);
        File.Exists(temp).ShouldBeFalse();
        File.ReadAllText(target).ShouldContain("</html>");
        Temporaries(dir).ShouldBeEmpty();
    }

    [Test, CancelAfter(180_000)]
    public void Ctrl_C_mid_write_prints_one_line_deletes_the_temporary_file_and_exits_130()
    {
        var inputs = Inputs(80);
        var dir = SeedReport.TempDir("cli-sigint");
        var target = Path.Combine(dir, "report.html");
        File.WriteAllText(target, "<p>old report</p>");
        (Process Process, string Temp)? stopped = null;
        for (var attempt = 0; attempt < 3 && stopped is null; attempt++) stopped = StopMidWrite(inputs, target);
        stopped.ShouldNotBeNull("the write was never caught in progress");
        var (p, temp) = stopped.Value;
        using (p)
        {
            kill(p.Id, SIGINT).ShouldBe(0);
            kill(p.Id, SIGCONT).ShouldBe(0);
            p.WaitForExit(60_000).ShouldBeTrue();
            p.ExitCode.ShouldBe(130);
            var err = p.StandardError.ReadToEnd();
            err.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("已中断");
        }
        File.Exists(temp).ShouldBeFalse();
        Temporaries(dir).ShouldBeEmpty();
        // The handler runs on a thread of its own: the write may finish in the moment it takes to start.
        // Either way the report is never partial: the old one, or the whole new one.
        var now = File.ReadAllText(target);
        if (now != "<p>old report</p>") now.TrimEnd().ShouldEndWith("</html>");
    }

    [Test, CancelAfter(120_000)]
    public void Ctrl_C_while_checking_exits_130_and_writes_nothing()
    {
        var inputs = Inputs(40);
        var dir = SeedReport.TempDir("cli-sigint-early");
        var target = Path.Combine(dir, "r.json");
        var psi = new ProcessStartInfo(Exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "audit", inputs, "--format", "json", "--output", target, "--cache", RuleTestSupport.CacheDir })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        // The first progress line says a document is done: the run is under way, the report not yet begun.
        p.StandardError.ReadLine().ShouldNotBeNull().ShouldStartWith("[1/");
        kill(p.Id, SIGINT).ShouldBe(0);
        p.WaitForExit(60_000).ShouldBeTrue();
        p.ExitCode.ShouldBe(130);
        var rest = p.StandardError.ReadToEnd().Split('\n').Where(l => !l.StartsWith('[') && l.Length > 0).ToList();
        rest.ShouldHaveSingleItem().ShouldContain("已中断");
        File.Exists(target).ShouldBeFalse();
        Temporaries(dir).ShouldBeEmpty();
    }
}
