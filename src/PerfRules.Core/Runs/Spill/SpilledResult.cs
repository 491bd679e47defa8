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

    // Each read below takes the record into a pooled buffer: what is read from it is copied out, so nothing keeps it.
    // Not one generic reader with a delegate: its value-tuple instance was never precompiled and ran unoptimised (tier 0)
    // through a whole report.
    private void Tally(long offset, int length, ResultCodec.Tallied each)
    {
        var record = _spill.Rent(offset, length);
        try { ResultCodec.Tally(record.AsSpan(0, length), each); }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(record); }
    }

    private (List<Finding>, Dictionary<int, string>, RecordedPlaces?) Decode(long offset, int length)
    {
        var record = _spill.Rent(offset, length);
        try { return ResultCodec.Decode(record.AsSpan(0, length), _stored ??= Stored); }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(record); }
    }

    private Func<long, int, Finding>? _stored;

    // A finding a record refers to where the spill has it (ResultCodec's stored entries).
    private Finding Stored(long offset, int length) => _spill.Read(offset, length, ResultCodec.ReadFinding);
}
