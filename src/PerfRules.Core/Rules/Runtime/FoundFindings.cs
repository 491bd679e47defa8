namespace PerfRules.Rules.Runtime;

/// <summary>
/// A run's findings as found, each with the index of its rule and the ordinal of its object in the walk.
/// Parallel arrays and code of our own, not a list of tuples: the library's generic list, sort and set over a
/// tuple of value types are code ReadyToRun cannot hold, so every run JIT-compiled them (about 30 methods at
/// tier 0, then again at tier 1) for code that runs once a document.
/// </summary>
internal sealed class FoundFindings
{
    private Finding[] _findings = new Finding[8];
    private int[] _rules = new int[8];
    private int[] _ordinals = new int[8];

    public int Count { get; private set; }

    public Finding FindingAt(int k) => _findings[k];
    public int RuleAt(int k) => _rules[k];
    public int OrdinalAt(int k) => _ordinals[k];

    public void Add(Finding finding, int rule, int ordinal)
    {
        if (Count == _findings.Length)
        {
            var size = Count * 2;
            var findings = new Finding[size];
            var rules = new int[size];
            var ordinals = new int[size];
            Array.Copy(_findings, findings, Count);
            Array.Copy(_rules, rules, Count);
            Array.Copy(_ordinals, ordinals, Count);
            (_findings, _rules, _ordinals) = (findings, rules, ordinals);
        }
        _findings[Count] = finding;
        _rules[Count] = rule;
        _ordinals[Count] = ordinal;
        Count++;
    }

    /// <summary>Keeps the findings whose <paramref name="keep"/> is true, in order.</summary>
    public void KeepOnly(bool[] keep)
    {
        var n = 0;
        for (var k = 0; k < Count; k++)
        {
            if (!keep[k]) continue;
            _findings[n] = _findings[k];
            _rules[n] = _rules[k];
            _ordinals[n] = _ordinals[k];
            n++;
        }
        Array.Clear(_findings, n, Count - n);
        Count = n;
    }

    /// <summary>
    /// The findings in order: by position (line, column), then rule, then ordinal; with <paramref name="objectFirst"/>,
    /// by ordinal first. (rule, ordinal) is unique (one outcome per rule per object), so the order is total and any
    /// correct sort gives it: a merge sort of the indexes.
    /// </summary>
    public List<Finding> Sorted(bool objectFirst)
    {
        var order = new int[Count];
        for (var k = 0; k < order.Length; k++) order[k] = k;
        // A document's few findings are sorted by insertion alone: no scratch array.
        if (order.Length > 1) MergeSort(order, order.Length > InsertionRun ? new int[order.Length] : order, 0, order.Length, objectFirst);
        var sorted = new List<Finding>(Count);
        foreach (var k in order) sorted.Add(_findings[k]);
        return sorted;
    }

    private const int InsertionRun = 12;

    private void MergeSort(int[] a, int[] scratch, int from, int to, bool objectFirst)
    {
        if (to - from <= InsertionRun)
        {
            for (var i = from + 1; i < to; i++)
            {
                var x = a[i];
                var j = i - 1;
                for (; j >= from && Compare(a[j], x, objectFirst) > 0; j--) a[j + 1] = a[j];
                a[j + 1] = x;
            }
            return;
        }
        var mid = (from + to) >>> 1;
        MergeSort(a, scratch, from, mid, objectFirst);
        MergeSort(a, scratch, mid, to, objectFirst);
        if (Compare(a[mid - 1], a[mid], objectFirst) <= 0) return;
        Array.Copy(a, from, scratch, from, to - from);
        int l = from, r = mid, o = from;
        while (l < mid && r < to) a[o++] = Compare(scratch[r], scratch[l], objectFirst) < 0 ? scratch[r++] : scratch[l++];
        while (l < mid) a[o++] = scratch[l++];
        while (r < to) a[o++] = scratch[r++];
    }

    private int Compare(int a, int b, bool objectFirst)
    {
        int c;
        if (objectFirst && (c = _ordinals[a].CompareTo(_ordinals[b])) != 0) return c;
        var sa = _findings[a].Span;
        var sb = _findings[b].Span;
        if ((c = (sa?.StartLine ?? 0).CompareTo(sb?.StartLine ?? 0)) != 0) return c;
        if ((c = (sa?.StartColumn ?? 0).CompareTo(sb?.StartColumn ?? 0)) != 0) return c;
        if ((c = _rules[a].CompareTo(_rules[b])) != 0) return c;
        return _ordinals[a].CompareTo(_ordinals[b]);
    }
}
