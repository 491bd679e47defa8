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
    // Made on first read: most documents are read back by the summary only. A report that reads the findings in place
    // (Each) keeps only the snippets and places here (Findings null).
    private WeakReference<Loaded>? _cache;

    private sealed record Loaded(List<Finding>? Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places);

    public SpilledResult(ResultSpill spill, (long Offset, int Length) at, (long Offset, int Length) added = default)
    {
        _spill = spill; (_offset, _length) = at; _added = added;
    }

    public (List<Finding> Findings, Dictionary<int, string> Snippets, RecordedPlaces? Places) Load()
    {
        if (Cached() is { Findings: { } found } hit) return (found, hit.Snippets, hit.Places);
        var (f, s, p) = Decode(_offset, _length);
        if (_added.Length != 0)
        {
            // Their spans' places: those of the document's own spans are recorded, the others read as line and column either way.
            var (more, lines, _) = Decode(_added.Offset, _added.Length);
            f.AddRange(more);
            foreach (var (line, text) in lines) s.TryAdd(line, text);
        }
        Keep(new Loaded(f, s, p));
        return (f, s, p);
    }

    /// <summary>The snippets and places alone (<see cref="Load"/>'s, without decoding the findings when they are not loaded).</summary>
    public (Dictionary<int, string> Snippets, RecordedPlaces? Places) Tail()
    {
        if (Cached() is { } hit) return (hit.Snippets, hit.Places);
        var (s, p) = DecodeTail(_offset, _length);
        if (_added.Length != 0)
            foreach (var (line, text) in DecodeTail(_added.Offset, _added.Length).Snippets) s.TryAdd(line, text);
        Keep(new Loaded(null, s, p));
        return (s, p);
    }

    /// <summary>
    /// Each finding, in <see cref="Load"/>'s order, as a view over its record read in place (<see cref="ResultCodec.ReadView"/>):
    /// no finding or string is made (those already loaded are given from their objects). The snippets and places
    /// (<see cref="Tail"/>) are held while it runs: the visitor reads them for every finding.
    /// </summary>
    public void Each(FindingVisitor visit)
    {
        if (Cached() is { Findings: { } found })
        {
            foreach (var f in found)
            {
                var view = FindingView.Of(f);
                visit(ref view);
            }
            return;
        }
        // Each record read once: its tail first (the visitor reads the snippets and places for every finding), then its findings.
        var own = _spill.Rent(_offset, _length);
        var added = _added.Length != 0 ? _spill.Rent(_added.Offset, _added.Length) : null;
        try
        {
            if (Cached() is not { } tail)
            {
                var (s, p) = ResultCodec.DecodeTail(own.AsSpan(0, _length));
                if (added is not null)
                    foreach (var (line, text) in ResultCodec.DecodeTail(added.AsSpan(0, _added.Length)).Snippets) s.TryAdd(line, text);
                Keep(tail = new Loaded(null, s, p));
            }
            _held = tail;
            Each(own.AsSpan(0, _length), visit);
            if (added is not null) Each(added.AsSpan(0, _added.Length), visit);
        }
        finally
        {
            _held = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(own);
            if (added is not null) System.Buffers.ArrayPool<byte>.Shared.Return(added);
        }
    }

    // The tail held while Each runs (the weak cache may lose it at any collection: it was decoded again per finding).
    private Loaded? _held;

    private Loaded? Cached() => _held ?? (_cache is not null && _cache.TryGetTarget(out var hit) ? hit : null);

    private void Keep(Loaded loaded)
    {
        if (_cache is null) _cache = new WeakReference<Loaded>(loaded);
        else _cache.SetTarget(loaded);
    }

    /// <summary>Each finding's rule id, severity and title, in order (<see cref="ResultCodec.Tally"/>): no finding is made or kept.</summary>
    public void Tally(ResultCodec.Tallied each)
    {
        if (Cached() is { Findings: { } found })
        {
            foreach (var f in found) each(f.RuleId, f.Severity, f.Title);
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

    private (Dictionary<int, string> Snippets, RecordedPlaces? Places) DecodeTail(long offset, int length)
    {
        var record = _spill.Rent(offset, length);
        try { return ResultCodec.DecodeTail(record.AsSpan(0, length)); }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(record); }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see SpillReader.Str
    private void Each(ReadOnlySpan<byte> record, FindingVisitor visit)
    {
        var r = new SpillReader(record);
        for (var n = r.Count(); n > 0; n--)
        {
            if (ResultCodec.ReadView(ref r, out var f, out var at)) { visit(ref f); continue; }
            // Stored elsewhere (a batch finding): read there, in place too; it must be what the record says of it.
            var stored = _spill.Rent(at.Offset, at.Length);
            try
            {
                var there = new SpillReader(stored.AsSpan(0, at.Length));
                if (!ResultCodec.ReadView(ref there, out var s, out _) || !at.Matches(s)) SpillReader.Damaged();
                visit(ref s);
            }
            finally { System.Buffers.ArrayPool<byte>.Shared.Return(stored); }
        }
    }

    private Func<long, int, Finding>? _stored;

    // A finding a record refers to where the spill has it (ResultCodec's stored entries).
    private Finding Stored(long offset, int length) => _spill.Read(offset, length, ResultCodec.ReadFinding);
}
