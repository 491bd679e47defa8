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
    /// <summary>Threads its reports and summary may use (the run's <c>--jobs</c>); 0 or less: one per core.</summary>
    public int Jobs { get; init; }
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

    /// <summary>The listed findings of that severity (from each document's counts: a spilled batch is not read back).</summary>
    public int Count(Severity severity)
    {
        var n = 0;
        foreach (var d in Documents) n += d.Count(severity);
        return n;
    }

    /// <summary>Whether any finding is at or above the threshold (Off: never).</summary>
    public bool Fails(Severity failOn) => failOn != Severity.Off && Documents.Any(d => AtOrAbove(d, failOn) > 0);

    /// <summary>How many of a document's findings are at <paramref name="min"/> or above, from its counts.</summary>
    private static int AtOrAbove(DocumentResult d, Severity min) => min switch
    {
        Severity.Error => d.Counts.Errors,
        Severity.Warning => d.Counts.Errors + d.Counts.Warnings,
        Severity.Info => d.Counts.Total,
        _ => d.Findings.Count,
    };

    /// <summary>
    /// The same report listing only findings at <paramref name="min"/> or above; the summary keeps counting all.
    /// Each document is filtered when a report asks for it (a spilled batch stays on disk).
    /// </summary>
    public LintReport AtLeast(Severity min)
    {
        var hidden = 0;
        foreach (var d in Documents) hidden += d.Findings.Count - AtOrAbove(d, min);
        var docs = new DerivedDocuments(Documents, (_, d) =>
        {
            var kept = AtOrAbove(d, min);
            if (kept == d.Findings.Count) return d;
            var c = d.Counts;
            var counts = new SeverityCounts(c.Errors, min <= Severity.Warning ? c.Warnings : 0, min <= Severity.Info ? c.Infos : 0);
            return d.WithFindings(new DerivedFindings(d.Findings, kept, all => all.Where(f => f.Severity >= min)), counts);
        });
        return new LintReport
        {
            RuleSet = RuleSet, Documents = docs, IsAudit = IsAudit, Jobs = Jobs, Baseline = Baseline, OmittedFindings = OmittedFindings,
            HiddenFindings = HiddenFindings + hidden, MinSeverity = min, Summary = Summary,
        };
    }

    /// <summary>
    /// The same report listing at most <paramref name="max"/> findings (in document order); the summary keeps counting all.
    /// Each document is cut when a report asks for it (a spilled batch stays on disk).
    /// </summary>
    public LintReport Limit(int max)
    {
        var total = 0;
        foreach (var d in Documents) total += d.Findings.Count;
        if (max < 0 || total <= max) return this;
        // The document where the listing is cut, and how many of its findings are kept: all before it are whole, all after it empty.
        int cut = 0, left = max;
        while (left >= Documents[cut].Findings.Count) left -= Documents[cut++].Findings.Count;
        var docs = new DerivedDocuments(Documents, (k, d) =>
            k < cut ? d
            : k > cut ? d.WithFindings(Array.Empty<Finding>(), new SeverityCounts(0, 0, 0))
            : d.WithFindings(new DerivedFindings(d.Findings, left, all => all.Take(left))));
        return new LintReport
        {
            RuleSet = RuleSet, Documents = docs, IsAudit = IsAudit, Jobs = Jobs, Baseline = Baseline,
            OmittedFindings = OmittedFindings + total - max, HiddenFindings = HiddenFindings, MinSeverity = MinSeverity, Summary = Summary,
        };
    }
}
