using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using PerfRules.Cli;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Cli;

/// <summary>lint --watch: a second result after the table is saved the way Excel and WPS save it, until Ctrl-C.</summary>
[NonParallelizable]
public class WatchTests
{
    private const int SIGINT = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>Saves like Excel: a new temporary file, a lock file, the old table renamed away, the new one renamed into place, the leftovers deleted.</summary>
    private static void SaveLikeExcel(string table, string newText)
    {
        var dir = Path.GetDirectoryName(table)!;
        var temp = Path.Combine(dir, "A1B2C3D4");
        var lockFile = Path.Combine(dir, "~$" + Path.GetFileName(table));
        var backup = Path.Combine(dir, "~WRL0001.tmp");
        File.WriteAllText(lockFile, "clerk");
        File.WriteAllText(temp, newText);
        File.Move(table, backup);
        File.Move(temp, table);
        File.Delete(backup);
        File.Delete(lockFile);
    }

    [Test, CancelAfter(180_000)]
    [Platform(Exclude = PlatformNames.Win, Reason = "Ctrl-C is sent as SIGINT")]
    public void A_save_checks_again_and_ctrl_c_ends_the_watch()
    {
        _ = RuleTestSupport.Builtin; // compiled once into the cache the process uses
        var dir = SeedReport.TempDir("cli-watch");
        var table = Path.Combine(dir, "表003.txt");
        var text = File.ReadAllText(Seeds.Path0("003"));
        File.WriteAllText(table, text);

        using var p = LocaleProcessTests.Start(new[] { "lint", dir, "--watch", "--cache", RuleTestSupport.CacheDir }, new Dictionary<string, string?> { ["LANG"] = "C" });
        var lines = new BlockingCollection<string>();
        var err = new ConcurrentQueue<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) err.Enqueue(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        string Next(string startsWith)
        {
            while (lines.TryTake(out var line, TimeSpan.FromSeconds(90)))
                if (line.StartsWith(startsWith, StringComparison.Ordinal)) return line;
            Assert.Fail($"no line starting with {startsWith}; stderr:\n{string.Join('\n', err)}");
            return "";
        }
        try
        {
            // Seed 003 has one error, PR401 (95% against 95%以上); the clerk fixes it and saves.
            Next("共检查 1 个文件：").ShouldStartWith("共检查 1 个文件：1 个错误");
            SaveLikeExcel(table, text.Replace("95%以上", "95%"));
            // The lock and temporary files never became documents of their own.
            Next("共检查 1 个文件：").ShouldStartWith("共检查 1 个文件：0 个错误");

            kill(p.Id, SIGINT).ShouldBe(0);
            p.WaitForExit(60_000).ShouldBeTrue();
            p.WaitForExit();
            p.ExitCode.ShouldBe(130);
            err.ShouldContain(l => l.Contains("文件已更改，重新检查"));
            err.ShouldContain(l => l.StartsWith("已中断（Ctrl-C）"));
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    [Test, CancelAfter(240_000)]
    [Platform(Exclude = PlatformNames.Win, Reason = "Ctrl-C is sent as SIGINT")]
    public void An_edited_rule_is_reloaded_and_a_broken_one_is_reported_without_checking_with_the_old_rules()
    {
        var dir = SeedReport.TempDir("cli-watch-rules");
        var table = Path.Combine(dir, "表003.txt");
        File.WriteAllText(table, File.ReadAllText(Seeds.Path0("003")));
        var rules = Path.Combine(SeedReport.TempDir("cli-watch-rules-set"), "rules");
        Directory.CreateDirectory(rules);
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.Repo, "rules"), "*.yaml"))
            File.Copy(f, Path.Combine(rules, Path.GetFileName(f)));
        var core = Path.Combine(rules, "core.yaml");
        var original = File.ReadAllText(core);

