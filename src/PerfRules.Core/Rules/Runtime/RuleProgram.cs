using System.Collections;
using System.ComponentModel;
using System.Globalization;
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

    /// <summary>Where findings on this object point.</summary>
    public SourceSpan? Span { get; internal set; }

    private string? _path;
    /// <summary>The logical path (部门 › 单位 › 项目 › 指标 n). Built on first use: most objects pass every rule and never need it.</summary>
    public string Path { get => _path ??= TargetWalker.PathOf(this); init => _path = value; }
    /// <summary>Position in the document walk, for a stable order.</summary>
    internal int Ordinal { get; set; }

    internal RuleTarget(Submission doc) { Doc = doc; }

    /// <summary>Clears the object fields (the runtime reuses one target per document and sets only what changes).</summary>
    internal void Clear()
    {
        Diagnostic = null; Unit = null; Project = null; Indicator = null; Amounts = null; Department = null;
        RowKind = ""; RowName = ""; Span = null; _path = null; Ordinal = 0;
    }

    /// <summary>Sets <see cref="Span"/> from the object fields and forgets the path: a reused target, before a finding is built on it.</summary>
    internal RuleTarget Settle(RuleScope scope)
    {
        Span = SpanOf(scope);
        _path = null;
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

/// <summary>What one rule concluded on one object.</summary>
public sealed class RuleOutcome
{
    public static readonly RuleOutcome Skipped = new(false, null, null, null);
    public static readonly RuleOutcome Passed = new(false, null, null, null);

    public bool IsFailure { get; }
    /// <summary>The let values, formatted, in declaration order.</summary>
    public IReadOnlyList<string> Evidence { get; }
    /// <summary>The message holes, formatted, in order.</summary>
    public IReadOnlyList<string> Holes { get; }
    /// <summary>Where the rule's `at` expression says the finding points, if it has one.</summary>
    public SourceSpan? At { get; }

    private RuleOutcome(bool failure, string[]? evidence, string[]? holes, SourceSpan? at)
    {
        IsFailure = failure; Evidence = evidence ?? Array.Empty<string>(); Holes = holes ?? Array.Empty<string>(); At = at;
    }

    public static RuleOutcome Failed(string[] evidence, string[] holes, SourceSpan? at = null) => new(true, evidence, holes, at);
}

/// <summary>A compiled rule (generated code derives from it; not for direct use).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleProgram
{
    public abstract string RuleId { get; }
    public abstract RuleOutcome Evaluate(RuleTarget target, CodeTable codes);
}

/// <summary>The entry point of a compiled rule-set assembly (generated code derives from it).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleProgramFactory
{
    /// <summary>The full name of the generated factory type in every rule-set assembly.</summary>
    public const string GeneratedTypeName = "PerfRules.Generated.RuleSetPrograms";
    public abstract RuleProgram[] Create();
    public abstract ScopeRunner CreateRunner();
}

/// <summary>
/// Runs every rule in force of one scope on one object (generated code derives from it). Rules
/// whose entry in <see cref="RuleSink.Skip"/> is set are passed over.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ScopeRunner
{
    public abstract void RunDocument(Submission doc, CodeTable codes, RuleSink sink);
    public abstract void RunDiagnostic(Submission doc, Diagnostic diagnostic, CodeTable codes, RuleSink sink);
    public abstract void RunAmountRow(Submission doc, FundingUnit? unit, Project? project, string rowKind, string name, Amounts amounts, CodeTable codes, RuleSink sink);
    public abstract void RunUnit(Submission doc, FundingUnit unit, CodeTable codes, RuleSink sink);
    public abstract void RunProject(Submission doc, FundingUnit unit, Project project, CodeTable codes, RuleSink sink);
    public abstract void RunIndicator(Submission doc, FundingUnit? unit, Project? project, Indicator indicator, CodeTable codes, RuleSink sink);
}

/// <summary>
/// Where a <see cref="ScopeRunner"/> reports, for one document: it knows the object being
/// checked and turns failures and exceptions into findings.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleSink
{
    /// <summary>Rules not to run on the rest of the document (out of budget), by rule index.</summary>
    public bool[] Skip;

    private protected RuleSink(bool[] skip) { Skip = skip; }

    public abstract void Failed(int rule, RuleOutcome outcome);
    public abstract void Threw(int rule, Exception e);
}

/// <summary>Turns let values and message holes into text.</summary>
public static class RuleValue
{
    private const int MaxItems = 20;
    /// <summary>
    /// Longest value in a message or evidence (characters; longer ones end with “…”): a rule may
    /// build a string of millions of characters, and a message is copied into every report.
    /// </summary>
    public const int MaxChars = 10_000;

    public static string Format(object? value) => Cap(FormatValue(value));

    private static string Cap(string s) => s.Length <= MaxChars ? s : s[..MaxChars] + "…";

    private static string FormatValue(object? value) => value switch
    {
        null => "（空）",
        string s => s,
        decimal d => RuleHelpers.Fmt(d),
        bool b => b ? "是" : "否",
        double x => x.ToString("0.######", CultureInfo.InvariantCulture),
        float x => x.ToString("0.######", CultureInfo.InvariantCulture),
        Project p => p.Name,
        FundingUnit u => u.Name,
        Indicator i => i.Name,
        Amounts a => FormatAmounts(a),
        IEnumerable e => FormatList(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>An amount row as evidence: 总计 390.00（财政拨款 390.00，未归列 12.00）.</summary>
    private static string FormatAmounts(Amounts a)
    {
        var parts = a.Sources.Select(c => $"{c.Column} {RuleHelpers.Fmt(c.Value)}")
            .Concat(a.Unplaced.Select(v => $"未归列 {RuleHelpers.Fmt(v)}")).ToList();
        return $"总计 {RuleHelpers.Fmt(a.Total)}" + (parts.Count > 0 ? $"（{string.Join("，", parts)}）" : "");
    }

    private static string FormatList(IEnumerable items)
    {
        var parts = new List<string>();
        var more = false;
        long length = 0;
        foreach (var item in items)
        {
            if (parts.Count == MaxItems || length > MaxChars) { more = true; break; }
            var part = Format(item);
            parts.Add(part);
            length += part.Length + 1;
        }
        return string.Join("、", parts) + (more ? "…" : "");
    }
}
