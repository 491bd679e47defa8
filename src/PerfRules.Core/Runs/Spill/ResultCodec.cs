using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// One document's findings, snippets and places (<see cref="RecordedPlaces"/>: the findings' spans
/// resolved while the document's <see cref="SourceMap"/> was whole) as a spill record.
/// </summary>
internal static class ResultCodec
{
    /// <summary>
    /// A document's findings, snippets and places as a record. A finding <paramref name="stored"/> says the spill already
    /// has (as one finding, <see cref="WriteFinding"/>) is written as where it is there, after what a summary reads of it:
    /// null where its rule id would be, its rule id, severity and title, the offset and length.
    /// </summary>
    public static byte[] Encode(IReadOnlyList<Finding> findings, IReadOnlyDictionary<int, string> snippets, SourceMap? places = null,
        Func<Finding, (long Offset, int Length)?>? stored = null)
    {
        var w = new SpillWriter(256);
        Write(w, findings, snippets, places, stored);
        return w.ToArray();
    }

    /// <summary>The record <see cref="Encode"/> makes, written to <paramref name="w"/>.</summary>
    public static void Write(SpillWriter w, IReadOnlyList<Finding> findings, IReadOnlyDictionary<int, string> snippets, SourceMap? places = null,
        Func<Finding, (long Offset, int Length)?>? stored = null)
    {
        w.BeginRecord();
        w.Write(findings.Count);
        for (var k = 0; k < findings.Count; k++)
        {
            var f = findings[k];
            if (stored?.Invoke(f) is not { } at) { WriteFinding(w, f); continue; }
            w.Str(null); w.Str(f.RuleId); w.Write((int)f.Severity); w.Str(f.Title); w.Write(at.Offset); w.Write(at.Length);
        }
        w.Write(snippets.Count);
        foreach (var (line, text) in snippets) { w.Write(line); w.Str(text); }
        var recorded = places is null ? null : places as RecordedPlaces ?? RecordedPlaces.Of(places, findings.Select(f => f.Span));
        w.Write(recorded is not null);
        if (recorded is not null)
        {
            w.Str(recorded.Kind);
            w.Write(recorded.Places.Count);
            foreach (var (span, place) in recorded.Places)
            {
                w.Span(span); w.Str(place.Text);
                w.Write(place.Properties.Count);
                foreach (var (name, value) in place.Properties) { w.Str(name); w.Str(value); }
                w.Span(place.Region);
            }
        }
    }

    /// <summary>A record <see cref="Encode"/> made; a finding stored elsewhere in the spill read by <paramref name="stored"/> (none may be without it).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see SpillReader.Str
    public static (List<Finding> Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places) Decode(ReadOnlySpan<byte> record,
        Func<long, int, Finding>? stored = null)
    {
        // Read in place (a reader over a stream cost a quarter of the decoding, which is a fifth of writing a report).
        var r = new SpillReader(record);
        var n = r.Count();
        var findings = new List<Finding>(n);
        for (var k = 0; k < n; k++) findings.Add(ReadFinding(ref r, stored));
        var (snippets, places) = ReadTail(ref r);
        return (findings, snippets, places);
    }

    /// <summary>
    /// The snippets and places of a record <see cref="Encode"/> made, its findings skipped: what a report needs beside the
    /// findings it reads in place (<see cref="ReadView"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see SpillReader.Str
    public static (Dictionary<int, string> Snippets, RecordedPlaces? Places) DecodeTail(ReadOnlySpan<byte> record)
    {
        var r = new SpillReader(record);
        for (var n = r.Count(); n > 0; n--) SkipFinding(ref r);
        return ReadTail(ref r);
    }

    // One finding of a record passed over (WriteFinding's layout, or a stored entry's), nothing made; back-references are
    // not followed (the findings' reader checks them), so the pass costs a fraction of reading them.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see SpillReader.Str
    private static void SkipFinding(ref SpillReader r)
    {
        if (!r.PassStr())
        {
            r.PassStr(); r.Int32(); r.PassStr(); r.Int64(); r.Int32(); // rule id, severity, title, offset, length
            return;
        }
        r.Int32(); r.PassStr(); r.PassStr(); r.PassStr(); r.PassStr(); // severity, message, fix, title, file
        r.SkipSpan(); r.SkipSpan(); r.PassStr(); r.PassStr(); r.PassStr(); // span, related, department, unit, project
        r.Boolean(); r.Int32(); r.PassStr(); // indicator, path
        for (var e = r.Count(); e > 0; e--) { r.PassStr(); r.PassStr(); }
        r.PassStr(); r.PassStr(); r.PassStr(); r.Boolean(); // rule set, its version, fingerprint, rule failure
    }

