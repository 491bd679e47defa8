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
    public void The_spill_writer_writes_compact_numbers_and_the_reader_reads_them_back()
    {
        var spill = SpillBinary.Scratch();
        spill.Write(true); spill.Write(false); spill.Write((byte)200); spill.Write(int.MinValue); spill.Write(-1); spill.Write(long.MinValue);
        spill.Write(new byte[] { 1, 2, 3 });
        foreach (var d in Decimals) { spill.Write(d); spill.Dec(d); }
        spill.Dec(null);
        spill.Str(Damaged); spill.Str(null); spill.Str("");
        spill.Span(new SourceSpan(3, 1, 4, 9)); spill.Span(PackedSpan.From(new SourceSpan(3, 1, 4, 9)));
        spill.Span(null); spill.Span(default(PackedSpan));
        foreach (var n in new[] { 0, 1, -1, 63, -64, 64, 300, int.MaxValue }) spill.Write(n);
        var bytes = SpillBinary.Written(spill).ToArray();

        var r = new SpillReader(bytes);
        (r.Boolean(), r.Boolean(), r.Byte(), r.Int32(), r.Int32(), r.Int64()).ShouldBe((true, false, (byte)200, int.MinValue, -1, long.MinValue));
        (r.Byte(), r.Byte(), r.Byte()).ShouldBe(((byte)1, (byte)2, (byte)3));
        foreach (var d in Decimals)
        {
            var (value, optional) = (r.Decimal(), r.Dec());
            // Equal and the same bits: the scale and the sign of zero kept.
            (value, optional).ShouldBe((d, (decimal?)d));
            decimal.GetBits(value).ShouldBe(decimal.GetBits(d));
            decimal.GetBits(optional!.Value).ShouldBe(decimal.GetBits(d));
        }
        r.Dec().ShouldBeNull();
        r.Str().ShouldBe(Damaged);
        r.Str().ShouldBeNull();
        r.Str().ShouldBe("");
        r.Span().ShouldBe(new SourceSpan(3, 1, 4, 9));
        r.SkipSpan();
        (r.Span(), r.Span()).ShouldBe((null, null));
        foreach (var n in new[] { 0, 1, -1, 63, -64, 64, 300, int.MaxValue }) r.Int32().ShouldBe(n);
        r.End.ShouldBeTrue();

        // Small numbers in a byte (zigzag: -1 too), a span's four small numbers in five bytes with its flag,
        // 220.00 in four (its sign and scale, then 22000 in three).
        Encoded(w => w.Write(0)).ShouldBe(new byte[] { 0 });
        Encoded(w => w.Write(-1)).ShouldBe(new byte[] { 1 });
        Encoded(w => w.Write(63)).ShouldBe(new byte[] { 126 });
        Encoded(w => w.Write(300)).ShouldBe(new byte[] { 0xD8, 0x04 });
        Encoded(w => w.Write(int.MinValue)).Length.ShouldBe(5);
        Encoded(w => w.Span(new SourceSpan(3, 1, 4, 9))).ShouldBe(new byte[] { 1, 6, 2, 8, 18 });
        Encoded(w => w.Write(220.00m)).ShouldBe(new byte[] { 2, 0xF0, 0xAB, 0x01 });
        Encoded(w => w.Str("预算")).ShouldBe(new byte[] { 4 }.Concat(System.Text.Encoding.Unicode.GetBytes("预算")).ToArray());

        // Emptied for the next record; and it grows past its first buffer.
        spill = SpillBinary.Scratch();
        spill.Length.ShouldBe(0);
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        spill.Write(7); spill.Write(big);
        SpillBinary.Written(spill).ToArray().ShouldBe(new byte[] { 14 }.Concat(big).ToArray());
    }

    private static byte[] Encoded(Action<SpillWriter> write)
    {
        var w = new SpillWriter();
        write(w);
        return w.ToArray();
    }

    [Test]
    public void A_string_repeated_in_a_record_is_written_once_and_read_back_as_one_string()
    {
        var w = new SpillWriter();
        var unit = "广州市协作办公室";
        // A copy with the same characters (as read from two places of a table) is repeated too.
        var copy = new string(unit.AsSpan());
        w.Str(unit); w.Str(null); w.Str("产出指标"); w.Str(""); w.Str(copy); w.Write(5); w.Str("产出指标"); w.Str(unit); w.Str("");
        var bytes = w.ToArray();
        // Each repeat a one- or two-byte back-reference: the two strings' characters once each.
        bytes.Length.ShouldBe(1 + 2 * unit.Length + 1 + 1 + 2 * 4 + 1 + 1 + 1 + 1 + 1 + 1);

        var r = new SpillReader(bytes);
        var first = r.Str();
        first.ShouldBe(unit);
        r.Str().ShouldBeNull();
        var level = r.Str();
        level.ShouldBe("产出指标");
        r.Str().ShouldBe("");
        var again = r.Str();
        again.ShouldBe(unit);
        r.Int32().ShouldBe(5);
        r.Chars(out var chars).ShouldBeTrue();
        chars.ToString().ShouldBe("产出指标");
        var third = r.Str();
        third.ShouldBe(unit);
        r.Str().ShouldBe("");
        r.End.ShouldBeTrue();
        // The back-references share one string (the first writing is read as its own).
        ReferenceEquals(again, third).ShouldBeTrue();

        // Skipped, then read: the same characters.
        r = new SpillReader(bytes);
        r.SkipStr(); r.SkipStr(); r.SkipStr(); r.SkipStr(); r.SkipStr(); r.Int32(); r.SkipStr();
        r.Str().ShouldBe(unit);

        // A new record refers back only within itself: each reads back alone, and two read one after the other
        // with one reader (BeginRecord) read the same.
        w.Clear();
        w.Str(unit); w.Str(unit);
        var second = w.Length;
        w.BeginRecord();
        w.Str("产出指标"); w.Str(unit); w.Str(unit);
        var both = w.ToArray();
        var alone = new SpillReader(both.AsSpan(second));
        (alone.Str(), alone.Str(), alone.Str()).ShouldBe(("产出指标", unit, unit));
        alone.End.ShouldBeTrue();
        var one = new SpillReader(both);
        one.BeginRecord();
        (one.Str(), one.Str()).ShouldBe((unit, unit));
        one.BeginRecord();
        (one.Str(), one.Str(), one.Str()).ShouldBe(("产出指标", unit, unit));
    }

    [Test]
    public void A_back_reference_to_anything_but_a_whole_string_before_it_in_its_record_is_damage()
    {
        // -2 - offset: a reference to where a string's length starts in the record. Each case: what precedes the
        // damaged reference (read first, as a record's reader reads them), then the reference.
        static int To(int offset) => -2 - offset;
        var cases = new (string What, int Before, Action<SpillWriter> Write)[]
        {
            ("to itself", 0, w => w.Write(To(0))),
            ("forward", 0, w => { w.Write(To(1)); w.Str("ab"); }),
            ("past the record", 1, w => { w.Str("ab"); w.Write(To(1000)); }),
            ("to a null", 1, w => { w.Str(null); w.Write(To(0)); }),
            ("to a back-reference", 2, w => { w.Str("ab"); w.Write(To(0)); w.Write(To(5)); }),
            ("into a string, its characters read as a length past the reference", 1, w => { w.Str("ab"); w.Write(To(1)); }),
            ("before its record", 1, w => { w.Str("ab"); w.BeginRecord(); w.Write(To(0)); }),
            ("the furthest", 1, w => { w.Str("ab"); w.Write(int.MinValue); }),
        };
        foreach (var (what, before, write) in cases)
        {
            var w = new SpillWriter();
            write(w);
            var bytes = w.ToArray();
            foreach (var read in new[] { "read", "skipped", "characters" })
                ShouldBeDamaged(() =>
                {
                    var r = new SpillReader(bytes);
                    for (var k = 0; k < before; k++) r.Str();
                    if (what == "before its record") r.BeginRecord();
                    if (read == "read") r.Str();
                    else if (read == "skipped") r.SkipStr();
                    else r.Chars(out _);
                }, $"{read} {what}");
        }
        // The same bytes with the reference to the string before it: read back.
        var good = new SpillWriter();
        good.Str("ab"); good.Write(To(0));
        var ok = new SpillReader(good.ToArray());
        (ok.Str(), ok.Str()).ShouldBe(("ab", "ab"));
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
        // the findings are cut (their record ends with the snippets' count and the places' flag, two bytes).
        for (var cut = 0; cut < record.Length; cut += cut < 64 || cut > record.Length - 64 ? 1 : 7)
        {
            ShouldBeDamaged(() => ResultCodec.Decode(record.AsSpan(0, cut)), $"findings cut at {cut}");
            if (cut < record.Length - 2) ShouldBeDamaged(() => ResultCodec.Tally(record.AsSpan(0, cut), (_, _, _) => { }), $"tally cut at {cut}");
        }
        for (var cut = 0; cut < model.Length; cut += cut < 64 || cut > model.Length - 64 ? 1 : 7)
            ShouldBeDamaged(() => SubmissionCodec.Decode(model.AsSpan(0, cut)), $"model cut at {cut}");
        var one = new SpillWriter();
        ResultCodec.WriteFinding(one, findings[0]);
        ResultCodec.ReadFinding(one.Bytes).ShouldBe(findings[0]);
        ShouldBeDamaged(() => ResultCodec.ReadFinding(one.Bytes[..40]), "one finding cut");

        // The record with its n-th number (0: the findings' count, 1: the first rule id's length) replaced.
        byte[] With(byte[] bytes, int nth, int value)
        {
            var at = 0;
            for (var k = 0; k < nth; k++) at = NumberEnd(bytes, at);
            return bytes[..at].Concat(Encoded(w => w.Write(value))).Concat(bytes[NumberEnd(bytes, at)..]).ToArray();
        }
        // The findings' count, the first rule id's length: too large for what is left, or negative; no huge list is made.
        // A length below -1 is a back-reference, and there is no string before the first.
        foreach (var count in new[] { int.MaxValue, record.Length, -2 })
        {
            ShouldBeDamaged(() => ResultCodec.Decode(With(record, 0, count)), $"count {count}");
            ShouldBeDamaged(() => ResultCodec.Tally(With(record, 0, count), (_, _, _) => { }), $"tally count {count}");
        }
        foreach (var length in new[] { int.MaxValue, 0x4000_0000, record.Length, -2, -3, int.MinValue })
        {
            ShouldBeDamaged(() => ResultCodec.Decode(With(record, 1, length)), $"length {length}");
            ShouldBeDamaged(() => ResultCodec.Tally(With(record, 1, length), (_, _, _) => { }), $"tally length {length}");
        }
        // A string's length below -1 (the null mark) with nothing before it is damage, not a null: read or skipped.
        new SpillReader(Encoded(w => w.Write(-1))).Str().ShouldBeNull();
        foreach (var length in new[] { -2, int.MinValue })
        {
            ShouldBeDamaged(() => new SpillReader(Encoded(w => w.Write(length))).Str(), $"string length {length}");
            ShouldBeDamaged(() => new SpillReader(Encoded(w => w.Write(length))).SkipStr(), $"skipped string length {length}");
        }
        // A number longer than five bytes (an int) or ten (a decimal's low bits), or cut in the middle.
        ShouldBeDamaged(() => new SpillReader(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }).Int32(), "int past 32 bits");
        ShouldBeDamaged(() => new SpillReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }).Int32(), "int of six bytes");
        ShouldBeDamaged(() => new SpillReader(new byte[] { 0x80, 0x80 }).Int32(), "int cut");
        ShouldBeDamaged(() => new SpillReader(new byte[] { 0 }.Concat(Enumerable.Repeat((byte)0xFF, 9)).Append((byte)0x02).ToArray()).Decimal(), "decimal past 96 bits");
        // A number that picks one of three (a batch fact's key type): 2 reads, 3 and -1 are damage.
        new SpillReader(Encoded(w => w.Write(2))).Index(3).ShouldBe(2);
        ShouldBeDamaged(() => new SpillReader(Encoded(w => w.Write(3))).Index(3), "index 3 of 3");
        ShouldBeDamaged(() => new SpillReader(Encoded(w => w.Write(-1))).Index(3), "index -1");
        // A decimal whose flags are not a decimal's (a scale over 28, or bit 5 set).
        ShouldBeDamaged(() => new SpillReader(new byte[] { 29, 1 }).Decimal(), "decimal scale");
        ShouldBeDamaged(() => new SpillReader(new byte[] { 0x20, 1 }).Decimal(), "decimal flags");
    }

    // Where the number starting at `at` ends.
    private static int NumberEnd(byte[] bytes, int at)
    {
        while (bytes[at] >= 0x80) at++;
        return at + 1;
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

        documents.ModelAt(0, m => m.ToArray()).ShouldBe(SubmissionCodec.Encode(SubmissionCompaction.Compact(doc)));
        documents[0].Findings.ShouldBe(findings);
        documents[0].Snippets.ShouldBe(snippets);
        // The text record: every line read back alone, as the cross-document step quotes them.
        var quoted = Enumerable.Range(1, source.LineCount).Select(l => new Finding { RuleId = "X", Severity = Severity.Info, Message = "", File = seed + ".txt", Span = SourceSpan.Line(l, 1, 1) }).ToList();
        var lines = documents.SnippetsOf(0, quoted);
        lines.Count.ShouldBeGreaterThan(0);
        foreach (var (line, quotedText) in lines) quotedText.ShouldBe(Snippets.Of(quoted, source)[line]);
    }

    [Test]
    public void A_kept_text_reads_back_the_same_lines_whole_or_line_by_line_and_a_damaged_one_fails()
    {
        // Short texts are read in one piece, long ones (past WholeText) a line at a time: the same lines either way.
        foreach (var lineCount in new[] { 0, 1, 40, 3_000 })
        {
            var text = string.Join("\n", Enumerable.Range(1, lineCount).Select(l => $"第{l}行" + new string('预', l % 70) + Damaged));
            var source = new SourceText("t.txt", text, "utf-8");
            using var spill = new ResultSpill();
            var w = new SpillWriter();
            SpillBinary.WriteText(w, source);
            var (offset, length) = spill.Write(w.Bytes);
            (length > SpillBinary.WholeText).ShouldBe(lineCount == 3_000);
            var read = SpillBinary.TextLines(spill, offset, length, (count, line) => (count, Enumerable.Range(1, count).Select(line).ToList()));
            read.count.ShouldBe(source.LineCount);
            read.Item2.ShouldBe(Enumerable.Range(1, source.LineCount).Select(l => source[l]).ToList());
        }

        var bad = new SpillWriter();
        bad.Write(BitConverter.GetBytes(1_000));
        bad.Write(new byte[16]);
        using var damaged = new ResultSpill();
        var at = damaged.Write(bad.Bytes);
        Should.Throw<IOException>(() => SpillBinary.TextLines(damaged, at.Offset, at.Length, (count, line) => count));
        var lines = new SpillWriter();
        lines.Write(BitConverter.GetBytes(1));
        lines.Write(BitConverter.GetBytes(0));
        lines.Write(BitConverter.GetBytes(50)); // a line ending past the text
        lines.Write(new byte[4]);
        at = damaged.Write(lines.Bytes);
        Should.Throw<IOException>(() => SpillBinary.TextLines(damaged, at.Offset, at.Length, (count, line) => line(1)));
    }

    [Test]
    public void A_finding_stored_elsewhere_in_the_spill_is_referred_to_and_read_back_from_there()
    {
        var findings = PerfRules.Tests.Rules.RuleTestSupport.Builtin.Evaluate(Seeds.Read("000"));
        using var spill = new ResultSpill();
        // The second and fourth as a batch finding is read back before it is filed: one finding, where the spill has it.
        var stored = new Dictionary<Finding, (long Offset, int Length)>(ReferenceEqualityComparer.Instance);
        foreach (var k in new[] { 1, 3 })
        {
            var one = new SpillWriter();
            ResultCodec.WriteFinding(one, findings[k]);
            stored[findings[k]] = spill.Write(one.Bytes);
        }
        var plain = ResultCodec.Encode(findings, new Dictionary<int, string>());
        var record = ResultCodec.Encode(findings, new Dictionary<int, string>(), stored: f => stored.TryGetValue(f, out var at) ? at : null);
        record.Length.ShouldBeLessThan(plain.Length);
        var reads = 0;
        Finding Stored(long offset, int length) { reads++; return ResultCodec.ReadFinding(spill.Read(offset, length)); }
        ResultCodec.Decode(record, Stored).Findings.ShouldBe(findings);
        reads.ShouldBe(2);
        // The summary's pass reads what it needs of them in the record.
        var tallied = new List<(string, Severity, string)>();
        ResultCodec.Tally(record, (id, severity, title) => tallied.Add((id.ToString(), severity, title.ToString())));
        tallied.ShouldBe(findings.Select(f => (f.RuleId, f.Severity, f.Title)).ToList());

        // Without a way to read them, or read as something else than the record says, or pointing nowhere: damage.
        ShouldBeDamaged(() => ResultCodec.Decode(record), "no reader");
        ShouldBeDamaged(() => ResultCodec.Decode(record, (_, _) => findings[0] with { RuleId = "PR999" }), "another rule");
        ShouldBeDamaged(() => ResultCodec.Decode(record, (_, _) => findings[1] with { Title = "别的" }), "another title");
        var w = new SpillWriter();
        w.Write(1); w.Str(null); w.Str("PR109"); w.Write((int)Severity.Warning); w.Str("t"); w.Write(0L); w.Write(-5); w.Write(0); w.Write(false);
        ShouldBeDamaged(() => ResultCodec.Decode(w.ToArray(), Stored), "negative length");
        // A batch finding on its own never refers elsewhere.
        ShouldBeDamaged(() => ResultCodec.ReadFinding(w.Bytes[1..]), "one finding referring elsewhere");
    }

    [Test]
    public void What_filing_reads_of_a_spilled_finding_is_that_findings_and_damage_is_damage()
    {
        var findings = PerfRules.Tests.Rules.RuleTestSupport.Builtin.Evaluate(Seeds.Read("000")).ToList();
        findings.Add(findings[0] with { Fix = null, Span = null, Related = null, Department = null, IsRuleFailure = true, Severity = Severity.Error });
        foreach (var f in findings)
        {
            var one = new SpillWriter();
            one.BeginRecord();
            ResultCodec.WriteFinding(one, f);
            var read = ResultCodec.ReadFiled(one.Bytes);
            (read.RuleId, read.Severity, read.Title, read.File, read.Span, read.Related, read.Fingerprint, read.IsRuleFailure)
                .ShouldBe((f.RuleId, f.Severity, f.Title, f.File, f.Span, f.Related, f.Fingerprint, f.IsRuleFailure));
            (read.Message, read.Path, read.Evidence.Count).ShouldBe(("", "", 0));
        }
        var w = new SpillWriter();
        ResultCodec.WriteFinding(w, findings[0]);
        var bytes = w.ToArray();
        for (var cut = 0; cut < bytes.Length; cut++) ShouldBeDamaged(() => ResultCodec.ReadFiled(bytes.AsSpan(0, cut)), $"cut at {cut}");
        // A finding written as a reference elsewhere is never filed from the spill's batch findings.
        var stored = new SpillWriter();
        stored.Str(null); stored.Str("PR109"); stored.Write((int)Severity.Warning); stored.Str("t"); stored.Write(0L); stored.Write(10);
        ShouldBeDamaged(() => ResultCodec.ReadFiled(stored.Bytes), "a reference");
    }

    // The spill's records are written to fresh page-cache pages, which cost system time on some machines: a
    // document's strings once a record (back-references) and its numbers in the bytes they need keep them small.
    // Before both (2026-12-02): seed 000's findings 56,935 bytes and model 64,537, seed 003's 11,401 and 9,980;
    // now 25,489 and 26,700, 6,151 and 4,275 (the ceilings these plus about 10%).
    [TestCase("000", 28_000, 29_500)]
    [TestCase("003", 6_800, 4_700)]
    public void A_seeds_records_stay_small(string seed, int findingsCeiling, int modelCeiling)
    {
        var doc = Seeds.Read(seed);
        var findings = PerfRules.Tests.Rules.RuleTestSupport.Builtin.Evaluate(doc);
        var record = ResultCodec.Encode(findings, new Dictionary<int, string>());
        var model = SubmissionCodec.Encode(SubmissionCompaction.Compact(doc));
        TestContext.Out.WriteLine($"seed {seed}: {findings.Count} findings {record.Length} bytes, model {model.Length} bytes");
        // Read back as written.
        ResultCodec.Decode(record).Findings.ShouldBe(findings);
        SubmissionCodec.Encode(SubmissionCodec.Decode(model)).ShouldBe(model);
        record.Length.ShouldBeLessThanOrEqualTo(findingsCeiling);
        model.Length.ShouldBeLessThanOrEqualTo(modelCeiling);
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
