using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Rules.Runtime;

public sealed partial record RuleEngineOptions
{
    /// <summary>
    /// The engine that runs the cross-document rules (scopes department and batch): the hosts give the
    /// NRules plug-in (PerfRules.Engines.NRules); null is the core's reference engine (LINQ grouping).
    /// Both give the same findings: the engine matches and groups, the core evaluates the rules.
    /// </summary>
    public ICrossDocumentEngine? CrossDocument { get; init; }

    /// <summary>
    /// Batch facts per engine session: the facts of a run are split by a hash of their key into slices
    /// of about this many (a key's facts are always in one slice), so a session's memory stays bounded.
    /// </summary>
    public int CrossDocumentSliceSize { get; init; } = 65_536;
}
