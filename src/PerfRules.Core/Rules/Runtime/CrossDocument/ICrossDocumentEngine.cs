using PerfRules.Model;

namespace PerfRules.Rules.Runtime.CrossDocument;

/// <summary>
/// Runs the cross-document rules of a run: it matches and groups the facts (documents of one
/// department; batch facts by key) and tells the <see cref="CrossDocumentRun"/> which groups to
/// evaluate. The core evaluates every rule expression and makes every finding, so any engine gives
/// the same findings. Engines: <see cref="ReferenceCrossDocumentEngine"/> (LINQ, in the core) and the
/// NRules plug-in (PerfRules.Engines.NRules), which the hosts use. An engine must never pair facts
/// with each other (a join over the run is quadratic): group by key only. A batch run calls
/// <see cref="RunDepartment"/> and <see cref="RunBatch"/> from several threads at once (different departments
/// and slices of one run): an engine keeps no state of a call outside it, or keeps it per thread.
/// </summary>
public interface ICrossDocumentEngine
{
    /// <summary>The engine's name (logs, benchmarks).</summary>
    string Name { get; }

    /// <summary>
    /// The documents of one department, as handles (position, 部门名称; never the models): for each of
    /// <see cref="CrossDocumentRun.DepartmentRules"/>, call <see cref="CrossDocumentRun.Department"/> with them.
    /// </summary>
    void RunDepartment(CrossDocumentRun run, IReadOnlyList<DocumentFact> documents);

    /// <summary>
    /// One slice of the run's batch facts (one session; every fact of a key is in the same slice): group
    /// the facts of each batch rule by <see cref="BatchItem.Key"/>, and for each group for which
    /// <see cref="CrossDocumentRun.Fails"/> is true call <see cref="CrossDocumentRun.Group"/>.
    /// </summary>
    void RunBatch(CrossDocumentRun run, IReadOnlyList<BatchItem> facts);
}
