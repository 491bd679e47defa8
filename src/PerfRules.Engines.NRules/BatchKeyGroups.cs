using PerfRules.Model;

namespace PerfRules.Engines.NRules;

/// <summary>A batch rule's facts by their key.</summary>
public sealed class BatchKeyGroups : KeyGroups<BatchItem, object>
{
    protected override object KeyOf(BatchItem fact) => fact.Key;
}
