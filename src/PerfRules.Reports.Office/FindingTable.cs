using System.Globalization;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>Every field of a finding as one flat row (csv and xlsx share the columns).</summary>
public static class FindingTable
{
    /// <summary>Column names (Chinese, for the people who open the file in Excel).</summary>
    public static readonly IReadOnlyList<string> Columns = new[]
    {
        "文件", "部门", "资金使用单位", "项目", "指标序号", "规则", "级别", "规则标题", "消息",
        "起始行", "起始列", "结束行", "结束列", "位置", "逻辑路径", "证据", "规则集", "规则集版本", "指纹", "规则执行失败", "原文",
    };

    /// <summary>Columns holding numbers (指标序号, 起始行, 起始列, 结束行, 结束列): written as numbers, never neutralised.</summary>
    public static readonly IReadOnlySet<int> NumericColumns = new HashSet<int> { 4, 9, 10, 11, 12 };

    public static IEnumerable<string[]> Rows(LintReport report) =>
        report.Documents.SelectMany(d => d.Findings.Select(f => Row(d, f)));

    public static string[] Row(DocumentResult d, Finding f)
    {
        var s = f.Span;
        return new[]
        {
            d.File,
            f.Department ?? d.Submission.Department ?? "",
            f.Unit ?? "",
            f.Project ?? "",
            f.IndicatorSeq?.ToString(CultureInfo.InvariantCulture) ?? "",
            f.RuleId,
            f.Severity.Name(),
            f.Title,
            f.Message,
            Num(s?.StartLine), Num(s?.StartColumn), Num(s?.EndLine), Num(s?.EndColumn),
            d.Place(f) ?? "",
            f.Path,
            string.Join("; ", f.Evidence.Select(e => $"{e.Name}={e.Value}")),
            f.RuleSet,
            f.RuleSetVersion,
            f.Fingerprint,
            f.IsRuleFailure ? "是" : "否",
            d.Snippet(f) ?? "",
        };
    }

    private static string Num(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
}
