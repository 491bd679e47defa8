using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>The audit summary as plain text (what `perfrules audit` prints on the terminal).</summary>
public sealed class SummaryFormatter : IReportFormatter
{
    public string Name => "summary";
    public string Extension => "txt";

    public void Write(LintReport report, TextWriter output) => WriteSummary(report, output);

    public static string SeverityName(Severity s) => s switch
    {
        Severity.Error => "错误",
        Severity.Warning => "警告",
        Severity.Info => "提示",
        _ => "关闭",
    };

    private static string Counts(SeverityCounts c) => $"错误 {c.Errors}，警告 {c.Warnings}，提示 {c.Infos}";

    public static void WriteSummary(LintReport report, TextWriter o)
    {
        var s = report.Summary;
        o.WriteLine("== 检查汇总 ==");
        o.WriteLine($"规则集：{report.RuleSet.Name} {report.RuleSet.Version}");
        o.WriteLine($"文件：共 {s.Files} 个（可识别的表 {s.Tables} 个，无法识别或读取 {s.Unreadable.Count} 个），有结果的 {s.DocumentsWithFindings} 个");
        o.WriteLine($"结果：共 {s.Totals.Total} 条（{Counts(s.Totals)}）");
        o.WriteLine();
        o.WriteLine("按部门：");
        foreach (var d in s.ByDepartment)
            o.WriteLine($"  {d.Department}：文件 {d.Documents} 个，{Counts(d.Counts)}");
        o.WriteLine();
        o.WriteLine("按规则：");
        if (s.ByRule.Count == 0) o.WriteLine("  （无）");
        foreach (var r in s.ByRule)
            o.WriteLine($"  {r.RuleId} {SeverityName(r.Severity)} {r.Findings} 条（{r.Documents} 个文件）：{r.Title}");
        o.WriteLine();
        o.WriteLine("按级别：");
        o.WriteLine($"  错误 {s.Totals.Errors}");
        o.WriteLine($"  警告 {s.Totals.Warnings}");
        o.WriteLine($"  提示 {s.Totals.Infos}");
        o.WriteLine();
        o.WriteLine("问题最多的文件：");
        if (s.WorstDocuments.Count == 0) o.WriteLine("  （无）");
        for (var i = 0; i < s.WorstDocuments.Count; i++)
        {
            var d = s.WorstDocuments[i];
            o.WriteLine($"  {i + 1}. {d.File}（{d.Department}，{d.Kind}）：{Counts(d.Counts)}");
        }
        if (s.Unreadable.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("无法识别或读取的文件：");
            foreach (var u in s.Unreadable) o.WriteLine($"  {u.File}：{u.Reason}");
        }
        WriteNotes(report, o);
    }

    /// <summary>
    /// Why findings are missing from the listing (--min-severity, --max-findings): one sentence each, the same in
    /// every format that lists findings.
    /// </summary>
    public static IEnumerable<string> Notes(LintReport report)
    {
        if (report.HiddenFindings > 0 && report.MinSeverity is { } min)
            yield return $"另有 {report.HiddenFindings} 条低于“{SeverityName(min)}”级别的结果未列出（--min-severity），汇总中已计入";
        if (report.OmittedFindings > 0)
            yield return $"另有 {report.OmittedFindings} 条结果未列出（--max-findings），汇总中已计入";
    }

    /// <summary>Baseline, --min-severity and --max-findings notes, shared with the text format.</summary>
    public static void WriteNotes(LintReport report, TextWriter o)
    {
        if (report.Baseline is { } b)
        {
            o.WriteLine();
            o.WriteLine($"基线：隐藏了 {b.Suppressed} 条已记录的结果；{b.Stale.Count} 条基线记录已不再出现" + (b.Stale.Count > 0 ? "（可从基线文件中删除）：" : ""));
            foreach (var e in b.Stale) o.WriteLine($"  {e.Fingerprint} {e.RuleId} {e.File}：{e.Message}");
        }
        foreach (var note in Notes(report))
        {
            o.WriteLine();
            o.WriteLine(note);
        }
    }
}