        using var p = LocaleProcessTests.Start(new[] { "lint", table, "--rules", rules, "--watch", "--cache", RuleTestSupport.CacheDir }, new Dictionary<string, string?> { ["LANG"] = "C" });
        var lines = new BlockingCollection<string>();
        var err = new BlockingCollection<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Add(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) err.Add(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var errSeen = new List<string>();
        string Next(BlockingCollection<string> from, string contains)
        {
            while (from.TryTake(out var line, TimeSpan.FromSeconds(120)))
            {
                if (from == err) errSeen.Add(line);
                if (line.Contains(contains, StringComparison.Ordinal)) return line;
            }
            Assert.Fail($"no line with {contains}; stderr:\n{string.Join('\n', errSeen)}");
            return "";
        }
        try
        {
            Next(lines, "共检查 1 个文件：").ShouldStartWith("共检查 1 个文件：1 个错误"); // PR401, an error
            Next(err, "正在监视");

            // The reviewer makes PR401 a warning: the watch compiles the edited rules and checks again.
            var warning = Regex.Replace(original, @"(- id: PR401\r?\n(?:.*\r?\n)*?\s+severity: )error", "${1}warning");
            warning.ShouldNotBe(original);
            File.WriteAllText(core, warning);
            Next(err, "规则已更改");
            Next(lines, "共检查 1 个文件：").ShouldStartWith("共检查 1 个文件：0 个错误");
            Next(err, "正在监视");

            // A broken rule file: its place is reported and the table is not checked with the old rules.
            File.WriteAllText(core, original.Replace("- id: PR401", "- id: PR401\n    severity: [unclosed"));
            Next(err, "规则已更改");
            Next(err, "core.yaml:");
            Next(err, "规则文件有错误");
            lines.TryTake(out var stale, TimeSpan.FromSeconds(2)).ShouldBeFalse(stale);

            // Fixed again: checked with the original rules.
            File.WriteAllText(core, original);
            Next(lines, "共检查 1 个文件：").ShouldStartWith("共检查 1 个文件：1 个错误");

            kill(p.Id, SIGINT).ShouldBe(0);
            p.WaitForExit(60_000).ShouldBeTrue();
            p.WaitForExit();
            p.ExitCode.ShouldBe(130);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    [Test, CancelAfter(30_000)]
    public void The_watcher_waits_for_the_files_to_settle()
    {
        // Polls scripted as an Excel save looks: unchanged, the table gone (renamed away), back
        // with a new size, touched again, then settled.
        static IReadOnlyDictionary<string, (long, DateTime)> Snap(long? length) =>
            length is { } n ? new Dictionary<string, (long, DateTime)> { ["t.xlsx"] = (n, new DateTime(2026, 1, 1).AddTicks(n)) } : new Dictionary<string, (long, DateTime)>();
        var polls = new Queue<IReadOnlyDictionary<string, (long, DateTime)>>(new[] { Snap(10), Snap(10), Snap(null), Snap(12), Snap(13), Snap(13), Snap(13), Snap(99) });
        var taken = 0;
        var watcher = new ChangeWatcher(() => { taken++; return polls.Count > 1 ? polls.Dequeue() : polls.Peek(); })
        {
            Interval = TimeSpan.FromMilliseconds(1), QuietPolls = 2,
        };
        var settled = watcher.WaitForChange(Snap(10));
        settled.ShouldNotBeNull();
        settled["t.xlsx"].Length.ShouldBe(13);
        taken.ShouldBe(7); // not before the two quiet polls after the last change

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var still = new ChangeWatcher(() => Snap(13)) { Interval = TimeSpan.FromMilliseconds(5) };
        still.WaitForChange(Snap(13), cancel.Token).ShouldBeNull(); // nothing changes: only cancelling ends the wait
    }

    [Test]
    public void A_snapshot_has_the_size_and_time_of_each_existing_file()
    {
        var dir = SeedReport.TempDir("cli-snap");
        var file = Path.Combine(dir, "t.txt");
        File.WriteAllText(file, "abc");
        var snap = ChangeWatcher.Snapshot(new[] { file, Path.Combine(dir, "missing.txt") });
        snap.Keys.ShouldBe(new[] { file });
        snap[file].Length.ShouldBe(3);
        File.AppendAllText(file, "d");
        ChangeWatcher.Same(snap, ChangeWatcher.Snapshot(new[] { file })).ShouldBeFalse();
    }
}
