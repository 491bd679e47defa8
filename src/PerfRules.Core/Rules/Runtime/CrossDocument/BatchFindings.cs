using PerfRules.Model;

namespace PerfRules.Rules.Runtime.CrossDocument;

/// <summary>
/// Where a run's batch findings go as the groups fire: in memory (library use, the service), or a
/// batch's temporary file, so that a run where every object has a finding (copies of one table)
/// holds only <see cref="BatchFindingRef"/>s.
/// </summary>
internal interface IBatchFindingStore
{
    /// <summary>Keeps <paramref name="finding"/>; the handle gives it back (from any thread).</summary>
    (long At, int Length) Put(Finding finding);

    /// <summary>The finding <see cref="Put"/> kept under this handle.</summary>
    Finding Get(long at, int length);

    /// <summary>
    /// The finding under this handle as filing it under its document needs it (<c>DepartmentRun.FileCrossFindings</c>):
    /// rule, severity, title, file, spans, fingerprint and failure. A store whose document records refer to their batch
    /// findings may leave the rest empty; such a finding is only to be filed as read (not renumbered), on this thread.
    /// </summary>
    Finding GetToFile(long at, int length) => Get(at, length);

    /// <summary>
    /// Whether <paramref name="filed"/>, made from the finding's reference as <see cref="GetToFile"/> would read it, is filed
    /// as read: the store then refers to the finding kept under this handle as if it had been read back (on this thread).
    /// False: read it with <see cref="GetToFile"/>.
    /// </summary>
    bool FiledAsRead(Finding filed, long at, int length) => false;
}

/// <summary>The core's store: the findings themselves, in a list.</summary>
internal sealed class HeldBatchFindings : IBatchFindingStore
{
    private readonly List<Finding> _findings = new();

    public (long At, int Length) Put(Finding finding)
    {
        lock (_findings)
        {
            _findings.Add(finding);
            return (_findings.Count - 1, 0);
        }
    }

    public Finding Get(long at, int length)
    {
        lock (_findings) return _findings[(int)at];
    }
}

/// <summary>
/// A batch finding as the run orders and files it, without the finding: its object's document and
/// position (the order of <see cref="CrossDocumentRun.Finish"/>) and its handle. Its file (where it is filed) is its
/// document's (<see cref="DocumentFiles"/>): a finding's file is its object's, and an object is of one document.
/// A finding made as its rule makes them (not a failure, no related span) also keeps the end of its span and its
/// fingerprint (<see cref="Filed"/>: the 16 hex digits as a number, 0 when not kept): what filing reads of it, so it is
/// filed without reading it back (a read per finding, 18,800 at 2,000 seed copies).
/// Laid out by size (the fields in order would pad the long after five ints): 48 bytes.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
internal readonly record struct BatchFindingRef(int Document, int Line, int Column, int Rule, int Ordinal, long At, int Length,
    int EndLine = 0, int EndColumn = 0, ulong Filed = 0)
{
    /// <summary>
    /// What <see cref="Filed"/> keeps of <paramref name="fingerprint"/>: its 16 lowercase hex digits as a number, or 0 when it
    /// is not such (then the finding is read back to be filed; 0 itself is read back too).
    /// </summary>
    public static ulong FiledFingerprint(string fingerprint)
    {
        if (fingerprint.Length != 16) return 0;
        ulong v = 0;
        foreach (var c in fingerprint)
        {
            int d;
            if (c is >= '0' and <= '9') d = c - '0';
            else if (c is >= 'a' and <= 'f') d = c - 'a' + 10;
            else return 0;
            v = (v << 4) | (uint)d;
        }
        return v;
    }

    /// <summary>By document, then position in it (as a document's own findings), then rule, then object.</summary>
    public static readonly Comparison<BatchFindingRef> Order = (a, b) =>
    {
        var c = a.Document.CompareTo(b.Document);
        if (c == 0) c = a.Line.CompareTo(b.Line);
        if (c == 0) c = a.Column.CompareTo(b.Column);
        if (c == 0) c = a.Rule.CompareTo(b.Rule);
        if (c == 0) c = a.Ordinal.CompareTo(b.Ordinal);
        return c;
    };
}

/// <summary>
/// A run's <see cref="BatchFindingRef"/>s (about 108,000 at 10,000 seed copies) in blocks that stay on the collector's
/// small-object heap, put in order by an index: one list doubling up to 6 MB left as much again of large-object
/// garbage, and an array copy to sort it another 5 MB, all while the batch step was allocating fast.
/// </summary>
internal sealed class BatchFindingRefs : IReadOnlyList<BatchFindingRef>
{
    private const int Block = 1024;
    private readonly List<BatchFindingRef[]> _blocks = new();
    private int[]? _order;

