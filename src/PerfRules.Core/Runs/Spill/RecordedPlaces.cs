using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// What a spilled document keeps of its <see cref="SourceMap"/>: the places of its findings' spans,
/// worked out while the whole map (a PDF's letters, a workbook's cells) was still in memory. Reports
/// ask it like the original; a span it was not given falls back to line and column.
/// </summary>
internal sealed class RecordedPlaces(string kind, IReadOnlyDictionary<SourceSpan, RecordedPlaces.Place> places) : SourceMap
{
    /// <summary>A span's place as <see cref="SourceMap.Format"/>, <see cref="SourceMap.Describe"/> and <see cref="SourceMap.Region"/> gave it.</summary>
    public sealed record Place(string Text, IReadOnlyList<KeyValuePair<string, string>> Properties, SourceSpan? Region = null);

    public override string Kind => kind;

    public IReadOnlyDictionary<SourceSpan, Place> Places => places;

    public override string Format(SourceSpan span) =>
        places.TryGetValue(span, out var p) ? p.Text : $"{span.StartLine}:{span.StartColumn}";

    public override IReadOnlyList<KeyValuePair<string, string>> Describe(SourceSpan span) =>
        places.TryGetValue(span, out var p) ? p.Properties : Array.Empty<KeyValuePair<string, string>>();

    public override SourceSpan? Region(SourceSpan span) => places.TryGetValue(span, out var p) ? p.Region : null;

    /// <summary>The places of these findings' spans in <paramref name="map"/>.</summary>
    public static RecordedPlaces Of(SourceMap map, IEnumerable<SourceSpan?> spans)
    {
        var places = new Dictionary<SourceSpan, Place>();
        foreach (var s in spans)
            if (s is not null && !places.ContainsKey(s))
                places[s] = new Place(map.Format(s), map.Describe(s).ToArray(), map.Region(s));
        return new RecordedPlaces(map.Kind, places);
    }
}