    // What follows the findings in a record: the snippets, then the places if there are some.
    private static (Dictionary<int, string> Snippets, RecordedPlaces? Places) ReadTail(ref SpillReader r)
    {
        var m = r.Count();
        var snippets = new Dictionary<int, string>(m);
        for (var k = 0; k < m; k++) { var line = r.Int32(); snippets[line] = r.Str()!; }
        RecordedPlaces? places = null;
        if (r.Boolean())
        {
            var kind = r.Str()!;
            var count = r.Count();
            var map = new Dictionary<SourceSpan, RecordedPlaces.Place>(count);
            for (var k = 0; k < count; k++)
            {
                var span = r.Span()!; var text = r.Str()!;
                var properties = new KeyValuePair<string, string>[r.Count()];
                for (var p = 0; p < properties.Length; p++) properties[p] = new(r.Str()!, r.Str()!);
                map[span] = new RecordedPlaces.Place(text, properties, r.Span());
            }
            places = new RecordedPlaces(kind, map);
        }
        return (snippets, places);
    }

    /// <summary>What a summary tallies of a finding: its rule id, severity and title (<see cref="Tally"/>).</summary>
    public delegate void Tallied(ReadOnlySpan<char> ruleId, Severity severity, ReadOnlySpan<char> title);

    /// <summary>
    /// Each finding's rule id, severity and title in a record <see cref="Encode"/> made, in order, the rest skipped:
    /// a summary of a spilled batch makes no finding, string or list (decoding every finding cost about as much as
    /// rendering the report). Reads the layout <see cref="WriteFinding"/> writes; tested against <see cref="Decode"/>.
    /// Not one walk with <see cref="ReadFinding(ref SpillReader)"/> that skips or reads each field: that walk made this
    /// pass about a fifth slower (docs/performance.md).
    /// </summary>
    public static void Tally(ReadOnlySpan<byte> record, Tallied each)
    {
        var r = new SpillReader(record);
        for (var n = r.Count(); n > 0; n--)
        {
            if (!r.Chars(out var ruleId))
            {
                // Stored elsewhere: what a summary reads of it is here.
                r.Chars(out ruleId); var kind = (Severity)r.Int32(); r.Chars(out var named); r.Int64(); r.Int32();
                each(ruleId, kind, named);
                continue;
            }
            var severity = (Severity)r.Int32();
            r.SkipStr(); r.SkipStr(); r.Chars(out var title); r.SkipStr(); // message, fix, title, file
            r.SkipSpan(); r.SkipSpan(); r.SkipStr(); r.SkipStr(); r.SkipStr(); // span, related, department, unit, project
            r.Boolean(); r.Int32(); r.SkipStr(); // indicator, path
            for (var e = r.Count(); e > 0; e--) { r.SkipStr(); r.SkipStr(); }
            r.SkipStr(); r.SkipStr(); r.SkipStr(); r.Boolean(); // rule set, its version, fingerprint, rule failure
            each(ruleId, severity, title);
        }
    }

    /// <summary>One finding, as <see cref="Encode"/> writes each (also a batch finding spilled as it is made).</summary>
    public static void WriteFinding(SpillWriter w, Finding f)
    {
        w.Str(f.RuleId); w.Write((int)f.Severity); w.Str(f.Message); w.Str(f.Fix); w.Str(f.Title); w.Str(f.File);
        w.Span(f.Span); w.Span(f.Related); w.Str(f.Department); w.Str(f.Unit); w.Str(f.Project);
        w.Write(f.IndicatorSeq.HasValue); w.Write(f.IndicatorSeq ?? 0);
        w.Str(f.Path);
        // Indexed: an enumerator of the evidence list would be an object per finding.
        var evidence = f.Evidence;
        w.Write(evidence.Count);
        for (var k = 0; k < evidence.Count; k++) { w.Str(evidence[k].Name); w.Str(evidence[k].Value); }
        w.Str(f.RuleSet); w.Str(f.RuleSetVersion); w.Str(f.Fingerprint); w.Write(f.IsRuleFailure);
    }

    /// <summary>One finding written by <see cref="WriteFinding"/>, the whole of <paramref name="record"/>.</summary>
    public static Finding ReadFinding(ReadOnlySpan<byte> record)
    {
        var r = new SpillReader(record);
        return ReadFinding(ref r, null);
    }

