using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// One document's findings, snippets and places in a <see cref="ResultSpill"/>, read when asked for (and kept while
/// memory allows); the cross-document findings filed under it and their lines, when it has some, after its own.
/// </summary>
internal sealed class SpilledResult
{
    private readonly ResultSpill _spill;
    private readonly long _offset;
    private readonly int _length;
    private readonly (long Offset, int Length) _added;
    // Made on first read: most documents are read back by the summary only.
    private WeakReference<Tuple<List<Finding>, Dictionary<int, string>, RecordedPlaces?>>? _cache;

    public SpilledResult(ResultSpill spill, (long Offset, int Length) at, (long Offset, int Length) added = default)
    {
        _spill = spill; (_offset, _length) = at; _added = added;
    }

    public (List<Finding> Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places) Load()
    {
        if (_cache is not null && _cache.TryGetTarget(out var hit)) return (hit.Item1, hit.Item2, hit.Item3);
        var (f, s, p) = Decode(_offset, _length);
        if (_added.Length != 0)
        {
            // Their spans' places: those of the document's own spans are recorded, the others read as line and column either way.
            var (more, lines, _) = Decode(_added.Offset, _added.Length);
            f.AddRange(more);
            foreach (var (line, text) in lines) s.TryAdd(line, text);
        }
        var loaded = Tuple.Create(f, s, p);
        if (_cache is null) _cache = new WeakReference<Tuple<List<Finding>, Dictionary<int, string>, RecordedPlaces?>>(loaded);
        else _cache.SetTarget(loaded);
        return (f, s, p);
    }

    /// <summary>Each finding's rule id, severity and title, in order (<see cref="ResultCodec.Tally"/>): no finding is made or kept.</summary>
    public void Tally(ResultCodec.Tallied each)
    {
        if (_cache is not null && _cache.TryGetTarget(out var hit))
        {
            foreach (var f in hit.Item1) each(f.RuleId, f.Severity, f.Title);
            return;
        }
        Tally(_offset, _length, each);
        if (_added.Length != 0) Tally(_added.Offset, _added.Length, each);
    }

    private void Tally(long offset, int length, ResultCodec.Tallied each) =>
        Read(offset, length, record => { ResultCodec.Tally(record, each); return true; });

    private (List<Finding>, Dictionary<int, string>, RecordedPlaces?) Decode(long offset, int length) =>
        Read(offset, length, record => ResultCodec.Decode(record, Stored));

    // A finding a record refers to where the spill has it (ResultCodec's stored entries).
    private Finding Stored(long offset, int length) => Read(offset, length, ResultCodec.ReadFinding);

    private T Read<T>(long offset, int length, Func<ReadOnlySpan<byte>, T> read) => _spill.Read(offset, length, read);
}
