using PerfRules.Rules;

namespace PerfRules.Reports;

/// <summary>
/// A finding's evidence as people read it (HTML, xlsx, csv): each value under the Chinese name its
/// rule gives it (<c>evidence:</c>), the rule's working values left out. A rule without names (a
/// user's rule file) shows every let by its own name. JSON and SARIF keep the raw name → value map.
/// </summary>
public static class EvidenceText
{
    public static IReadOnlyList<(string Label, string Value)> Items(Finding f, RuleSet rules)
    {
        var labels = rules.Find(f.RuleId)?.EvidenceLabels;
        if (labels is null) return f.Evidence.Select(e => (e.Name, e.Value)).ToList();
        return f.Evidence.Where(e => labels.ContainsKey(e.Name)).Select(e => (labels[e.Name], e.Value)).ToList();
    }

    /// <summary>总计：100.00；资金来源之和：99.99；差额：0.01 (empty when nothing is shown).</summary>
    public static string Format(Finding f, RuleSet rules) => string.Join("；", Items(f, rules).Select(i => $"{i.Label}：{i.Value}"));
}
