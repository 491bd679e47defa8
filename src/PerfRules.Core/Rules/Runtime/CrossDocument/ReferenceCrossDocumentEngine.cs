using PerfRules.Model;

namespace PerfRules.Rules.Runtime.CrossDocument;

/// <summary>
/// The core's cross-document engine: plain LINQ grouping, no dependency. The default when no engine
/// is given (library use, the core's tests), and the reference the NRules engine is compared with.
/// </summary>
public sealed class ReferenceCrossDocumentEngine : ICrossDocumentEngine
{
    public static ReferenceCrossDocumentEngine Instance { get; } = new();

    public string Name => "reference";

    public void RunDepartment(CrossDocumentRun run, IReadOnlyList<DocumentFact> documents)
    {
        foreach (var rule in run.DepartmentRules) run.Department(rule, documents);
    }

    public void RunBatch(CrossDocumentRun run, IReadOnlyList<BatchItem> facts)
    {
        foreach (var g in facts.GroupBy(f => (f.Rule, f.Key)))
            if (run.Fails(g.Key.Rule, g.Key.Key, g)) run.Group(g.Key.Rule, g.Key.Key, g);
    }
}
