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
        Items = items.OrderBy(i => i.Document).ThenBy(i => i.Ordinal).ToList();
    }

    public int Count => Items.Count;

    /// <summary>How many documents the group's objects are in.</summary>
    public int Documents => Items.Select(i => i.Document).Distinct().Count();

    /// <summary>The 部门名称 of the group's documents, each once, in run order ("" for a document without one).</summary>
    public IReadOnlyList<string> Departments => Items.Select(i => i.Department).Distinct().ToList();

    /// <summary>The group's objects other than <paramref name="item"/>.</summary>
    public IReadOnlyList<BatchItem> Others(BatchItem item) => Items.Where(i => !ReferenceEquals(i, item)).ToList();

    /// <summary>The group's objects in other documents than <paramref name="item"/>'s.</summary>
    public IReadOnlyList<BatchItem> InOtherDocuments(BatchItem item) => Items.Where(i => i.Document != item.Document).ToList();

    /// <summary>The group's objects under other departments than <paramref name="item"/>'s.</summary>
    public IReadOnlyList<BatchItem> InOtherDepartments(BatchItem item) => Items.Where(i => i.Department != item.Department).ToList();
}
