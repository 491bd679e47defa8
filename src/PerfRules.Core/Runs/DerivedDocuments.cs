using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// A report's documents seen through a change made to each when it is asked for (the findings
/// --min-severity, --max-findings or a baseline leave): a spilled batch stays on disk, nothing is
/// kept per document.
/// </summary>
internal sealed class DerivedDocuments(IReadOnlyList<DocumentResult> source, Func<int, DocumentResult, DocumentResult> derive) : IReadOnlyList<DocumentResult>
{
    public int Count => source.Count;
    public DocumentResult this[int index] => derive(index, source[index]);

    public IEnumerator<DocumentResult> GetEnumerator()
    {
        for (var k = 0; k < source.Count; k++) yield return this[k];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Some of a document's findings, picked from its own when first enumerated (a spilled document's are
/// read back then); the count is known beforehand (from the severity counts or the listing cut).
/// </summary>
internal sealed class DerivedFindings(IReadOnlyList<Finding> source, int count, Func<IEnumerable<Finding>, IEnumerable<Finding>> pick) : IReadOnlyList<Finding>
{
    private List<Finding>? _picked;
    private List<Finding> Picked => _picked ??= pick(source).ToList();
    public int Count => count;
    public Finding this[int index] => Picked[index];
    public IEnumerator<Finding> GetEnumerator() => (count == 0 ? new List<Finding>() : Picked).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
