using System.Text;
using PerfRules.Cli;
using PerfRules.Reports;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Runs;
using PerfRules.Files;

namespace PerfRules.Tests.Cli;

/// <summary>
/// In-process: whatever fails, the run ends with exit code 2 (never 1, which CI reads as findings),
/// one Chinese line and no stack trace; an output file that cannot be written leaves the old one.
/// A full disk is simulated through AtomicFile's stream seam (tests run as root on a roomy disk).
/// </summary>
[NonParallelizable]
public class ExitCodeAndOutputFaultTests
{
    private const int ENOSPC = 28;

    /// <summary>A stdout that fails as a full disk does.</summary>
    private sealed class FullDiskWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => throw new IOException("No space left on device", ENOSPC);
        public override void Write(string? value) => throw new IOException("No space left on device", ENOSPC);
        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device", ENOSPC);
    }

    private static (int Code, string Err) RunWith(TextWriter stdout, params string[] args)
    {
        var stderr = new StringWriter();
        var code = CliApp.Run(args.Concat(new[] { "--cache", RuleTestSupport.CacheDir }).ToArray(), stdout, stderr);
        return (code, stderr.ToString());
    }

    private static void ShouldBeOneChineseLineWithoutStackTrace(string err)
    {
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, err);
        err.ShouldNotContain("   at ");
        err.ShouldNotContain("Exception:");
        lines[0].Any(c => c >= 0x4E00 && c <= 0x9FFF).ShouldBeTrue(err);
    }

    private static string[] Temporaries(string dir) =>
        Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Where(AtomicFile.IsTemporary).ToArray();

    [TestCase("lint")]
    [TestCase("audit")]
    [TestCase("parse")]
    public void A_stdout_that_fails_exits_2_with_one_chinese_line(string command)
    {
        // parse takes no --cache.
        var args = command == "parse" ? new[] { "parse", TestPaths.Seed("003") } : new[] { command, TestPaths.Seed("003"), "--cache", RuleTestSupport.CacheDir };
        var stderr = new StringWriter();
        var code = CliApp.Run(args, new FullDiskWriter(), stderr);
        // audit's progress lines ("[1/1] file：n 条结果") come first; then the one line.
        var err = string.Join("\n", stderr.ToString().Split('\n').Where(l => !l.StartsWith("[1/1]")));
        code.ShouldBe(CliApp.CouldNotRun);
        ShouldBeOneChineseLineWithoutStackTrace(err);
        err.ShouldContain("无法写入标准输出");
        err.ShouldContain("磁盘空间不足");
    }

    [Test]
    public void An_output_path_that_cannot_be_written_exits_2_naming_it()
    {
        var dir = SeedReport.TempDir("cli-unwritable");
        var file = Path.Combine(dir, "plain.txt");
        File.WriteAllText(file, "x");
        var target = Path.Combine(file, "reports", "r.json");
        var stdout = new StringWriter();
        var (code, err) = RunWith(stdout, "lint", TestPaths.Seed("003"), "--format", "json", "--output", target);
        code.ShouldBe(CliApp.CouldNotRun);
        ShouldBeOneChineseLineWithoutStackTrace(err);
        err.ShouldContain(target);
        err.ShouldContain("未生成该文件");
        stdout.ToString().ShouldBeEmpty();
        Directory.GetFiles(dir).ShouldBe(new[] { file });

        // The same for baseline and for the rule catalogue.
        var (b, berr) = RunWith(new StringWriter(), "baseline", TestPaths.Seed("003"), "--output", target);
        b.ShouldBe(CliApp.CouldNotRun);
        berr.ShouldContain(target);
        var (d, derr) = RunWith(new StringWriter(), "rules", "docs", "--output", Path.Combine(file, "docs"));
        d.ShouldBe(CliApp.CouldNotRun);
        ShouldBeOneChineseLineWithoutStackTrace(derr);
    }

    [Test]
    public void Files_named_that_are_folders_or_unreadable_are_one_chinese_line_with_the_path()
    {
        var dir = SeedReport.TempDir("cli-folders");
        var seed = TestPaths.Seed("003");
        var cases = new[]
        {
            (new[] { "lint", seed, "--format", "json", "--output", dir }, dir, "这是一个文件夹，不是文件"),
            (new[] { "audit", seed, "--log", dir, "--quiet" }, dir, "这是一个文件夹，不是文件"),
            (new[] { "lint", seed, "--baseline", dir }, dir, "是一个文件夹，不是文件"),
            (new[] { "baseline", seed, "--output", dir }, dir, "这是一个文件夹，不是文件"),
            (new[] { "rules", "docs", "--output", seed }, seed, "是文件：--output 应是文件夹"),
        };
        foreach (var (args, path, words) in cases)
        {
            var stdout = new StringWriter();
            var (code, err) = RunWith(stdout, args);
            code.ShouldBe(CliApp.CouldNotRun, string.Join(' ', args));
            err.ShouldContain(path);
            err.ShouldContain(words);
            err.ShouldNotContain("Exception");
            err.ShouldNotContain("Access to the path");
            err.Split('\n')[0].Any(c => c >= 0x4E00 && c <= 0x9FFF).ShouldBeTrue(err);
            stdout.ToString().ShouldBeEmpty();
        }
        // A baseline that is not one: its reason in Chinese.
        var bad = Path.Combine(dir, "bad-baseline.json");
        File.WriteAllText(bad, "{ \"findings\": 3 }");
        var (c2, e2) = RunWith(new StringWriter(), "lint", seed, "--baseline", bad);
        c2.ShouldBe(CliApp.CouldNotRun);
        e2.ShouldContain($"无法读取基线文件“{bad}”：基线文件不是有效的 JSON");
    }

    [Test]
    public void A_full_disk_while_writing_the_baseline_leaves_the_old_baseline_intact()
    {
        var dir = SeedReport.TempDir("cli-baseline-full");
        var baseline = Path.Combine(dir, "perfrules-baseline.json");
        RunWith(new StringWriter(), "baseline", TestPaths.Seed("004"), "--output", baseline).Code.ShouldBe(CliApp.Ok);
        var old = File.ReadAllBytes(baseline);
        Baseline.Load(baseline).Entries.ShouldNotBeEmpty();

        // Seeds 000 and 003 give a much bigger baseline; the disk fills after 4 KB of it.
        AtomicFile.StreamForTests.Value = s => new AtomicFileTests.FullDiskStream(s, 4096);
        (int Code, string Err) run;
        try
        {
            run = RunWith(new StringWriter(), "baseline", TestPaths.Seed("000"), TestPaths.Seed("003"), "--output", baseline);
        }
        finally { AtomicFile.StreamForTests.Value = null; }
        run.Code.ShouldBe(CliApp.CouldNotRun);
        ShouldBeOneChineseLineWithoutStackTrace(run.Err);
        run.Err.ShouldContain(baseline);
        run.Err.ShouldContain("磁盘空间不足");
        run.Err.ShouldContain("原有文件未改动");
        File.ReadAllBytes(baseline).ShouldBe(old);
        Temporaries(dir).ShouldBeEmpty();
    }

    [TestCase("json")]
    [TestCase("html")]
    [TestCase("sarif")]
    [TestCase("junit")]
    [TestCase("csv")]
    [TestCase("xlsx")]
    [TestCase("summary")]
    [TestCase("text")]
    [TestCase("github")]
    public void Every_report_format_fails_without_touching_the_old_report(string format)
    {
        var dir = SeedReport.TempDir("cli-report-full");
        var target = Path.Combine(dir, "report." + format);
        File.WriteAllText(target, "old report");
        AtomicFile.StreamForTests.Value = s => new AtomicFileTests.FullDiskStream(s, 100);
        (int Code, string Err) run;
        try
        {
            run = RunWith(new StringWriter(), "audit", TestPaths.Seed("000"), "--format", format, "--output", target, "--quiet");
        }
        finally { AtomicFile.StreamForTests.Value = null; }
        run.Code.ShouldBe(CliApp.CouldNotRun, run.Err);
        run.Err.ShouldContain("原有文件未改动");
        File.ReadAllText(target).ShouldBe("old report");
        Temporaries(dir).ShouldBeEmpty();

        // And without the fault the report is written over the old one.
        RunWith(new StringWriter(), "audit", TestPaths.Seed("000"), "--format", format, "--output", target, "--quiet", "--fail-on", "never")
            .Code.ShouldBe(CliApp.Ok);
        File.ReadAllBytes(target).Length.ShouldBeGreaterThan(100);
    }

    [Test]
    public void An_unexpected_error_exits_2_not_1_with_one_line_and_the_details_in_the_log()
    {
        var dir = SeedReport.TempDir("cli-bug");
        var log = Path.Combine(dir, "run.log");
        AtomicFile.StreamForTests.Value = _ => throw new InvalidOperationException("simulated bug");
        (int Code, string Err) run;
        try
        {
            run = RunWith(new StringWriter(), "audit", TestPaths.Seed("003"), "--format", "json", "--output", Path.Combine(dir, "r.json"),
                "--quiet", "--log", log);
        }
        finally { AtomicFile.StreamForTests.Value = null; }
        run.Code.ShouldBe(CliApp.CouldNotRun);
        ShouldBeOneChineseLineWithoutStackTrace(run.Err);
        run.Err.ShouldContain("内部错误");
        run.Err.ShouldContain("simulated bug");
        // The log file has the whole story.
        var text = File.ReadAllText(log);
        text.ShouldContain("InvalidOperationException: simulated bug");
        text.ShouldContain("   at ");
        Temporaries(dir).ShouldBeEmpty();
    }

    [Test]
    public void With_PERFRULES_DEBUG_the_stack_trace_follows_the_line()
    {
        Environment.SetEnvironmentVariable(CliApp.DebugVariable, "1");
        AtomicFile.StreamForTests.Value = _ => throw new InvalidOperationException("simulated bug");
        (int Code, string Err) run;
        try
        {
            run = RunWith(new StringWriter(), "lint", TestPaths.Seed("003"), "--format", "json", "--output",
                Path.Combine(SeedReport.TempDir("cli-debug"), "r.json"));
        }
        finally
        {
            AtomicFile.StreamForTests.Value = null;
            Environment.SetEnvironmentVariable(CliApp.DebugVariable, null);
        }
        run.Code.ShouldBe(CliApp.CouldNotRun);
        run.Err.Split('\n')[0].ShouldContain("内部错误");
        run.Err.ShouldContain("   at ");
    }

    [Test]
    public void Crash_describes_common_failures_in_chinese()
    {
        CliApp.Describe(new AggregateException(new IOException("No space left on device", ENOSPC))).ShouldContain("磁盘空间不足");
        CliApp.Describe(new OutOfMemoryException()).ShouldContain("内存不足");
        CliApp.Describe(new UnauthorizedAccessException("denied")).ShouldContain("没有写入权限");
        CliApp.Describe(new NullReferenceException()).ShouldContain("内部错误");
        var stderr = new StringWriter();
        CliApp.Crash(new NullReferenceException(), stderr, verbose: false).ShouldBe(CliApp.CouldNotRun);
        stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
    }
}
