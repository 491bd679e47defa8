using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Reports.Office;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Reports;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The report writers do not hold the report (issue 17): a JSON or SARIF file of any size is handed to
/// its stream as it is made, each document's findings are read once, and what a writer allocates per
/// document does not grow with the run. Everything here counts bytes and calls, never time, so it
/// cannot flake on a busy machine.
/// </summary>
[NonParallelizable] // allocation is counted over the whole process
public class StreamingReportTests
{
    /// <summary>The seeds' audit, read back once and held (so the writers' own allocation is what is measured).</summary>
    private static readonly Lazy<List<DocumentResult>> Seeds = new(() => SeedReport.Report.Documents.Select(d => new DocumentResult
    {
        File = d.File, InputPath = d.InputPath, Submission = d.Submission, ScopeMask = d.ScopeMask,
        Findings = d.Findings.ToList(), Snippets = new Dictionary<int, string>(d.Snippets),
    }).ToList());

    /// <summary>
    /// The seeds' audit repeated <paramref name="copies"/> times over (document k is seed k mod 5), as
    /// a batch gives it (counts known beforehand), each document's findings counting how often they are enumerated.
    /// </summary>
    private sealed class Repeated(int copies) : IReadOnlyList<DocumentResult>
    {
        public int[] Enumerations { get; } = new int[Seeds.Value.Count * copies];
        public int Count => Enumerations.Length;

        public DocumentResult this[int index]
        {
            get
            {
                var d = Seeds.Value[index % Seeds.Value.Count];
                return new DocumentResult
                {
                    File = $"{index:D5}-{d.File}", InputPath = $"{index:D5}-{d.InputPath}", Submission = d.Submission, ScopeMask = d.ScopeMask,
                    Snippets = d.Snippets, Findings = new Counted(d.Findings, () => Enumerations[index]++),
                    Counts = d.Counts, HasRuleFailure = d.HasRuleFailure,
                };
            }
        }

