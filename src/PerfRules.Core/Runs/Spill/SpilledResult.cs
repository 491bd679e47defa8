using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>One document's findings, snippets and places in a <see cref="ResultSpill"/>, read when asked for (and kept while memory allows).</summary>
internal sealed class SpilledResult
{
    private readonly ResultSpill _spill;
    private readonly long _offset;
    private readonly int _length;
    // Made on first read: most documents are read back by the summary only.
    private WeakReference<Tuple<List<Finding>, Dictionary<int, string>, RecordedPlaces?>>? _cache;

    public SpilledResult(ResultSpill spill, (long Offset, int Length) at) { _spill = spill; (_offset, _length) = at; }

    public (List<Finding> Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places) Load()
    {
        if (_cache is not null && _cache.TryGetTarget(out var hit)) return (hit.Item1, hit.Item2, hit.Item3);
        var (f, s, p) = ResultCodec.Decode(_spill.Read(_offset, _length));
        var loaded = Tuple.Create(f, s, p);
        if (_cache is null) _cache = new WeakReference<Tuple<List<Finding>, Dictionary<int, string>, RecordedPlaces?>>(loaded);
        else _cache.SetTarget(loaded);
        return (f, s, p);
    }
}