    public int Count { get; private set; }

    public void Add(in BatchFindingRef r)
    {
        if (Count == _blocks.Count * Block) _blocks.Add(new BatchFindingRef[Block]);
        _blocks[Count / Block][Count % Block] = r;
        Count++;
        _order = null;
    }

    private ref BatchFindingRef At(int k) => ref _blocks[k / Block][k % Block];

    /// <summary>Gives each its document's position in the run (<see cref="CrossDocumentRun.Renumber"/>).</summary>
    public void Renumber(Func<int, int> position)
    {
        for (var k = 0; k < Count; k++)
        {
            ref var r = ref At(k);
            r = r with { Document = position(r.Document) };
        }
    }

    /// <summary>Reads them in <paramref name="order"/> from now on (until one is added).</summary>
    public void Sort(Comparison<BatchFindingRef> order)
    {
        var index = new int[Count];
        for (var k = 0; k < index.Length; k++) index[k] = k;
        Array.Sort(index, (a, b) => order(At(a), At(b)));
        _order = index;
    }

    public BatchFindingRef this[int index] =>
        (uint)index < (uint)Count ? At(_order is { } o ? o[index] : index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<BatchFindingRef> GetEnumerator()
    {
        for (var k = 0; k < Count; k++) yield return this[k];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The file of each document the batch facts were added for, by the number they were added under (then by position in
/// the run, once renumbered): the batch findings' file, kept once a document instead of once a finding (a reference
/// without a string is 48 bytes, not 56, and the collector does not scan its blocks). The strings are the documents' own
/// (<see cref="Submission.SourceFile"/>), so the batch's document entries share them. Blocks as <see cref="BatchFindingRefs"/>.
/// </summary>
internal sealed class DocumentFiles
{
    private const int Block = 1024;
    private readonly List<string?[]> _blocks = new();

    /// <summary>Document <paramref name="document"/>'s file (from any thread).</summary>
    public void Set(int document, string file)
    {
        lock (_blocks)
        {
            while (_blocks.Count <= document / Block) _blocks.Add(new string?[Block]);
            _blocks[document / Block][document % Block] = file;
        }
    }

    /// <summary>Document <paramref name="document"/>'s file (once every document's is set: read from any thread, no lock).</summary>
    public string this[int document] =>
        (uint)document < (uint)(_blocks.Count * Block) && _blocks[document / Block][document % Block] is { } file
            ? file : throw new ArgumentOutOfRangeException(nameof(document));

    /// <summary>Each file under its document's position in the run (<see cref="CrossDocumentRun.Renumber"/>).</summary>
    public void Renumber(Func<int, int> position)
    {
        var old = _blocks.ToArray();
        _blocks.Clear();
        for (var b = 0; b < old.Length; b++)
            for (var k = 0; k < Block; k++)
                if (old[b][k] is { } file) Set(position(b * Block + k), file);
    }
}

/// <summary>
/// What the cross-document step found, before it is filed: the department findings (few: one per rule
/// and department at most), in order, and the batch findings' references in order, read as they are filed.
/// </summary>
internal sealed class CrossDocumentFindings(List<Finding> department, IReadOnlyList<BatchFindingRef> batch, Func<int, string> fileOf,
    IBatchFindingStore store, Func<int, Rule>? rules = null)
{
    public List<Finding> Department { get; } = department;
    public IReadOnlyList<BatchFindingRef> Batch { get; } = batch;
    /// <summary>The file a batch finding is of (its document's), where it is filed.</summary>
    public string FileOf(in BatchFindingRef r) => fileOf(r.Document);
    public Finding Read(in BatchFindingRef r) => store.Get(r.At, r.Length);

    /// <summary>
    /// The finding as filing needs it (<see cref="IBatchFindingStore.GetToFile"/>): filed as read, or read again whole. Made
    /// from its reference when that kept what filing reads (<see cref="BatchFindingRef.Filed"/>) and the store refers to it.
    /// </summary>
    public Finding ReadToFile(in BatchFindingRef r)
    {
        if (r.Filed != 0 && rules is not null)
        {
            var rule = rules(r.Rule);
            // The fields GetToFile reads, as CrossDocumentRun made them (CrossDocumentRun.Keep kept only such findings).
            var filed = new Finding
            {
                RuleId = rule.Id, Severity = CrossDocumentRun.SeverityOf(rule), Message = "", Title = rule.Title, File = FileOf(r),
                Span = new SourceSpan(r.Line, r.Column, r.EndLine, r.EndColumn), Fingerprint = r.Filed.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            };
            if (store.FiledAsRead(filed, r.At, r.Length)) return filed;
        }
        return store.GetToFile(r.At, r.Length);
    }
}
