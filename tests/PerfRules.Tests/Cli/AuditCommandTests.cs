using System.Text.Json;
using PerfRules.Cli;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Cli;

public class AuditCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private static string SeedsDir => Path.Combine(TestPaths.Fixtures, "seeds");

    [Test]
    public void Audit_of_the_seeds_prints_the_summary_and_reports_the_cross_document_mismatch()
    {
        var dir = SeedReport.TempDir("audit");
        var json = Path.Combine(dir, "r.json");
        var html = Path.Combine(dir, "r.html");
        var (code, output, err) = Run("audit", SeedsDir, "--format", "json", "--output", json, "--format", "html", "--output", html);
        code.ShouldBe(CliApp.Findings, err);
        output.ShouldContain("== 检查汇总 ==");
        output.ShouldContain("文件：共 5 个");
        output.ShouldContain("按部门：");
        output.ShouldContain("广州市协作办公室：文件 2 个");
        output.ShouldContain("按规则：");
        output.ShouldContain("问题最多的文件：");
        File.Exists(html).ShouldBeTrue();

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var docs = doc.RootElement.GetProperty("documents").EnumerateArray().ToList();
        docs.Count.ShouldBe(5);
        var pr108 = docs.SelectMany(d => d.GetProperty("findings").EnumerateArray()).Where(f => f.GetProperty("ruleId").GetString() == "PR108").ToList();
        pr108.Count.ShouldBe(1);
        pr108[0].GetProperty("file").GetString()!.ShouldContain("002_");
        var evidence = pr108[0].GetProperty("evidence");
        evidence.GetProperty("projectExpenditure").GetString().ShouldBe("270,769.27");
        evidence.GetProperty("projectTotal").GetString().ShouldBe("266,954.05");
        evidence.GetProperty("difference").GetString().ShouldBe("3,815.22");
        // It points at the 项目支出 cell of 002.
        var line = pr108[0].GetProperty("line").GetInt32();
        File.ReadAllLines(TestPaths.Seed("002"))[line - 1].ShouldContain("项目支出\t270,769.27");
    }

    [Test]
    public void Results_are_identical_whatever_the_number_of_jobs()
    {
        var linter = new Linter(RuleTestSupport.Builtin);
        string Json(int jobs) => ReportFormats.Render(new JsonFormatter(), linter.CheckAll(new[] { SeedsDir }, new CheckOptions { Jobs = jobs }));
        var one = Json(1);
        one.ShouldBe(Json(2));
        one.ShouldBe(Json(4));
    }

    [Test]
    [Platform(Exclude = PlatformNames.Win, Reason = "a symbolic link needs a privilege on Windows")]
    public void Every_input_is_accounted_for_even_the_unreadable_ones()
    {
        var dir = SeedReport.TempDir("mixed");
        File.Copy(TestPaths.Seed("003"), Path.Combine(dir, "a-good.txt"));
        File.WriteAllText(Path.Combine(dir, "b-notes.txt"), "会议纪要\n今天讨论了明年的工作安排。\n");
        File.WriteAllBytes(Path.Combine(dir, "c-empty.txt"), Array.Empty<byte>());
        File.WriteAllBytes(Path.Combine(dir, "d-binary.bin"), Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 256)).ToArray());
        // A dangling link cannot be opened, even by root (a chmod 000 file can).
        File.CreateSymbolicLink(Path.Combine(dir, "e-unreadable.txt"), Path.Combine(dir, "missing-target"));

        var json = Path.Combine(dir, "out", "r.json");
        var (code, output, err) = Run("audit", dir, "--jobs", "2", "--format", "json", "--output", json, "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, err);
        output.ShouldContain("文件：共 5 个（可识别的表 1 个，无法识别或读取 4 个）");
        foreach (var name in new[] { "b-notes.txt", "c-empty.txt", "d-binary.bin", "e-unreadable.txt" })
            output.Split('\n').ShouldContain(l => l.Contains(name) && l.Contains('：'), $"{name} listed with its reason");
        output.ShouldContain("文件不存在");

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var docs = doc.RootElement.GetProperty("documents").EnumerateArray().ToList();
        docs.Select(d => Path.GetFileName(d.GetProperty("file").GetString())).ShouldBe(new[] { "a-good.txt", "b-notes.txt", "c-empty.txt", "d-binary.bin", "e-unreadable.txt" });
        // Each file that could not be read counts as a finding.
        foreach (var d in docs.Skip(1))
            d.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("ruleId").GetString() == "PR001");

        Run("audit", dir, "--fail-on", "error", "--quiet").Code.ShouldBe(CliApp.Findings);
    }

    [Test]
    public void Progress_is_plain_lines_when_redirected_and_quiet_silences_it()
    {
        var (_, output, err) = Run("audit", SeedsDir, "--fail-on", "never");
        err.Split('\n').Count(l => l.StartsWith('[') && l.Contains("/5] ")).ShouldBe(5);
        output.ShouldContain("== 检查汇总 ==");

        var (code, quietOut, quietErr) = Run("audit", SeedsDir, "--quiet", "--fail-on", "never");
        code.ShouldBe(CliApp.Ok);
        quietOut.ShouldBeEmpty();
        quietErr.ShouldBeEmpty();
    }

    [Test]
    public void Logs_go_to_the_file_with_debug_detail_and_never_hold_document_contents()
    {
        var dir = SeedReport.TempDir("log");
        var log = Path.Combine(dir, "perfrules.log");
        var (_, _, err) = Run("audit", SeedsDir, "--quiet", "--verbose", "--log", log, "--fail-on", "never");
        err.ShouldContain("[DBG]");
        var text = File.ReadAllText(log);
        text.ShouldContain("002_e4d00f3207cadeea.txt");
        text.ShouldContain("DBG");
        foreach (var seed in Seeds.All)
            foreach (var line in File.ReadAllLines(seed).Select(l => l.Trim()).Where(l => l.Length >= 8).Distinct())
                text.ShouldNotContain(line);
    }

    [Test]
    public void Progress_lines_and_log_events_from_two_workers_never_land_inside_each_other()
    {
        // Each worker writes a progress line and a debug event per file to the same stderr.
        var dir = SeedReport.TempDir("interleave");
        var seeds = Seeds.All.ToArray();
        for (var k = 0; k < 150; k++)
            File.Copy(seeds[k % seeds.Length], Path.Combine(dir, $"{k:D3}_{Path.GetFileName(seeds[k % seeds.Length])}"));
        // A writer as slow as a terminal, so that a write from the other worker has time to land in between.
        var stderr = new SlowWriter();
        CliApp.Run(["audit", dir, "--verbose", "--jobs", "2", "--fail-on", "never", "--format", "summary", "--cache", RuleTestSupport.CacheDir],
            new StringWriter(), stderr);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var progress = new System.Text.RegularExpressions.Regex(@"^\[\d+/150\] .+：\d+ 条结果$");
        var checkedEvent = new System.Text.RegularExpressions.Regex(@"^\[DBG\] 已检查 .+，\d+ 字节，\d+ 条结果，用时 \d+ 毫秒$");
        foreach (var line in lines)
            line.ShouldMatch(@"^\[(\d+/150|DBG|INF|WRN|ERR)\] ", $"a line that is neither a progress line nor a log event: {line}");
        lines.Count(l => progress.IsMatch(l)).ShouldBe(150);
        lines.Count(l => checkedEvent.IsMatch(l)).ShouldBe(150);
    }

    private sealed class SlowWriter : StringWriter
    {
        public override void Write(char value) { Thread.Sleep(1); base.Write(value); }
        public override void Write(string? value) { Thread.Sleep(1); base.Write(value); }
        public override void Write(char[] buffer, int index, int count) { Thread.Sleep(1); base.Write(buffer, index, count); }
        public override void Write(ReadOnlySpan<char> buffer) { Thread.Sleep(1); base.Write(buffer); }
    }

    [Test]
    public void The_log_file_alone_still_gets_each_document_at_debug_level_and_stderr_none()
    {
        // Events below every sink's level are dropped before they are built; the file's level must still count.
        var dir = SeedReport.TempDir("log-only");
        var log = Path.Combine(dir, "perfrules.log");
        var (_, _, err) = Run("audit", SeedsDir, "--quiet", "--log", log, "--fail-on", "never");
        err.ShouldNotContain("[DBG]");
        var text = File.ReadAllText(log);
        var checkedLines = text.Split('\n').Where(l => l.Contains("[DBG]") && l.Contains("已检查")).ToList();
        foreach (var seed in Seeds.All) checkedLines.ShouldContain(l => l.Contains(Path.GetFileName(seed)));
    }

    [Test]
    public void The_fingerprint_column_is_in_the_spreadsheets_only_when_asked_for()
    {
        var dir = SeedReport.TempDir("fingerprints");
        string Header(params string[] extra)
        {
            var csv = Path.Combine(dir, $"r{extra.Length}.csv");
            var (code, _, err) = Run(new[] { "audit", SeedsDir, "--quiet", "--fail-on", "never", "--format", "csv", "--output", csv }.Concat(extra).ToArray());
            code.ShouldBe(CliApp.Ok, err);
            return File.ReadLines(csv).First();
        }
        Header().ShouldNotContain("指纹");
        var with = Header("--fingerprints");
        with.ShouldContain(",指纹");
        with.Replace(",指纹", "").ShouldBe(Header());
    }

    [Test]
    public void Bad_arguments_exit_2()
    {
        Run("audit", SeedsDir, "--format", "xlsx").Code.ShouldBe(CliApp.CouldNotRun); // binary format needs --output
        Run("audit", SeedsDir, "--format", "nope").Code.ShouldBe(CliApp.CouldNotRun);
        Run("audit", SeedsDir, "--jobs", "-1").Code.ShouldBe(CliApp.CouldNotRun);
        Run("audit", SeedsDir, "--baseline", "/nonexistent/baseline.json").Code.ShouldBe(CliApp.CouldNotRun);
    }

    [Test]
    public void Max_findings_limits_the_listing_but_not_the_summary()
    {
        var dir = SeedReport.TempDir("max");
        var json = Path.Combine(dir, "r.json");
        var (_, output, _) = Run("audit", SeedsDir, "--max-findings", "3", "--format", "json", "--output", json, "--fail-on", "never");
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("documents").EnumerateArray().Sum(d => d.GetProperty("findings").GetArrayLength()).ShouldBe(3);
        var total = SeedReport.Report.Findings.Count();
        output.ShouldContain($"结果：共 {total} 条");
        output.ShouldContain($"另有 {total - 3} 条结果未列出");
    }
}
