namespace PerfRules.Model;

/// <summary>
/// The objects of a run that share a key (<c>match.key</c> of a rule with scope <c>batch</c>), in run
/// order: what the rule's <c>when</c>, <c>let</c> and <c>assert</c> see as <c>group</c>.
/// </summary>
public sealed class BatchGroup
{
    public object Key { get; }
    public IReadOnlyList<BatchItem> Items { get; }

    public BatchGroup(object key, IEnumerable<BatchItem> items)
    {
        Key = key;
        // Run order whatever order the engine hands them in: findings and messages stay stable.
        // Most groups of a run are one object (a key seen once): no sort for them.
        var list = items.ToList();
        if (list.Count > 1) list.Sort(static (a, b) => a.Document != b.Document ? a.Document.CompareTo(b.Document) : a.Ordinal.CompareTo(b.Ordinal));
        Items = list;
    }

    private IReadOnlyList<string>? _departments;
    // How many of the group's objects each document and each department holds (worked out once: a rule asks for each object).
    private Dictionary<int, int>? _perDocument;
    private Dictionary<string, int>? _perDepartment;
    private Dictionary<int, int> PerDocument => _perDocument ??= Tally(i => i.Document);
    private Dictionary<string, int> PerDepartment => _perDepartment ??= Tally(i => i.Department);

    public int Count => Items.Count;

    /// <summary>How many documents the group's objects are in (worked out once: a rule asks for each object).</summary>
    public int Documents => Items.Count == 1 ? 1 : PerDocument.Count;

    /// <summary>The 部门名称 of the group's documents, each once, in run order ("" for a document without one).</summary>
    public IReadOnlyList<string> Departments => _departments ??= new SharedList<string>(Items.Count == 1 ? new[] { Items[0].Department } : Items.Select(i => i.Department).Distinct().ToList());

    /// <summary>The group's objects other than <paramref name="item"/>.</summary>
    public IReadOnlyList<BatchItem> Others(BatchItem item) => Items.Where(i => !ReferenceEquals(i, item)).ToList();

    /// <summary>The group's objects in other documents than <paramref name="item"/>'s.</summary>
    public IReadOnlyList<BatchItem> InOtherDocuments(BatchItem item) => Items.Where(i => i.Document != item.Document).ToList();

    /// <summary>The group's objects under other departments than <paramref name="item"/>'s.</summary>
    public IReadOnlyList<BatchItem> InOtherDepartments(BatchItem item) => Items.Where(i => i.Department != item.Department).ToList();

    // A group of n copies gives n findings: each lists a few of the others and counts the rest, so the
    // findings of a batch grow with n, not n² (400 copies of a table made 573 MB of SARIF).
    /// <summary>The first <paramref name="max"/> of the group's objects in other documents than <paramref name="item"/>'s, in run order.</summary>
    public IReadOnlyList<BatchItem> InOtherDocuments(BatchItem item, int max) =>
        Head(max) is { } head && !Holds(head, item.Document, null) ? head : First(i => i.Document != item.Document, max);

    /// <summary>How many of the group's objects are in other documents than <paramref name="item"/>'s.</summary>
    public int CountInOtherDocuments(BatchItem item) =>
        Items.Count - (PerDocument.TryGetValue(item.Document, out var n) ? n : 0);

    /// <summary>The first <paramref name="max"/> of the group's objects under other departments than <paramref name="item"/>'s, in run order.</summary>
    public IReadOnlyList<BatchItem> InOtherDepartments(BatchItem item, int max) =>
        Head(max) is { } head && !Holds(head, null, item.Department) ? head : First(i => i.Department != item.Department, max);

    /// <summary>How many of the group's objects are under other departments than <paramref name="item"/>'s.</summary>
    public int CountInOtherDepartments(BatchItem item) =>
        Items.Count - (PerDepartment.TryGetValue(item.Department, out var n) ? n : 0);

    // The group's first objects: the first few in other documents (or departments) of every member whose own
    // document is not among them, that is of all but a few members of a big group. Shared, with the text of its
    // places made once (a group of 2,000 copies made 2,000 equal lists and joined their places 2,000 times).
    private SharedList<BatchItem>? _head;
    private int _headMax = -1;
    private SharedList<BatchItem>? Head(int max)
    {
        if (max < 0) return null;
        if (_headMax != max)
        {
            _head = new SharedList<BatchItem>(Items.Take(max).ToArray());
            _headMax = max;
        }
        return _head;
    }

    private static bool Holds(SharedList<BatchItem> head, int? document, string? department)
    {
        foreach (var i in head)
            if (i.Document == document || i.Department == department) return true;
        return false;
    }

    private List<BatchItem> First(Func<BatchItem, bool> wanted, int max)
    {
        var list = new List<BatchItem>(Math.Min(Math.Max(max, 0), Items.Count));
        foreach (var i in Items)
        {
            if (list.Count >= max) break;
            if (wanted(i)) list.Add(i);
        }
        return list;
    }

    private Dictionary<TKey, int> Tally<TKey>(Func<BatchItem, TKey> key) where TKey : notnull
    {
        var counts = new Dictionary<TKey, int>();
        foreach (var i in Items)
        {
            var k = key(i);
            counts[k] = (counts.TryGetValue(k, out var n) ? n : 0) + 1;
        }
        return counts;
    }
}
