using System.Globalization;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>
/// A finding as one flat row, the columns csv and xlsx share. Chinese names and values for the people
/// who open the file in a spreadsheet (级别 错误/警告/提示, readable evidence, the fix, the source
/// line); csv adds the columns scripts want (<c>severity_code</c>, the span's ends, the rule set).
/// Columns that would say nothing are left out: 位置 unless a finding is in a workbook or PDF,
/// 规则执行失败 unless a rule failed, 指纹 unless asked for (<see cref="FindingTableOptions.Fingerprints"/>).
/// </summary>
public static class FindingTable
{
    /// <summary>The machine column beside 级别: error, warning or info (what JSON and SARIF say).</summary>
    public const string SeverityCode = "severity_code";

    /// <summary>The columns for this report, in order.</summary>
    public static IReadOnlyList<FindingColumn> Columns(LintReport report, FindingTableUse use, FindingTableOptions? options = null)
    {
        options ??= new FindingTableOptions();
        var csv = use == FindingTableUse.Csv;
        var rules = report.RuleSet;
        var columns = new List<FindingColumn>
        {
            new("文件", (d, _) => d.File, Width: 30),
            new("部门", (d, f) => f.Department ?? d.Submission.Department ?? "", Width: 22),
            new("资金使用单位", (_, f) => f.Unit ?? "", Width: 22),
            new("项目", (_, f) => f.Project ?? "", Width: 26),
            new("指标序号", (_, f) => f.IndicatorSeq?.ToString(CultureInfo.InvariantCulture) ?? "", Numeric: true, Width: 9),
            new("起始行", (_, f) => Num(f.Span?.StartLine), Numeric: true, Width: 8),
        };
        if (csv)
            columns.AddRange(new FindingColumn[]
            {
                new("起始列", (_, f) => Num(f.Span?.StartColumn), Numeric: true),
                new("结束行", (_, f) => Num(f.Span?.EndLine), Numeric: true),
                new("结束列", (_, f) => Num(f.Span?.EndColumn), Numeric: true),
            });
        columns.Add(new("级别", (_, f) => SummaryFormatter.SeverityName(f.Severity), Width: 7, IsSeverity: true));
        if (csv) columns.Add(new(SeverityCode, (_, f) => f.Severity.Name()));
        columns.AddRange(new FindingColumn[]
        {
            new("规则", (_, f) => f.RuleId, Width: 8),
            new("规则标题", (_, f) => f.Title, Width: 30, Wrap: true),
            new("消息", (_, f) => f.Message, Width: 60, Wrap: true),
            new("修改建议", (_, f) => f.Fix ?? "", Width: 50, Wrap: true),
            new("原文", (d, f) => d.Snippet(f) ?? "", Width: 50, Wrap: true),
            new("证据", (_, f) => EvidenceText.Format(f, rules), Width: 36, Wrap: true),
        });
        // Only documents with places are read back for this (a text file's findings never have one).
        if (report.Documents.Any(d => d.Submission.Places is not null && d.Findings.Count > 0 && d.Findings.Any(f => d.Place(f) is not null)))
            columns.Add(new("位置", (d, f) => d.Place(f) ?? "", Width: 20));
        columns.Add(new("逻辑路径", (_, f) => f.Path, Width: 40, Wrap: true));
        if (csv)
        {
            columns.Add(new("规则集", (_, f) => f.RuleSet));
            columns.Add(new("规则集版本", (_, f) => f.RuleSetVersion));
        }
        if (options.Fingerprints) columns.Add(new("指纹", (_, f) => f.Fingerprint, Width: 18));
        if (report.Documents.Any(d => d.HasRuleFailure)) columns.Add(new("规则执行失败", (_, f) => f.IsRuleFailure ? "是" : "否", Width: 12));
        return columns;
    }

    /// <summary>Every finding of the report, in document order, as cell texts under <paramref name="columns"/>.</summary>
    public static IEnumerable<string[]> Rows(LintReport report, IReadOnlyList<FindingColumn> columns) =>
        report.Documents.SelectMany(d => d.Findings.Select(f => Row(columns, d, f)));

    public static string[] Row(IReadOnlyList<FindingColumn> columns, DocumentResult d, Finding f)
    {
        var row = new string[columns.Count];
        for (var i = 0; i < row.Length; i++) row[i] = columns[i].Value(d, f);
        return row;
    }

    private static string Num(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
}
