using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Runs;

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
    /// <summary>Findings left out of the listing by --min-severity (they still count in the summary and for --fail-on).</summary>
    public int HiddenFindings { get; init; }
    /// <summary>The level below which findings are left out of the listing (null: none are).</summary>
    public Severity? MinSeverity { get; init; }

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

    /// <summary>The same report listing only findings at <paramref name="min"/> or above; the summary keeps counting all.</summary>
    public LintReport AtLeast(Severity min)
    {
        var hidden = 0;
        var docs = new List<DocumentResult>();
        foreach (var d in Documents)
        {
            var kept = d.Findings.Where(f => f.Severity >= min).ToList();
            hidden += d.Findings.Count - kept.Count;
            docs.Add(kept.Count == d.Findings.Count ? d : new DocumentResult
            {
                File = d.File, InputPath = d.InputPath, Submission = d.Submission, Findings = kept, Snippets = d.Snippets, ScopeMask = d.ScopeMask,
            });
        }
        return new LintReport
        {
            RuleSet = RuleSet, Documents = docs, IsAudit = IsAudit, Baseline = Baseline, OmittedFindings = OmittedFindings,
            HiddenFindings = HiddenFindings + hidden, MinSeverity = min, Summary = Summary,
        };
    }

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
                File = d.File, InputPath = d.InputPath, Submission = d.Submission, Findings = d.Findings.Take(take).ToList(), Snippets = d.Snippets, ScopeMask = d.ScopeMask,
            });
        }
        return new LintReport
        {
            RuleSet = RuleSet, Documents = docs, IsAudit = IsAudit, Baseline = Baseline,
            OmittedFindings = OmittedFindings + total - max, HiddenFindings = HiddenFindings, MinSeverity = MinSeverity, Summary = Summary,
        };
    }
}
