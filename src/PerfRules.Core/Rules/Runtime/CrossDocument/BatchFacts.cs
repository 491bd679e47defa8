using PerfRules.Model;

namespace PerfRules.Rules.Runtime.CrossDocument;

/// <summary>
/// Where a run's batch facts wait for their rules: added by the workers as they read (thread-safe), given to
/// the engine one slice at a time, each slice every fact of the keys in it (a group is never split).
/// </summary>
internal interface IBatchFactStore
{
    int Count { get; }
    void AddRange(List<BatchItem> items);
    /// <summary>Gives the facts their documents' positions in the run (<see cref="CrossDocumentRun.Renumber"/>).</summary>
    void Renumber(Func<int, int> position);
    /// <summary>How many slices of about <paramref name="size"/> facts the facts are split into, by a hash of rule and key.</summary>
    int SliceCount(int size);
    /// <summary>The facts of slice <paramref name="slice"/> of <paramref name="slices"/>; several slices may be read at once (after the adds).</summary>
    List<BatchItem> Slice(int slice, int slices);
    void Clear();
}

internal static class BatchFactStores
{
    /// <summary>Every slice of about <paramref name="size"/> facts, one after the other.</summary>
    public static IEnumerable<List<BatchItem>> Slices(this IBatchFactStore store, int size)
    {
        var slices = store.SliceCount(size);
        for (var s = 0; s < slices; s++) yield return store.Slice(s, slices);
    }
}

/// <summary>
/// A run's batch facts in memory until their rules run: each a <see cref="BatchItem"/>'s values in a struct, kept in
/// blocks of <see cref="Block"/> (no list doubling, no object per fact: 150,000 small objects made while the
/// documents are read outlive them and scatter the collector's heap). The engine is given
/// <see cref="BatchItem"/>s one slice at a time (<see cref="Slice"/>). Thread-safe adds.
/// </summary>
internal sealed class BatchFacts : IBatchFactStore
{
    private const int Block = 4096;
    private readonly List<Fact[]> _blocks = new();

    public int Count { get; private set; }

    public void AddRange(List<BatchItem> items)
    {
        lock (_blocks)
            foreach (var item in items) AddHeld(item);
    }

    public void Add(BatchItem item)
    {
        lock (_blocks) AddHeld(item);
    }

    private void AddHeld(BatchItem item)
    {
        if (Count == _blocks.Count * Block) _blocks.Add(new Fact[Block]);
        _blocks[Count / Block][Count % Block] = new Fact(item);
        Count++;
    }

    public void Renumber(Func<int, int> position)
    {
        for (var k = 0; k < Count; k++)
        {
            ref var f = ref _blocks[k / Block][k % Block];
            f.Document = position(f.Document);
        }
    }

    public int SliceCount(int size) => (Count + size - 1) / size;

    /// <summary>Every fact, in the order added.</summary>
    public List<BatchItem> All() => Slice(0, 1);

    /// <summary>The facts whose slice (of <paramref name="slices"/>, by a hash of rule and key: a group is never split) is <paramref name="slice"/>.</summary>
    public List<BatchItem> Slice(int slice, int slices)
    {
        var items = new List<BatchItem>();
        for (var k = 0; k < Count; k++)
        {
            ref readonly var f = ref _blocks[k / Block][k % Block];
            if (slices <= 1 || (int)(f.Hash % (uint)slices) == slice) items.Add(f.Item());
        }
        return items;
    }

    public void Clear()
    {
        _blocks.Clear();
        Count = 0;
    }

    private struct Fact(BatchItem i)
    {
        private readonly string _kind = i.Kind, _department = i.Department, _file = i.File, _name = i.Name, _path = i.Path;
        private readonly string? _unit = i.Unit, _project = i.Project, _moneyUnit = i.MoneyUnit;
        private readonly decimal? _total = i.Total;
        private readonly int? _seq = i.IndicatorSeq, _year = i.BudgetYear;
        private readonly int _line = i.Span?.StartLine ?? 0, _column = i.Span?.StartColumn ?? 0, _endLine = i.Span?.EndLine ?? 0, _endColumn = i.Span?.EndColumn ?? 0;
        private readonly bool _span = i.Span is not null, _overall = i.InOverallTable, _lines = i.LinesAreTheFile;
        public readonly object Key = i.Key;
        public readonly int Rule = i.Rule, Ordinal = i.Ordinal;
        // Worked out once, as the fact is added (by a worker): each slice looks at every fact.
        public readonly uint Hash = (uint)HashCode.Combine(i.Rule, i.Key);
        public int Document = i.Document;

        public readonly BatchItem Item() => new()
        {
            Kind = _kind, Department = _department, File = _file, Unit = _unit, Project = _project, IndicatorSeq = _seq, Name = _name,
            Total = _total, MoneyUnit = _moneyUnit, BudgetYear = _year, InOverallTable = _overall,
            Span = _span ? new SourceSpan(_line, _column, _endLine, _endColumn) : null,
            LinesAreTheFile = _lines, Path = _path, Key = Key, Rule = Rule, Document = Document, Ordinal = Ordinal,
        };
    }
}
