using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Reports;

/// <summary>Finding counts by severity.</summary>
public sealed record SeverityCounts(int Errors, int Warnings, int Infos)
{
    public int Total => Errors + Warnings + Infos;

    public static SeverityCounts Of(IEnumerable<Finding> findings)
    {
        int e = 0, w = 0, i = 0;
        foreach (var f in findings)
            switch (f.Severity)
            {
                case Severity.Error: e++; break;
                case Severity.Warning: w++; break;
                case Severity.Info: i++; break;
            }
        return new SeverityCounts(e, w, i);
    }
}

/// <summary>One department's line of the summary: how many files, how many findings.</summary>
public sealed record DepartmentSummary(string Department, int Documents, SeverityCounts Counts);

/// <summary>One rule's line of the summary: how often it fired and in how many documents.</summary>
public sealed record RuleSummary(string RuleId, string Title, Severity Severity, int Findings, int Documents);

/// <summary>One document's line (worst documents first).</summary>
public sealed record DocumentSummary(string File, string Department, string Kind, SeverityCounts Counts);

/// <summary>A file that could not be read as a table, and why (it counts as a finding too).</summary>
public sealed record UnreadableFile(string File, string Reason);

/// <summary>
/// 汇总: what an audit prints first — totals, counts by department, by rule and by severity, the
/// worst documents, and every file that could not be read with its reason. Computed from a report;
/// orders are deterministic (counts descending, then input order or ordinal name).
/// </summary>
public sealed class AuditSummary
{
    /// <summary>The name used for documents whose header names no department.</summary>
    public const string UnknownDepartment = "（未识别部门）";
    public const int WorstCount = 10;

    public required int Files { get; init; }
    /// <summary>Files read as a known table.</summary>
    public required int Tables { get; init; }
    public required SeverityCounts Totals { get; init; }
    public required int DocumentsWithFindings { get; init; }
    public required IReadOnlyList<DepartmentSummary> ByDepartment { get; init; }
    public required IReadOnlyList<RuleSummary> ByRule { get; init; }
    public required IReadOnlyList<DocumentSummary> WorstDocuments { get; init; }
    public required IReadOnlyList<UnreadableFile> Unreadable { get; init; }

    public static AuditSummary Of(LintReport report)
    {
        var docs = report.Documents;
        var byDept = docs
            .GroupBy(d => DepartmentOf(d), StringComparer.Ordinal)
            .Select(g => new DepartmentSummary(g.Key, g.Count(), SeverityCounts.Of(g.SelectMany(d => d.Findings))))
            .OrderByDescending(d => d.Counts.Errors).ThenByDescending(d => d.Counts.Warnings).ThenByDescending(d => d.Counts.Infos)
            .ThenBy(d => d.Department, StringComparer.Ordinal)
            .ToList();

        var titles = report.RuleSet.Rules.ToDictionary(r => r.Id, r => r.Title);
        var order = report.RuleSet.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        // One document's findings at a time (a batch keeps them out of memory): no GroupBy over all findings.
        var tally = new Dictionary<string, (string Title, Severity Severity, int Findings, int Documents, int LastDoc)>(StringComparer.Ordinal);
        for (var k = 0; k < docs.Count; k++)
            foreach (var f in docs[k].Findings)
            {
                if (!tally.TryGetValue(f.RuleId, out var t))
                    t = (titles.TryGetValue(f.RuleId, out var title) ? title : f.Title, f.Severity, 0, 0, -1);
                tally[f.RuleId] = (t.Title, f.Severity > t.Severity ? f.Severity : t.Severity, t.Findings + 1,
                    t.LastDoc == k ? t.Documents : t.Documents + 1, k);
            }
        var byRule = tally
            .Select(x => new RuleSummary(x.Key, x.Value.Title, x.Value.Severity, x.Value.Findings, x.Value.Documents))
            .OrderByDescending(r => r.Severity).ThenByDescending(r => r.Findings)
            .ThenBy(r => order.TryGetValue(r.RuleId, out var i) ? i : int.MaxValue).ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ToList();

        var worst = docs.Select((d, i) => (d, i, c: SeverityCounts.Of(d.Findings)))
            .Where(x => x.c.Total > 0)
            .OrderByDescending(x => x.c.Errors).ThenByDescending(x => x.c.Warnings).ThenByDescending(x => x.c.Infos).ThenBy(x => x.i)
            .Take(WorstCount)
            .Select(x => new DocumentSummary(x.d.File, DepartmentOf(x.d), KindName(x.d.Submission.Kind), x.c))
            .ToList();

        var unreadable = docs.Where(d => d.Submission.Kind == SubmissionKind.Unknown)
            .Select(d => new UnreadableFile(d.File, ReasonOf(d)))
            .ToList();

        return new AuditSummary
        {
            Files = docs.Count,
            Tables = docs.Count - unreadable.Count,
            Totals = SeverityCounts.Of(docs.SelectMany(d => d.Findings)),
            DocumentsWithFindings = docs.Count(d => d.Findings.Count > 0),
            ByDepartment = byDept,
            ByRule = byRule,
            WorstDocuments = worst,
            Unreadable = unreadable,
        };
    }

    public static string DepartmentOf(DocumentResult d) =>
        string.IsNullOrWhiteSpace(d.Submission.Department) ? UnknownDepartment : d.Submission.Department.Trim();

    /// <summary>表的种类, in Chinese.</summary>
    public static string KindName(SubmissionKind kind) => kind switch
    {
        SubmissionKind.ProjectTargets => "项目支出绩效目标表",
        SubmissionKind.DepartmentOverall => "部门整体预算绩效目标申报表",
        _ => "无法识别",
    };

    private static string ReasonOf(DocumentResult d)
    {
        var diag = d.Submission.Diagnostics.FirstOrDefault(x => x.RuleId == "PR001")
                   ?? d.Submission.Diagnostics.FirstOrDefault();
        return diag?.Message ?? "无法识别的文档";
    }
}
