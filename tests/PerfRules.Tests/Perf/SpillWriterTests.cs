using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The spill's record writer (<see cref="SpillBinary.Scratch"/>) writes into its own array instead of
/// through a stream: its bytes must be a <see cref="BinaryWriter"/>'s over a <see cref="MemoryStream"/>,
/// and a document's records written one after the other must each read back as written alone.
/// </summary>
public class SpillWriterTests
{
    [Test]
    public void The_scratch_writer_writes_a_binary_writers_bytes()
    {
        var decimals = new[] { 0m, -0m, 1.50m, -79228162514264337593543950335m, 79228162514264337593543950335m, 0.0000000000000000000000000001m, 123456.789m };
        void All(BinaryWriter w)
        {
            w.Write(true); w.Write(false); w.Write((byte)200); w.Write((sbyte)-5);
            w.Write((short)-12345); w.Write((ushort)54321); w.Write(int.MinValue); w.Write(-1); w.Write(123456789);
            w.Write(uint.MaxValue); w.Write(long.MinValue); w.Write(ulong.MaxValue); w.Write(3.25f); w.Write(-2.5e300); w.Write((Half)1.5);
            foreach (var d in decimals) { w.Write(d); SpillBinary.Dec(w, d); }
            SpillBinary.Dec(w, null);
            w.Write(new byte[] { 1, 2, 3 }); w.Write(new byte[] { 9, 8, 7, 6 }, 1, 2); w.Write7BitEncodedInt(300);
            SpillBinary.Str(w, "预算\ud800绩效"); SpillBinary.Str(w, null); SpillBinary.Str(w, "");
            SpillBinary.Span(w, new SourceSpan(3, 1, 4, 9)); SpillBinary.Span(w, null);
        }
        using var ms = new MemoryStream();
        using (var plain = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) All(plain);
        var scratch = SpillBinary.Scratch();
        All(scratch);
        SpillBinary.Written(scratch).ToArray().ShouldBe(ms.ToArray());
        // Emptied for the next record; and it grows past its first buffer.
        scratch = SpillBinary.Scratch();
        SpillBinary.Length(scratch).ShouldBe(0);
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        scratch.Write(7); scratch.Write(big);
        SpillBinary.Written(scratch).ToArray().ShouldBe(BitConverter.GetBytes(7).Concat(big).ToArray());
        Should.Throw<NotSupportedException>(() => SpillBinary.Scratch().Write("text"));
    }

    [TestCase("000")]
    [TestCase("002")]
    public void A_documents_records_written_together_read_back_as_each_alone(string seed)
    {
        var bytes = File.ReadAllBytes(TestPaths.Seed(seed));
        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(seed + ".txt", text, encoding);
        var doc = new SubmissionReader().Read(source);
        var findings = PerfRules.Tests.Rules.RuleTestSupport.Builtin.Evaluate(doc);
        var snippets = Snippets.Of(findings, source);
        using var spill = new ResultSpill();
        var documents = new SpilledDocuments(spill, 1);
        var result = new DocumentResult { File = seed + ".txt", Submission = doc, Findings = findings, Snippets = snippets };
        var entry = documents.Store(new CheckedDocument(result, source), model: true, text: true);
        documents.SetInput(0, new[] { entry });
        documents.Seal();

        documents.ModelAt(0).ShouldBe(SubmissionCodec.Encode(SubmissionCompaction.Compact(doc)));
        documents[0].Findings.ShouldBe(findings);
        documents[0].Snippets.ShouldBe(snippets);
        // The text record: every line read back alone, as the cross-document step quotes them.
        var quoted = Enumerable.Range(1, source.LineCount).Select(l => new Finding { RuleId = "X", Severity = Severity.Info, Message = "", File = seed + ".txt", Span = SourceSpan.Line(l, 1, 1) }).ToList();
        var lines = documents.SnippetsOf(0, quoted);
        lines.Count.ShouldBeGreaterThan(0);
        foreach (var (line, quotedText) in lines) quotedText.ShouldBe(Snippets.Of(quoted, source)[line]);
    }

    // Storing a document writes its records from the thread's buffer in one write: what it allocates does not
    // grow with the document. It was about 95 KB for seed 000: the text record an array of its own (twice the
    // text's length in bytes), a SourceSpan made for every span of every indicator written, an empty grade list
    // per value; 128 bytes now (the entry's header and a dictionary enumerator).
    [TestCase("000", 512)]
    [TestCase("001", 512)]
    [TestCase("003", 512)]
    public void Storing_a_document_allocates_at_most_its_ceiling(string seed, long ceiling)
    {
        var bytes = File.ReadAllBytes(TestPaths.Seed(seed));
        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(seed + ".txt", text, encoding);
        var doc = new SubmissionReader().Read(source);
        var findings = PerfRules.Tests.Rules.RuleTestSupport.Builtin.Evaluate(doc);
        var result = new DocumentResult { File = seed + ".txt", Submission = doc, Findings = findings, Snippets = Snippets.Of(findings, source) };
        using var spill = new ResultSpill();
        var documents = new SpilledDocuments(spill, 1);
        for (var k = 0; k < 20; k++) documents.Store(new CheckedDocument(result, source), model: true, text: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        documents.Store(new CheckedDocument(result, source), model: true, text: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"storing {seed}: {allocated} bytes (text {text.Length} chars; ceiling {ceiling})");
        allocated.ShouldBeLessThanOrEqualTo(ceiling);
    }
}
