namespace PerfRules.Rules;

/// <summary>What a rule is evaluated over (one evaluation per object of the scope).</summary>
public enum RuleScope
{
    /// <summary>The whole submission once: <c>doc</c>.</summary>
    Document,
    /// <summary>Each reading problem: <c>doc, diagnostic</c>.</summary>
    Diagnostic,
    /// <summary>Each amount row (合计, unit rows, project rows): <c>doc, unit?, project?, rowKind, name, amounts</c>.</summary>
    AmountRow,
    /// <summary>Each funding unit: <c>doc, unit</c>.</summary>
    Unit,
    /// <summary>Each project: <c>doc, unit, project</c>.</summary>
    Project,
    /// <summary>Each indicator of projects and of the department-overall form: <c>doc, unit?, project?, indicator</c>.</summary>
    Indicator,
    /// <summary>
    /// Each department with all its submissions in one run (cross-document rules), once all
    /// documents are read: <c>doc</c> (its first department-overall table, else its first document), <c>department</c>.
    /// </summary>
    Department,
    /// <summary>
    /// The objects of the whole run (documents, units, projects or indicators, <c>match.each</c>) grouped
    /// by a key (<c>match.key</c>): <c>group</c> (a <see cref="Model.BatchGroup"/>) and <c>item</c>, each of
    /// its objects in turn (a <see cref="Model.BatchItem"/>). Run by the cross-document engine.
    /// </summary>
    Batch,
}
