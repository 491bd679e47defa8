using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// One object a rule is evaluated on, with everything in scope for it. Built by the runtime;
/// read by the generated code.
/// </summary>
public sealed class RuleTarget
{
    public Submission Doc { get; }
    public Diagnostic? Diagnostic { get; internal set; }
    public FundingUnit? Unit { get; internal set; }
    public Project? Project { get; internal set; }
    public Indicator? Indicator { get; internal set; }
    /// <summary>amountRow scope: total, unit or project.</summary>
    public string RowKind { get; internal set; } = "";
    /// <summary>amountRow scope: the row's name (合计, the unit's, the project's).</summary>
    public string RowName { get; internal set; } = "";
    public Amounts? Amounts { get; internal set; }
    /// <summary>department scope: the department and its submissions in the run.</summary>
    public DepartmentDocs? Department { get; internal set; }
    /// <summary>batch scope: the group of objects with one key, and the one of them the rule is evaluated for.</summary>
    public BatchGroup? Group { get; internal set; }
    public BatchItem? Item { get; internal set; }

    /// <summary>Where findings on this object point.</summary>
    public SourceSpan? Span { get; internal set; }

    private string? _path;
    // The ordinal of the object the path was built for (-1: none, or a path given): see Settle.
    private int _pathOrdinal = -1;
    /// <summary>The logical path (部门 › 单位 › 项目 › 指标 n). Built on first use: most objects pass every rule and never need it.</summary>
    public string Path { get => _path ??= PathOfThis(); init => _path = value; }

    private string PathOfThis()
    {
        _pathOrdinal = Ordinal;
        return TargetWalker.PathOf(this);
    }
    /// <summary>Position in the document walk, for a stable order.</summary>
    internal int Ordinal { get; set; }

    internal RuleTarget(Submission doc) { Doc = doc; }

    /// <summary>Clears the object fields (the runtime reuses one target per document and sets only what changes).</summary>
    internal void Clear()
    {
        Diagnostic = null; Unit = null; Project = null; Indicator = null; Amounts = null; Department = null;
        RowKind = ""; RowName = ""; Span = null; _path = null; _pathOrdinal = -1; Ordinal = 0;
    }

    /// <summary>
    /// Sets <see cref="Span"/> from the object fields and forgets the path unless it was built for this object: a
    /// reused target, before a finding is built on it. Within a scope's walk each object has its own ordinal and
    /// the target is cleared between scopes, so an object's later findings share its path (one string, not one each).
    /// </summary>
    internal RuleTarget Settle(RuleScope scope)
    {
        Span = SpanOf(scope);
        if (_pathOrdinal != Ordinal) { _path = null; _pathOrdinal = -1; }
        return this;
    }

    /// <summary>Where findings on the object of this scope point.</summary>
    internal SourceSpan? SpanOf(RuleScope scope) => scope switch
    {
        RuleScope.Diagnostic => Diagnostic?.Span,
        RuleScope.AmountRow => RowKind == "total" ? Doc.GrandTotal?.Span : Project?.Span ?? Unit?.Span,
        RuleScope.Unit => Unit?.Span,
        RuleScope.Project => Project?.Span,
        RuleScope.Indicator => Indicator?.Span ?? Project?.IndicatorsSpan ?? Project?.Span,
        _ => null,
    };
}
