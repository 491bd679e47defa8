using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>A spilled document's findings: the count is kept in memory, the findings are read back when enumerated.</summary>
internal sealed class SpilledFindings : IReadOnlyList<Finding>
{
    private readonly SpilledResult _result;
    public SpilledFindings(SpilledResult result, int count) { _result = result; Count = count; }
    public int Count { get; }
    public Finding this[int index] => _result.Load().Findings[index];
    public IEnumerator<Finding> GetEnumerator() => _result.Load().Findings.GetEnumerator();
    /// <summary>Each finding's rule id and severity, read without making the findings (for the audit summary).</summary>
    public void Tally(ResultCodec.Tallied each) => _result.Tally(each);
    /// <summary>Each finding in order, read in place for a report (<see cref="SpilledResult.Each"/>).</summary>
    public void Each(FindingVisitor visit) => _result.Each(visit);
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
