using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Reports;

/// <summary>One input file and what was found in it.</summary>
public sealed class DocumentResult
{
    /// <summary>The path as given (relative paths stay relative, for SARIF and CI annotations).</summary>
    public required string File { get; init; }
    public required Submission Submission { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>The source text of each line a finding starts on (for reports that show it).</summary>
    public IReadOnlyDictionary<int, string> Snippets { get; init; } = new Dictionary<int, string>();

    public string? Snippet(Finding f) => f.Span is { } s && Snippets.TryGetValue(s.StartLine, out var t) ? t : null;

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>
    /// The rule scopes that had objects in the document as read, one bit per scope (null: look at
    /// <see cref="Submission"/>). Set when a batch keeps only a compact copy of the model.
    /// </summary>
    internal int? ScopeMask { get; init; }

    /// <summary>Whether the document as read had objects of that scope (so rules of that scope ran on it).</summary>
    internal bool HasObjects(RuleScope scope) =>
        ScopeMask is { } mask ? (mask & (1 << (int)scope)) != 0 : Rules.Runtime.TargetWalker.Targets(Submission, scope).Count > 0;
}

/// <summary>The result of checking a set of files with one rule set: what every report format prints.</summary>
public sealed class LintReport
{
    public required RuleSet RuleSet { get; init; }
    public required IReadOnlyList<DocumentResult> Documents { get; init; }

    /// <summary>An audit run: formats add the summary (by department, rule, severity, worst documents).</summary>
    public bool IsAudit { get; init; }
    /// <summary>What a baseline hid and which of its entries no longer occur (null: no baseline).</summary>
    public BaselineOutcome? Baseline { get; init; }
    /// <summary>Findings left out of the listing by --max-findings (they still count in the summary).</summary>
    public int OmittedFindings { get; init; }

    private AuditSummary? _summary;
    /// <summary>The audit summary; computed from the findings unless given (e.g. before --max-findings cut the listing).</summary>
    public AuditSummary Summary { get => _summary ??= AuditSummary.Of(this); init => _summary = value; }

    public static string ToolName => "PerfRules";
    public static string ToolVersion { get; } =
        typeof(LintReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public IEnumerable<Finding> Findings => Documents.SelectMany(d => d.Findings);
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>Whether any finding is at or above the threshold (Off: never).</summary>
    public bool Fails(Severity failOn) => failOn != Severity.Off && Findings.Any(f => f.Severity >= failOn);

    /// <summary>The same report listing at most <paramref name="max"/> findings (in document order); the summary keeps counting all.</summary>
    public LintReport Limit(int max)
    {
        var total = Findings.Count();
        if (max < 0 || total <= max) return this;
        var left = max;
        var docs = new List<DocumentResult>();
        foreach (var d in Documents)
        {
            var take = Math.Min(left, d.Findings.Count);
            left -= take;
            docs.Add(take == d.Findings.Count ? d : new DocumentResult
            {
                File = d.File, Submission = d.Submission, Findings = d.Findings.Take(take).ToList(), Snippets = d.Snippets, ScopeMask = d.ScopeMask,
            });
        }
        return new LintReport
        {
            RuleSet = RuleSet, Documents = docs, IsAudit = IsAudit, Baseline = Baseline,
            OmittedFindings = OmittedFindings + total - max, Summary = Summary,
        };
    }
}
