using System.Text;
using System.Text.Json;
using PerfRules.Cli;
using PerfRules.Files;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Tests.Cli;
using PerfRules.Runs;

namespace PerfRules.Tests.Ingest;

/// <summary>File size (PR006), line length (PR007) and findings per document (PR008): findings, not crashes.</summary>
public class LimitTests
{
    private static Linter With(long maxFileSize = ReadOptions.DefaultMaxFileSize, int maxLine = ReadOptions.DefaultMaxLineLength, int maxFindings = 1000) =>
        new(RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Options with { MaxFindingsPerDocument = maxFindings }),
            new SubmissionReader(new ReadOptions { MaxFileSize = maxFileSize, MaxLineLength = maxLine }));

    [Test]
    public void A_file_over_the_size_limit_is_not_read_and_gives_PR006()
    {
        var seed = TestPaths.Seed("003");
        var size = new FileInfo(seed).Length;
        var r = With(maxFileSize: size - 1).Check(seed).One();
        r.Submission.Kind.ShouldBe(SubmissionKind.Unknown);
        var f = r.Findings.ShouldHaveSingleItem();
        f.RuleId.ShouldBe("PR006");
        f.Severity.ShouldBe(Severity.Error);
        f.Message.ShouldContain("文件过大");
        // At the limit exactly it is read as usual.
        With(maxFileSize: size).Check(seed).One().Submission.Kind.ShouldBe(SubmissionKind.ProjectTargets);
    }

    [Test]
    public void Bytes_over_the_limit_give_PR006_too_and_the_default_is_20_MB()
    {
        ReadOptions.Default.MaxFileSize.ShouldBe(20L * 1024 * 1024);
        var bytes = new byte[20 * 1024 * 1024 + 1];
        var r = new Linter(RuleTestSupport.Builtin).Check(bytes, "big.txt").One();
        r.Findings.ShouldHaveSingleItem().RuleId.ShouldBe("PR006");
        new SubmissionReader().Read(bytes, "big.txt").One().Diagnostics.ShouldHaveSingleItem().RuleId.ShouldBe("PR006");
    }

    [Test]
    [Platform(Exclude = PlatformNames.Win, Reason = "/dev/zero is Unix")]
    public void Nothing_beyond_the_limit_is_read_from_a_stream_of_unknown_length()
    {
        // /dev/zero never ends and reports length 0: the reader must stop just past the limit.
        var (bytes, size) = BoundedFile.Read("/dev/zero", 100_000);
        bytes.ShouldBeNull();
        size.ShouldBeInRange(100_001, 100_000 + 81_920);
    }

    [Test]
    public void A_file_is_read_whole_at_its_size_and_past_the_limit_is_not()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-bounded-");
        try
        {
            foreach (var length in new[] { 0, 1, 4095, 4096, 4097, 100_000 })
            {
                var path = Path.Combine(dir.FullName, $"{length}.txt");
                var content = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
                File.WriteAllBytes(path, content);
                var (bytes, size) = BoundedFile.Read(path, 0);
                bytes.ShouldBe(content);
                size.ShouldBe(length);
                BoundedFile.Read(path, length == 0 ? 1 : length).Bytes.ShouldBe(content);
                if (length > 1) BoundedFile.Read(path, length - 1).ShouldBe(((byte[]?)null, (long)length));
            }
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void A_pooled_read_gives_the_same_bytes_and_the_same_limits()
    {
        // ReadPooled (the batch's reads) against Read: the same bytes in the buffer's first Length, the same
        // sizes and refusals; pooled only below MaxPooled, and a buffer given back is reused, never shared.
        var dir = Directory.CreateTempSubdirectory("perfrules-bounded-");
        try
        {
            foreach (var length in new[] { 0, 1, 4095, 4096, 4097, 100_000, BoundedFile.MaxPooled - 1, BoundedFile.MaxPooled + 5 })
            {
                var path = Path.Combine(dir.FullName, $"{length}.txt");
                var content = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + length)).ToArray();
                File.WriteAllBytes(path, content);
                foreach (var max in new long[] { 0, length == 0 ? 1 : length, length - 1 })
                {
                    if (max < 0 || (max == 0 && length == 1)) continue;
                    var (bytes, size) = BoundedFile.Read(path, max);
                    var (buffer, read, pooledSize, pooled) = BoundedFile.ReadPooled(path, max);
                    pooledSize.ShouldBe(size, $"{length} bytes, limit {max}");
                    if (bytes is null) { buffer.ShouldBeNull(); pooled.ShouldBeFalse(); continue; }
                    buffer.ShouldNotBeNull();
                    read.ShouldBe(length);
                    buffer.AsSpan(0, read).SequenceEqual(content).ShouldBeTrue($"{length} bytes, limit {max}");
                    pooled.ShouldBe(length > 0 && length < BoundedFile.MaxPooled, $"{length} bytes");
                    if (pooled) System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        finally { dir.Delete(true); }
    }

    [Test]
    [Platform(Exclude = PlatformNames.Win, Reason = "/proc is Linux")]
    public void A_pooled_read_of_a_file_that_reports_no_length_is_read_to_its_end()
    {
        var (buffer, length, size, pooled) = BoundedFile.ReadPooled("/proc/self/maps", 0);
        pooled.ShouldBeFalse(); // no known length: its own array, grown as Read grows it
        size.ShouldBe(length);
        length.ShouldBeGreaterThan(4096);
        Encoding.ASCII.GetString(buffer!, 0, length).ShouldEndWith("\n");
        BoundedFile.ReadPooled("/proc/self/maps", 1000).Buffer.ShouldBeNull();
    }

    [Test]
    [Platform(Exclude = PlatformNames.Win, Reason = "/proc is Linux")]
    public void A_file_that_reports_no_length_is_read_to_its_end()
    {
        // /proc files report length 0 and have bytes: read on past the first guess, to the end.
        var (bytes, size) = BoundedFile.Read("/proc/self/cmdline", 0);
        bytes.ShouldNotBeNull();
        size.ShouldBe(bytes.Length);
        bytes.ShouldBe(File.ReadAllBytes("/proc/self/cmdline"));
        var (maps, mapsSize) = BoundedFile.Read("/proc/self/maps", 0);
        mapsSize.ShouldBeGreaterThan(4096); // past the first 4 KB guess: the array grew
        Encoding.ASCII.GetString(maps!).ShouldEndWith("\n");
        BoundedFile.Read("/proc/self/maps", 1000).Bytes.ShouldBeNull();
    }

    [Test]
    public void Lines_over_the_length_limit_are_reported_and_not_parsed()
    {
        var seed = TestPaths.Seed("001");
        var lines = File.ReadAllLines(seed);
        var longOnes = Enumerable.Range(1, lines.Length).Where(i => lines[i - 1].Length > 200).ToList();
        longOnes.Count.ShouldBeInRange(1, lines.Length - 5);
        var doc = With(maxLine: 200).Check(seed).One().Submission;
        var pr007 = doc.Diagnostics.Where(d => d.RuleId == "PR007").ToList();
        pr007.Select(d => d.Span!.StartLine).ShouldBe(longOnes);
        pr007[0].Message.ShouldContain($"{lines[longOnes[0] - 1].Length} 个字符，上限 200");
        // Not parsed: no project, indicator or other diagnostic is built from those lines.
        var spans = doc.Projects.Select(p => p.Span).Concat(doc.AllIndicators.Select(i => i.Span))
            .Concat(doc.Diagnostics.Where(d => d.RuleId != "PR007").Select(d => d.Span)).Where(s => s is not null);
        spans.ShouldAllBe(s => !longOnes.Contains(s!.StartLine));
    }

    [Test]
    public void A_5_MB_line_is_one_PR007_and_the_rest_of_the_table_is_read()
    {
        var seed = File.ReadAllText(TestPaths.Seed("003"));
        var text = seed + "\n备注：" + new string('数', 5 * 1024 * 1024) + "\n";
        var r = new Linter(RuleTestSupport.Builtin).Check(Encoding.UTF8.GetBytes(text), "long.txt").One();
        r.Submission.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        var f = r.Findings.Where(x => x.RuleId == "PR007").ShouldHaveSingleItem();
        f.Span!.StartLine.ShouldBe(SourceText.SplitLines(text).ToList().FindIndex(l => l.Length > 1000) + 1);
        r.Snippets[f.Span.StartLine].Length.ShouldBeLessThanOrEqualTo(1001); // reports quote a bounded excerpt
        r.Findings.ShouldNotContain(x => x.IsRuleFailure);
    }

    [Test]
    public void Findings_past_the_cap_are_summed_up_in_one_PR008()
    {
        var seed = TestPaths.Seed("001");
        var all = With().Check(seed).One().Findings;
        all.Count.ShouldBeGreaterThan(4);
        var capped = With(maxFindings: 3).Check(seed).One().Findings;
        capped.Count.ShouldBe(4);
        capped.Take(3).ShouldBe(all.Take(3));
        var summary = capped[3];
        summary.RuleId.ShouldBe("PR008");
        summary.Severity.ShouldBe(Severity.Warning);
        summary.Message.ShouldContain($"另有 {all.Count - 3} 条未列出");
        foreach (var g in all.Skip(3).GroupBy(x => x.RuleId))
            summary.Message.ShouldContain($"{g.Key} {g.Count()} 条");
    }

    [Test]
    public void A_set_without_PR008_still_gets_the_summary()
    {
        var set = RuleTestSupport.CompileText("""
            ruleset: t
            rules:
              - id: EACH
                scope: project
                assert: "false"
                message: "{project.Name}"
            """).WithOptions(RuleTestSupport.Options with { MaxFindingsPerDocument = 2 });
        var r = new Linter(set).Check(TestPaths.Seed("001")).One();
        r.Findings.Count.ShouldBe(3);
        r.Findings[2].RuleId.ShouldBe("PR008");
        r.Findings[2].Message.ShouldContain("EACH");
    }

    [Test]
    public void The_cli_takes_the_limits_and_rejects_bad_values()
    {
        var dir = SeedReport.TempDir("limits");
        var json = Path.Combine(dir, "r.json");
        var (code, _, err) = CliRunner.Run("lint", TestPaths.Seed("001"), "--max-findings-per-document", "2", "--max-file-size", "20MB",
            "--format", "json", "--output", json, "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, err);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var findings = doc.RootElement.GetProperty("documents")[0].GetProperty("findings").EnumerateArray().ToList();
            findings.Count.ShouldBe(3);
            findings[2].GetProperty("ruleId").GetString().ShouldBe("PR008");
        }

        var (_, output, _) = CliRunner.Run("audit", TestPaths.Seed("001"), "--max-file-size", "1KB", "--fail-on", "never");
        output.ShouldContain("文件过大");

        CliRunner.Run("lint", TestPaths.Seed("001"), "--max-file-size", "lots").Code.ShouldBe(CliApp.CouldNotRun);
        CliRunner.Run("audit", TestPaths.Seed("001"), "--time-budget", "-1").Code.ShouldBe(CliApp.CouldNotRun);
        CliRunner.Run("lint", TestPaths.Seed("001"), "--max-line-length", "-5").Code.ShouldBe(CliApp.CouldNotRun);
    }
}
