using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The spill's record writer (<see cref="SpillWriter"/>) writes into its own array: its bytes must be a
/// <see cref="BinaryWriter"/>'s over a <see cref="MemoryStream"/> (the format is unchanged), what it writes must read
/// back in place (<see cref="SpillReader"/>), a damaged record must fail clearly, and a document's records written one
/// after the other must each read back as written alone.
/// </summary>
public class SpillWriterTests
{
    private static readonly decimal[] Decimals = [0m, -0m, 1.50m, -79228162514264337593543950335m, 79228162514264337593543950335m, 0.0000000000000000000000000001m, 123456.789m];
    private const string Damaged = "预算\ud800绩效";

    [Test]
    public void The_spill_writer_writes_a_binary_writers_bytes_and_the_reader_reads_them_back()
    {
        using var ms = new MemoryStream();
        var spill = SpillBinary.Scratch();
        using (var plain = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            spill.Write(true); spill.Write(false); spill.Write((byte)200); spill.Write(int.MinValue); spill.Write(-1); spill.Write(long.MinValue);
            plain.Write(true); plain.Write(false); plain.Write((byte)200); plain.Write(int.MinValue); plain.Write(-1); plain.Write(long.MinValue);
            spill.Write(new byte[] { 1, 2, 3 }); plain.Write(new byte[] { 1, 2, 3 });
            // An optional decimal: a flag, then the value (0 for none).
            foreach (var d in Decimals) { spill.Write(d); spill.Dec(d); plain.Write(d); plain.Write(true); plain.Write(d); }
            spill.Dec(null); plain.Write(false); plain.Write(0m);
            // A string: its length, then its UTF-16 code units as they are (-1 for null).
            spill.Str(Damaged); plain.Write(Damaged.Length); plain.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Damaged.AsSpan()));
            spill.Str(null); plain.Write(-1);
            spill.Str(""); plain.Write(0);
            // A span: a flag, then its four numbers; packed or not, the same bytes.
            spill.Span(new SourceSpan(3, 1, 4, 9)); spill.Span(PackedSpan.From(new SourceSpan(3, 1, 4, 9)));
            for (var k = 0; k < 2; k++) { plain.Write(true); plain.Write(3); plain.Write(1); plain.Write(4); plain.Write(9); }
            spill.Span(null); spill.Span(default(PackedSpan)); plain.Write(false); plain.Write(false);
        }
        var bytes = SpillBinary.Written(spill).ToArray();
        bytes.ShouldBe(ms.ToArray());

        var r = new SpillReader(bytes);
        (r.Boolean(), r.Boolean(), r.Byte(), r.Int32(), r.Int32(), r.Int64()).ShouldBe((true, false, (byte)200, int.MinValue, -1, long.MinValue));
        (r.Byte(), r.Byte(), r.Byte()).ShouldBe(((byte)1, (byte)2, (byte)3));
        foreach (var d in Decimals)
        {
            var (value, optional) = (r.Decimal(), r.Dec());
            // Equal and the same bits: the scale and the sign of zero kept.
            (value, optional).ShouldBe((d, (decimal?)d));
            decimal.GetBits(value).ShouldBe(decimal.GetBits(d));
        }
        r.Dec().ShouldBeNull();
        r.Str().ShouldBe(Damaged);
        r.Str().ShouldBeNull();
        r.Str().ShouldBe("");
        r.Span().ShouldBe(new SourceSpan(3, 1, 4, 9));
        r.SkipSpan();
        (r.Span(), r.Span()).ShouldBe((null, null));
        r.End.ShouldBeTrue();

        // Emptied for the next record; and it grows past its first buffer.
        spill = SpillBinary.Scratch();
        spill.Length.ShouldBe(0);
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        spill.Write(7); spill.Write(big);
        SpillBinary.Written(spill).ToArray().ShouldBe(BitConverter.GetBytes(7).Concat(big).ToArray());
    }

    private static void ShouldBeDamaged(Action read, string what) =>
        Should.Throw<IOException>(read, what).Message.ShouldBe("临时文件中的记录不完整或已损坏");

    [Test]
    public void A_record_cut_short_or_with_a_damaged_length_count_or_decimal_is_a_clear_error()
    {
        var doc = Seeds.Read("000");
        var findings = PerfRules.Tests.Rules.RuleTestSupport.Builtin.Evaluate(doc);
        findings.Count.ShouldBeGreaterThan(0);
        var record = ResultCodec.Encode(findings, new Dictionary<int, string>());
        var model = SubmissionCodec.Encode(SubmissionCompaction.Compact(Seeds.Read("002")));
        // Every cut (those of the long records sampled): decoding fails, and so does the summary's pass while
        // the findings are cut (their record ends with the snippets' count and the places' flag, five bytes).
        for (var cut = 0; cut < record.Length; cut += cut < 64 || cut > record.Length - 64 ? 1 : 7)
        {
            ShouldBeDamaged(() => ResultCodec.Decode(record.AsSpan(0, cut)), $"findings cut at {cut}");
            if (cut < record.Length - 5) ShouldBeDamaged(() => ResultCodec.Tally(record.AsSpan(0, cut), (_, _, _) => { }), $"tally cut at {cut}");
        }
        for (var cut = 0; cut < model.Length; cut += cut < 64 || cut > model.Length - 64 ? 1 : 7)
            ShouldBeDamaged(() => SubmissionCodec.Decode(model.AsSpan(0, cut)), $"model cut at {cut}");
        var finding = new byte[record.Length - 9];
        Array.Copy(record, 4, finding, 0, finding.Length);
        ShouldBeDamaged(() => ResultCodec.ReadFinding(finding.AsSpan(0, 40)), "one finding cut");

        byte[] With(byte[] bytes, int at, int value)
        {
            var copy = (byte[])bytes.Clone();
            BitConverter.TryWriteBytes(copy.AsSpan(at), value).ShouldBeTrue();
            return copy;
        }
        // The findings' count, the first rule id's length: too large for what is left, or negative; no huge list is made.
        foreach (var count in new[] { int.MaxValue, record.Length, -2 })
        {
            ShouldBeDamaged(() => ResultCodec.Decode(With(record, 0, count)), $"count {count}");
            ShouldBeDamaged(() => ResultCodec.Tally(With(record, 0, count), (_, _, _) => { }), $"tally count {count}");
        }
        foreach (var length in new[] { int.MaxValue, 0x4000_0000, record.Length, -2, int.MinValue })
        {
            ShouldBeDamaged(() => ResultCodec.Decode(With(record, 4, length)), $"length {length}");
            ShouldBeDamaged(() => ResultCodec.Tally(With(record, 4, length), (_, _, _) => { }), $"tally length {length}");
        }
        // A string's length below -1 (the null mark) is damage, not a null: read or skipped.
        new SpillReader(BitConverter.GetBytes(-1)).Str().ShouldBeNull();
        foreach (var length in new[] { -2, int.MinValue })
        {
            ShouldBeDamaged(() => new SpillReader(BitConverter.GetBytes(length)).Str(), $"string length {length}");
            ShouldBeDamaged(() => new SpillReader(BitConverter.GetBytes(length)).SkipStr(), $"skipped string length {length}");
        }
        // A decimal whose flags are not a decimal's (a scale over 28).
        var w = new SpillWriter();
        w.Write(1); w.Write(0); w.Write(0); w.Write(29 << 16);
        ShouldBeDamaged(() => new SpillReader(w.Bytes).Decimal(), "decimal");
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
