using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// PR008: past <see cref="RuleEngineOptions.MaxFindingsPerDocument"/> a document's findings are cut,
/// and the rest counted (by rule) in one diagnostic that the set's diagnostic rules report like any
/// other reading problem (so overrides apply); a set without such a rule gets a plain warning.
/// </summary>
internal static class FindingCap
{
    public static IReadOnlyList<Finding> Apply(CompiledRuleSet set, Submission doc, IReadOnlyList<Finding> findings, CancellationToken cancellation)
    {
        var max = set.Options.MaxFindingsPerDocument;
        if (max <= 0 || findings.Count <= max) return findings;
        var kept = findings.Take(max).ToList();
        var rest = findings.Skip(max).ToList();
        var byRule = string.Join("、", rest.GroupBy(f => f.RuleId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()} 条"));
        var diag = new Diagnostic("PR008", $"本文档的检查结果超过上限 {max} 条，另有 {rest.Count} 条未列出（{byRule}）", rest[0].Span);
        var target = new RuleTarget(doc) { Diagnostic = diag, Span = diag.Span, Path = doc.Department?.Trim() ?? "" };
        var summary = set.Run(scope => scope == RuleScope.Diagnostic ? new List<RuleTarget> { target } : new List<RuleTarget>(),
            set.ActiveRules(RuleScope.Diagnostic), sortByPosition: true, cancellation);
        if (summary.Count == 0 && !set.RuleSet.Rules.Any(r => r.Id == "PR008"))
            summary.Add(set.Findings.New("PR008", Severity.Warning, "检查结果过多", diag.Message, target, target.Span, Array.Empty<Evidence>(),
                Finding.ComputeFingerprint("PR008", doc.SourceFile, target.Path, Array.Empty<Evidence>(), diag.Message)));
        kept.AddRange(summary);
        return kept;
    }
}