        public IEnumerator<DocumentResult> GetEnumerator()
        {
            for (var k = 0; k < Count; k++) yield return this[k];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class Counted(IReadOnlyList<Finding> inner, Action enumerated) : IReadOnlyList<Finding>
    {
        public int Count => inner.Count;
        public Finding this[int index] => inner[index];
        public IEnumerator<Finding> GetEnumerator()
        {
            enumerated();
            return inner.GetEnumerator();
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A stream that keeps nothing: counts the bytes and the largest single write.</summary>
    private sealed class Counting : Stream
    {
        public long Written { get; private set; }
        public int LargestWrite { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) { Written += buffer.Length; LargestWrite = Math.Max(LargestWrite, buffer.Length); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static (Counting Output, Repeated Documents, long Allocated) Write(IReportFormatter format, int copies)
    {
        var docs = new Repeated(copies);
        var report = new LintReport { RuleSet = SeedReport.Report.RuleSet, Documents = docs, IsAudit = true };
        // The summary (which the workbook shows) reads every document once; it is not the writer's doing.
        _ = report.Summary;
        Array.Clear(docs.Enumerations);
        var output = new Counting();
        // Every thread's: the JSON writers render documents on all cores (ParallelJsonItems).
        var before = GC.GetTotalAllocatedBytes(precise: true);
        format.Write(report, output);
        return (output, docs, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    private static IEnumerable<IReportFormatter> JsonFormats() => new IReportFormatter[] { new JsonFormatter(), new SarifFormatter() };

    [TestCaseSource(nameof(JsonFormats))]
    public void A_json_report_goes_to_its_stream_as_it_is_made_and_reads_each_document_once(IReportFormatter format)
    {
        var (output, docs, _) = Write(format, 60);
        // Several megabytes in writes of at most the flush size plus one document (seed 000's findings are about 250 KB of SARIF).
        output.Written.ShouldBeGreaterThan(5_000_000, format.Name);
        output.LargestWrite.ShouldBeLessThan(512 * 1024, format.Name);
        // Each document's findings are read once (a spilled batch decodes a document each time they are).
        docs.Enumerations.ShouldAllBe(n => n <= 1, format.Name);
        docs.Enumerations.Count(n => n == 1).ShouldBe(Seeds.Value.Count(d => d.Findings.Count > 0) * 60, format.Name);
    }

    [TestCaseSource(nameof(JsonFormats))]
    public void What_a_json_writer_allocates_per_document_does_not_grow_with_the_run(IReportFormatter format)
    {
        Write(format, 5); // warm
        var (small, _, a) = Write(format, 20);
        var (large, _, b) = Write(format, 80);
        // Allocation per output byte: a writer that gathered the report (a growing buffer, then a string
        // of it) allocated several bytes per byte written, and more the larger the report.
        var perByteSmall = (double)a / small.Written;
        var perByteLarge = (double)b / large.Written;
        TestContext.Out.WriteLine($"{format.Name}: {perByteSmall:F3} and {perByteLarge:F3} bytes allocated per byte written");
        // 2026-12-02: json 0.32, sarif 0.27 (the SARIF message and its fix are no longer joined into a string per finding).
        perByteLarge.ShouldBeLessThan(format is SarifFormatter ? 0.31 : 0.36, format.Name);
        perByteLarge.ShouldBeLessThan(perByteSmall * 1.1, format.Name);
    }

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(8)]
    public void Items_rendered_on_several_threads_are_the_bytes_one_writer_gives(int threads)
    {
        // 43 documents: the first three and every fourth without items, the others one to three (seed findings).
        var seeds = Seeds.Value.Where(d => d.Findings.Count > 0).ToList();
        var docs = Enumerable.Range(0, 43).Select(k => new DocumentResult
        {
            File = $"{k:D2}.txt", Submission = seeds[0].Submission,
            Findings = k < 3 || k % 4 == 0 ? [] : seeds[k % seeds.Count].Findings.Take(1 + k % 3).ToList(),
        }).ToList();
        var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        string Render(int n)
        {
            using var bytes = new MemoryStream();
            using (var w = new Utf8JsonWriter(bytes, options))
            {
                w.WriteStartObject();
                w.WriteStartArray("items");
                ParallelJsonItems.Write(w, bytes, options, docs, n, (x, d) =>
                {
                    foreach (var f in d.Findings) JsonFormatter.WriteFinding(x, f, d);
                });
                w.WriteEndArray();
                w.WriteString("after", "end");
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
        }
        var one = Render(1);
        using (var parsed = JsonDocument.Parse(one))
            parsed.RootElement.GetProperty("items").GetArrayLength().ShouldBe(docs.Sum(d => d.Findings.Count));
        Render(threads).ShouldBe(one);
    }

    [Test]
    public void The_json_report_written_in_pieces_is_one_document_the_same_as_through_a_text_writer()
    {
        var report = new LintReport { RuleSet = SeedReport.Report.RuleSet, Documents = new Repeated(8), IsAudit = true };
        foreach (var format in JsonFormats())
        {
            using var bytes = new MemoryStream();
            format.Write(report, bytes);
            var text = System.Text.Encoding.UTF8.GetString(bytes.ToArray());
            text.ShouldBe(ReportFormats.Render(format, report), format.Name);
            using var doc = JsonDocument.Parse(text);
            doc.RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
        }
    }

    [Test]
    public void The_xlsx_report_is_written_part_by_part_not_gathered()
    {
        var (output, docs, _) = Write(new XlsxFormatter(), 20);
        output.Written.ShouldBeGreaterThan(500_000);
        // The zip entries go out as they are compressed: no write holds the whole workbook.
        ((long)output.LargestWrite).ShouldBeLessThan(output.Written / 4);
        // The 结果 sheet and the document's department sheet read each document's findings once each.
        docs.Enumerations.Where((n, k) => docs[k].Findings.Count > 0).ShouldAllBe(n => n == 2);
    }
}
