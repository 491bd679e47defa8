using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PerfRules.Files;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Perf;

/// <summary>
/// How a batch's results are read back for its reports (issue 17): the summary's pass that reads only each
/// finding's rule id, severity and title, the reports' pipeline (renderers and the copy to the file), the
/// early write-back of a report file. Each is held to what the plain way gives.
/// </summary>
public class ReportReadBackTests
{
    private static string Batch => Path.Combine(TestPaths.Fixtures, "batch");

    /// <summary>The seeds and the batch fixture (whose cross-document findings are a second record under a document), as spilled batches.</summary>
    private static IEnumerable<TestCaseData> Spilled()
    {
        yield return new TestCaseData("seeds");
        yield return new TestCaseData("batch");
    }

    private static LintReport Audit(string name) => name == "seeds"
        ? SeedReport.Report
        : new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Batch }, new CheckOptions { Jobs = 2 }).Documents, IsAudit = true };

    [TestCaseSource(nameof(Spilled))]
    public void The_summary_pass_reads_each_findings_rule_severity_and_title_as_decoding_gives_them(string name)
    {
        var report = Audit(name);
        var spilled = 0;
        foreach (var d in report.Documents)
        {
            if (d.Findings is not SpilledFindings s) continue;
            spilled++;
            var tallied = new List<(string, Severity, string)>();
            s.Tally((id, severity, title) => tallied.Add((id.ToString(), severity, title.ToString())));
            tallied.ShouldBe(d.Findings.Select(f => (f.RuleId, f.Severity, f.Title)).ToList(), d.File);
        }
        spilled.ShouldBe(report.Documents.Count, "every document of a batch is spilled");
        report.Documents.Sum(d => d.Findings.Count).ShouldBeGreaterThan(0);
    }

    [TestCaseSource(nameof(Spilled))]
    public void The_summary_of_a_spilled_batch_is_that_of_its_findings_in_memory(string name)
    {
        var report = Audit(name);
        var held = new LintReport
        {
            RuleSet = report.RuleSet, IsAudit = true,
            Documents = report.Documents.Select(d => new DocumentResult
            {
                File = d.File, InputPath = d.InputPath, Submission = d.Submission, Findings = d.Findings.ToList(), ScopeMask = d.ScopeMask,
            }).ToList(),
        };
        var a = AuditSummary.Of(report);
        var b = AuditSummary.Of(held);
        a.Totals.ShouldBe(b.Totals);
        a.DocumentsWithFindings.ShouldBe(b.DocumentsWithFindings);
        a.ByRule.ShouldBe(b.ByRule);
        a.ByDepartment.ShouldBe(b.ByDepartment);
        a.WorstDocuments.ShouldBe(b.WorstDocuments);
        a.ByRule.Count.ShouldBeGreaterThan(1);
    }

    [Test]
    public void A_finding_of_a_rule_outside_the_rule_set_is_tallied_under_its_own_title()
    {
        var f = new Finding
        {
            RuleId = "XX999", Severity = Severity.Warning, Message = "m", Title = "外来规则", File = "a.txt", Path = "",
            RuleSet = "r", RuleSetVersion = "1", Fingerprint = "fp",
        };
        var seen = new List<(string, Severity, string)>();
        ResultCodec.Tally(ResultCodec.Encode(new[] { f, f with { RuleId = "PR101", Severity = Severity.Error, Fix = "改" } }, new Dictionary<int, string>()),
            (id, s, t) => seen.Add((id.ToString(), s, t.ToString())));
        seen.ShouldBe(new List<(string, Severity, string)> { ("XX999", Severity.Warning, "外来规则"), ("PR101", Severity.Error, "外来规则") });
    }

    [Test]
    public void The_summary_pass_allocates_nothing()
    {
        var record = ResultCodec.Encode(RuleTestSupport.Builtin.Evaluate(Seeds.Read("000")), new Dictionary<int, string>());
        var tallied = 0;
        ResultCodec.Tallied each = (id, severity, title) => tallied += id.Length + title.Length + (int)severity;
        ResultCodec.Tally(record, each);
        var before = GC.GetAllocatedBytesForCurrentThread();
        ResultCodec.Tally(record, each);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        tallied.ShouldBeGreaterThan(0);
    }

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static List<DocumentResult> Documents(int count) => Enumerable.Range(0, count).Select(k => new DocumentResult
    {
        File = $"{k:D3}.txt", Submission = SeedReport.Report.Documents[0].Submission,
        Findings = SeedReport.Report.Documents.First(d => d.Findings.Count > 0).Findings.Take(1 + k % 3).ToList(),
    }).ToList();

    private static void Items(Stream output, IReadOnlyList<DocumentResult> docs, int threads, Action<Utf8JsonWriter, DocumentResult> render)
    {
        using var w = new Utf8JsonWriter(output, Options);
        w.WriteStartArray();
        ParallelJsonItems.Write(w, output, Options, docs, threads, render);
        w.WriteEndArray();
    }

    [TestCase(2)]
    [TestCase(4)]
    public void A_renderers_failure_is_thrown_as_itself_after_the_chunks_before_it_and_nothing_waits_forever(int threads)
    {
        var docs = Documents(200);
        using var output = new MemoryStream();
        var e = Should.Throw<IOException>(() => Items(output, docs, threads, (x, d) =>
        {
            if (d.File == "150.txt") throw new IOException("临时文件被截断");
            x.WriteStringValue(d.File);
        }));
        e.Message.ShouldBe("临时文件被截断");
        // Documents are rendered four to a chunk, in order: everything before the failing chunk was written.
        var text = Encoding.UTF8.GetString(output.ToArray());
        text.ShouldContain("\"148.txt\"");
        text.ShouldNotContain("\"149.txt\"");
    }

    /// <summary>A file that fails after some bytes (a full disk).</summary>
    private sealed class Failing(long after) : Stream
    {
        private long _written;
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > after) throw new IOException("No space left on device", 28);
            _written += buffer.Length;
        }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void WriteByte(byte value) => Write([value]);
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Test]
    public void An_output_that_fails_stops_the_renderers_and_its_failure_is_thrown()
    {
        var docs = Documents(400);
        var rendered = 0;
        using var output = new Failing(20_000);
        Should.Throw<IOException>(() => Items(output, docs, 2, (x, d) =>
        {
            Interlocked.Increment(ref rendered);
            foreach (var f in d.Findings) JsonFormatter.WriteFinding(x, f, d);
        })).HResult.ShouldBe(28);
        // The renderers stop within their ring of chunks (two per renderer, four documents each) after the failure.
        rendered.ShouldBeLessThan(100);
    }

    [Test]
    public void A_message_and_its_fix_written_in_pieces_are_the_bytes_of_the_joined_string()
    {
        // Line breaks, quotes, tabs, characters outside the plane, and lone surrogates at either side of a join.
        string[] parts = ["达成率", "“引号”\t\"x\"", "a\ud83d\ude00b", "尾\ud800", "\udc00首", "\u2028\u0001", ""];
        foreach (var message in parts)
            foreach (var fix in parts)
            {
                byte[] Write(bool pieces)
                {
                    using var bytes = new MemoryStream();
                    using (var w = new Utf8JsonWriter(bytes, Options))
                    {
                        w.WriteStartObject();
                        if (pieces)
                        {
                            w.WritePropertyName("text");
                            w.WriteStringValueSegment(message, false);
                            w.WriteStringValueSegment("\n修改建议：", false);
                            w.WriteStringValueSegment(fix, true);
                        }
                        else w.WriteString("text", $"{message}\n修改建议：{fix}");
                        w.WriteEndObject();
                    }
                    return bytes.ToArray();
                }
                Write(true).ShouldBe(Write(false), $"{message} / {fix}");
            }
    }

    [Test]
    public void A_file_written_with_early_write_back_has_every_byte_in_order_and_a_zip_seeking_back_is_unchanged()
    {
        var dir = SeedReport.TempDir("writeback");
        var big = new byte[EarlyWriteback.Step * 2 + 12345];
        new Random(7).NextBytes(big);
        var path = Path.Combine(dir, "big.bin");
        AtomicFile.Write(path, s =>
        {
            for (var at = 0; at < big.Length; at += 70_000) s.Write(big.AsSpan(at, Math.Min(70_000, big.Length - at)));
        });
        File.ReadAllBytes(path).ShouldBe(big);

        // A zip writer on a seekable stream goes back to each entry's header: the same bytes through the file as in memory.
        void Zip(Stream s)
        {
            using var zip = new System.IO.Compression.ZipArchive(s, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
            foreach (var name in new[] { "a", "b" })
            {
                using var entry = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).Open();
                entry.Write(big);
            }
        }
        using var memory = new MemoryStream();
        Zip(memory);
        var zipPath = Path.Combine(dir, "big.zip");
        AtomicFile.Write(zipPath, Zip);
        File.ReadAllBytes(zipPath).ShouldBe(memory.ToArray());
    }
}