    /// <summary>
    /// What filing a batch finding reads of one written by <see cref="WriteFinding"/>: its rule id, severity, title, file,
    /// spans, fingerprint and whether the rule failed; the message, fix, names, path and evidence skipped (empty). Only
    /// for a finding the document's record then refers to where the spill has it (<see cref="ResultSpill.StoredAt"/>):
    /// PR109's message and evidence, about 2 KB each, were decoded to be written as a reference.
    /// </summary>
    public static Finding ReadFiled(ReadOnlySpan<byte> record)
    {
        var r = new SpillReader(record);
        return ReadFinding(ref r, null, whole: false);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see SpillReader.Str
    private static Finding ReadFinding(ref SpillReader r, Func<long, int, Finding>? stored, bool whole = true)
    {
        if (r.Str() is not { } ruleId)
        {
            if (!whole) SpillReader.Damaged();
            return ReadStored(ref r, stored);
        }
        // Not whole (ReadFiled): what filing reads; the rest of the layout is skipped, not decoded.
        var severity = (Severity)r.Int32(); var message = Text(ref r, whole); var fix = Text(ref r, whole); var title = r.Str()!; var file = r.Str()!;
        var span = r.Span(); var related = r.Span(); var dept = Text(ref r, whole); var unit = Text(ref r, whole); var project = Text(ref r, whole);
        var hasSeq = r.Boolean(); var seq = r.Int32();
        var path = Text(ref r, whole);
        var evidence = whole ? new Evidence[r.Count()] : null;
        if (evidence is null) for (var e = r.Count(); e > 0; e--) { r.SkipStr(); r.SkipStr(); }
        else for (var e = 0; e < evidence.Length; e++) evidence[e] = new Evidence(r.Str()!, r.Str()!);
        var ruleSet = Text(ref r, whole); var ruleSetVersion = Text(ref r, whole); var fingerprint = r.Str()!; var failure = r.Boolean();
        if (!whole)
            return new Finding
            {
                RuleId = ruleId, Severity = severity, Message = "", Title = title, File = file, Span = span, Related = related,
                Fingerprint = fingerprint, IsRuleFailure = failure,
            };
        return new Finding
        {
            RuleId = ruleId, Severity = severity, Message = message!, Fix = fix, Title = title, File = file, Span = span, Related = related,
            Department = dept, Unit = unit, Project = project, IndicatorSeq = hasSeq ? seq : null, Path = path!,
            Evidence = evidence!, RuleSet = ruleSet!, RuleSetVersion = ruleSetVersion!, Fingerprint = fingerprint, IsRuleFailure = failure,
        };
    }

    /// <summary>Where a record's finding is stored elsewhere in the spill, and what the record says of it (to check it against).</summary>
    public ref struct StoredAt
    {
        public ReadOnlySpan<char> RuleId, Title;
        public Severity Severity;
        public long Offset;
        public int Length;

        /// <summary>Whether the finding read there is the one the record says (else the record or what it points to is damaged).</summary>
        public readonly bool Matches(in FindingView f) => RuleId.SequenceEqual(f.RuleId) && Severity == f.Severity && Title.SequenceEqual(f.Title);
    }

    /// <summary>
    /// The next finding of a record, as <see cref="ReadFinding(ref SpillReader, Func{long, int, Finding}?, bool)"/> reads it,
    /// but in place: its texts are the record's characters (valid while the record is), no string or finding is made; a
    /// null is a null span (<see cref="FindingView"/>). False for a finding stored elsewhere in the spill: <paramref name="stored"/>
    /// says where (read it there with this too).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see SpillReader.Str
    public static bool ReadView(ref SpillReader r, out FindingView f, out StoredAt stored)
    {
        f = default;
        stored = default;
        if (!r.Chars(out f.RuleId))
        {
            r.Chars(out stored.RuleId); stored.Severity = (Severity)r.Int32(); r.Chars(out stored.Title);
            stored.Offset = r.Int64(); stored.Length = r.Int32();
            if (stored.Offset < 0 || stored.Length <= 0) SpillReader.Damaged();
            return false;
        }
        f.Severity = (Severity)r.Int32(); r.Chars(out f.Message); f.HasFix = r.Chars(out f.Fix); r.Chars(out f.Title); r.Chars(out f.File);
        f.Span = r.Span(); f.Related = r.Span();
        f.HasDepartment = r.Chars(out f.Department); f.HasUnit = r.Chars(out f.Unit); f.HasProject = r.Chars(out f.Project);
        var hasSeq = r.Boolean(); var seq = r.Int32();
        f.IndicatorSeq = hasSeq ? seq : null;
        r.Chars(out f.Path);
        var evidence = r.Count();
        f.EvidenceFrom(r, evidence);
        for (var e = evidence; e > 0; e--) { r.SkipStr(); r.SkipStr(); }
        r.Chars(out f.RuleSet); r.Chars(out f.RuleSetVersion); r.Chars(out f.Fingerprint); f.IsRuleFailure = r.Boolean();
        return true;
    }

    private static string? Text(ref SpillReader r, bool keep)
    {
        if (keep) return r.Str();
        r.SkipStr();
        return null;
    }

    // A finding stored elsewhere in the spill: read there, and it must be what the record says of it (else the record
    // or what it points to is damaged).
    private static Finding ReadStored(ref SpillReader r, Func<long, int, Finding>? stored)
    {
        r.Chars(out var ruleId); var severity = (Severity)r.Int32(); r.Chars(out var title);
        var offset = r.Int64(); var length = r.Int32();
        if (stored is null || offset < 0 || length <= 0) SpillReader.Damaged();
        var f = stored(offset, length);
        if (!ruleId.SequenceEqual(f.RuleId) || severity != f.Severity || !title.SequenceEqual(f.Title)) SpillReader.Damaged();
        return f;
    }
}
