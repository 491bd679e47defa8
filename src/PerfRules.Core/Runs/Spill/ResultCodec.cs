using PerfRules.Model;
using PerfRules.Rules;
using static PerfRules.Runs.SpillBinary;

namespace PerfRules.Runs;

/// <summary>
/// One document's findings, snippets and places (<see cref="RecordedPlaces"/>: the findings' spans
/// resolved while the document's <see cref="SourceMap"/> was whole) as a spill record.
/// </summary>
internal static class ResultCodec
{
    public static byte[] Encode(IReadOnlyList<Finding> findings, IReadOnlyDictionary<int, string> snippets, SourceMap? places = null)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        Write(w, findings, snippets, places);
        return ms.ToArray();
    }

    /// <summary>The record <see cref="Encode"/> makes, written to <paramref name="w"/>.</summary>
    public static void Write(BinaryWriter w, IReadOnlyList<Finding> findings, IReadOnlyDictionary<int, string> snippets, SourceMap? places = null)
    {
        w.Write(findings.Count);
        for (var k = 0; k < findings.Count; k++) WriteFinding(w, findings[k]);
        w.Write(snippets.Count);
        foreach (var (line, text) in snippets) { w.Write(line); Str(w, text); }
        var recorded = places is null ? null : places as RecordedPlaces ?? RecordedPlaces.Of(places, findings.Select(f => f.Span));
        w.Write(recorded is not null);
        if (recorded is not null)
        {
            Str(w, recorded.Kind);
            w.Write(recorded.Places.Count);
            foreach (var (span, place) in recorded.Places)
            {
                Span(w, span); Str(w, place.Text);
                w.Write(place.Properties.Count);
                foreach (var (name, value) in place.Properties) { Str(w, name); Str(w, value); }
                Span(w, place.Region);
            }
        }
        w.Flush();
    }

    public static (List<Finding> Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places) Decode(ReadOnlySpan<byte> record)
    {
        // Read in place (a reader over a stream cost a quarter of the decoding, which is a fifth of writing a report).
        var r = new InPlace(record);
        var n = r.Int32();
        var findings = new List<Finding>(n);
        for (var k = 0; k < n; k++) findings.Add(ReadFinding(ref r));
        var m = r.Int32();
        var snippets = new Dictionary<int, string>(m);
        for (var k = 0; k < m; k++) { var line = r.Int32(); snippets[line] = r.Str()!; }
        RecordedPlaces? places = null;
        if (r.Boolean())
        {
            var kind = r.Str()!;
            var count = r.Int32();
            var map = new Dictionary<SourceSpan, RecordedPlaces.Place>(count);
            for (var k = 0; k < count; k++)
            {
                var span = r.Span()!; var text = r.Str()!;
                var properties = new KeyValuePair<string, string>[r.Int32()];
                for (var p = 0; p < properties.Length; p++) properties[p] = new(r.Str()!, r.Str()!);
                map[span] = new RecordedPlaces.Place(text, properties, r.Span());
            }
            places = new RecordedPlaces(kind, map);
        }
        return (findings, snippets, places);
    }

    /// <summary>What a summary tallies of a finding: its rule id, severity and title (<see cref="Tally"/>).</summary>
    public delegate void Tallied(ReadOnlySpan<char> ruleId, Severity severity, ReadOnlySpan<char> title);

    /// <summary>
    /// Each finding's rule id, severity and title in a record <see cref="Encode"/> made, in order, the rest skipped:
    /// a summary of a spilled batch makes no finding, string or list (decoding every finding cost about as much as
    /// rendering the report). Reads the layout <see cref="WriteFinding"/> writes; tested against <see cref="Decode"/>.
    /// </summary>
    public static void Tally(ReadOnlySpan<byte> record, Tallied each)
    {
        var r = new InPlace(record);
        var n = r.Int32();
        for (var k = 0; k < n; k++)
        {
            var ruleId = r.Chars(); var severity = (Severity)r.Int32();
            r.SkipStr(); r.SkipStr(); var title = r.Chars(); r.SkipStr(); // message, fix, title, file
            r.SkipSpan(); r.SkipSpan(); r.SkipStr(); r.SkipStr(); r.SkipStr(); // span, related, department, unit, project
            r.Boolean(); r.Int32(); r.SkipStr(); // indicator, path
            for (var e = r.Int32(); e > 0; e--) { r.SkipStr(); r.SkipStr(); }
            r.SkipStr(); r.SkipStr(); r.SkipStr(); r.Boolean(); // rule set, its version, fingerprint, rule failure
            each(ruleId, severity, title);
        }
    }

    /// <summary>One finding, as <see cref="Encode"/> writes each (also a batch finding spilled as it is made).</summary>
    public static void WriteFinding(BinaryWriter w, Finding f)
    {
        Str(w, f.RuleId); w.Write((int)f.Severity); Str(w, f.Message); Str(w, f.Fix); Str(w, f.Title); Str(w, f.File);
        Span(w, f.Span); Span(w, f.Related); Str(w, f.Department); Str(w, f.Unit); Str(w, f.Project);
        w.Write(f.IndicatorSeq.HasValue); w.Write(f.IndicatorSeq ?? 0);
        Str(w, f.Path);
        // Indexed: an enumerator of the evidence list would be an object per finding.
        var evidence = f.Evidence;
        w.Write(evidence.Count);
        for (var k = 0; k < evidence.Count; k++) { Str(w, evidence[k].Name); Str(w, evidence[k].Value); }
        Str(w, f.RuleSet); Str(w, f.RuleSetVersion); Str(w, f.Fingerprint); w.Write(f.IsRuleFailure);
    }

    /// <summary>One finding written by <see cref="WriteFinding"/>, the whole of <paramref name="record"/>.</summary>
    public static Finding ReadFinding(ReadOnlySpan<byte> record)
    {
        var r = new InPlace(record);
        return ReadFinding(ref r);
    }

    private static Finding ReadFinding(ref InPlace r)
    {
        var ruleId = r.Str()!; var severity = (Severity)r.Int32(); var message = r.Str()!; var fix = r.Str(); var title = r.Str()!; var file = r.Str()!;
        var span = r.Span(); var related = r.Span(); var dept = r.Str(); var unit = r.Str(); var project = r.Str();
        var hasSeq = r.Boolean(); var seq = r.Int32();
        var path = r.Str()!;
        var evidence = new Evidence[r.Int32()];
        for (var e = 0; e < evidence.Length; e++) evidence[e] = new Evidence(r.Str()!, r.Str()!);
        return new Finding
        {
            RuleId = ruleId, Severity = severity, Message = message, Fix = fix, Title = title, File = file, Span = span, Related = related,
            Department = dept, Unit = unit, Project = project, IndicatorSeq = hasSeq ? seq : null, Path = path,
            Evidence = evidence, RuleSet = r.Str()!, RuleSetVersion = r.Str()!, Fingerprint = r.Str()!, IsRuleFailure = r.Boolean(),
        };
    }
}
