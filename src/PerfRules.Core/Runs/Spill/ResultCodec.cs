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

    public static (List<Finding> Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places) Decode(byte[] record)
    {
        using var r = Reader(record);
        var n = r.ReadInt32();
        var findings = new List<Finding>(n);
        for (var k = 0; k < n; k++) findings.Add(ReadFinding(r));
        var m = r.ReadInt32();
        var snippets = new Dictionary<int, string>(m);
        for (var k = 0; k < m; k++) { var line = r.ReadInt32(); snippets[line] = Str(r)!; }
        RecordedPlaces? places = null;
        if (r.ReadBoolean())
        {
            var kind = Str(r)!;
            var count = r.ReadInt32();
            var map = new Dictionary<SourceSpan, RecordedPlaces.Place>(count);
            for (var k = 0; k < count; k++)
            {
                var span = Span(r)!; var text = Str(r)!;
                var properties = new KeyValuePair<string, string>[r.ReadInt32()];
                for (var p = 0; p < properties.Length; p++) properties[p] = new(Str(r)!, Str(r)!);
                map[span] = new RecordedPlaces.Place(text, properties, Span(r));
            }
            places = new RecordedPlaces(kind, map);
        }
        return (findings, snippets, places);
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

    /// <summary>One finding written by <see cref="WriteFinding"/>.</summary>
    public static Finding ReadFinding(BinaryReader r)
    {
        var ruleId = Str(r)!; var severity = (Severity)r.ReadInt32(); var message = Str(r)!; var fix = Str(r); var title = Str(r)!; var file = Str(r)!;
        var span = Span(r); var related = Span(r); var dept = Str(r); var unit = Str(r); var project = Str(r);
        var hasSeq = r.ReadBoolean(); var seq = r.ReadInt32();
        var path = Str(r)!;
        var evidence = new Evidence[r.ReadInt32()];
        for (var e = 0; e < evidence.Length; e++) evidence[e] = new Evidence(Str(r)!, Str(r)!);
        return new Finding
        {
            RuleId = ruleId, Severity = severity, Message = message, Fix = fix, Title = title, File = file, Span = span, Related = related,
            Department = dept, Unit = unit, Project = project, IndicatorSeq = hasSeq ? seq : null, Path = path,
            Evidence = evidence, RuleSet = Str(r)!, RuleSetVersion = Str(r)!, Fingerprint = Str(r)!, IsRuleFailure = r.ReadBoolean(),
        };
    }
}
