using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>A spilled document's places (<see cref="RecordedPlaces"/>), read back from its record when a report asks.</summary>
internal sealed class SpilledPlaces(string kind, SpilledResult result) : SourceMap
{
    public override string Kind => kind;

    private SourceMap Map => result.Tail().Places ?? (SourceMap)new RecordedPlaces(kind, new Dictionary<SourceSpan, RecordedPlaces.Place>());

    public override string Format(SourceSpan span) => Map.Format(span);

    public override IReadOnlyList<KeyValuePair<string, string>> Describe(SourceSpan span) => Map.Describe(span);

    public override SourceSpan? Region(SourceSpan span) => Map.Region(span);
}
