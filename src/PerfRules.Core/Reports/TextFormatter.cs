using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// Compiler style, one line per finding (file:line:col: error PR202: …), grouped by document, errors
/// first, then warnings, then info; a
/// workbook's or a PDF's findings give the place in the file instead (book.xlsx:项目表!C12:, form.pdf:p3:12:5:).
/// </summary>
public sealed class TextFormatter : IReportFormatter
{
    public string Name => "text";
    public string Extension => "txt";

    public void Write(LintReport report, TextWriter output)
    {
        foreach (var doc in report.Documents)
        {
            if (doc.Findings.Count == 0) continue;
            output.WriteLine($"{doc.File}（{doc.Submission.Department ?? "未知部门"}）");
            // Errors first, then warnings, then info; the rules' order (by place) within each level.
            foreach (var f in doc.Findings.OrderByDescending(f => f.Severity))
            {
                output.WriteLine($"{doc.File}:{doc.At(f)}: {f.Severity.Name()} {f.RuleId}: {f.Message}");
                if (f.Fix is { Length: > 0 } fix) output.WriteLine($"    修改建议：{fix}");
            }
            output.WriteLine();
        }
        if (report.IsAudit)
        {
            SummaryFormatter.WriteSummary(report, output);
            return;
        }
        // The summary counts every finding, also those --min-severity or --max-findings left out of the listing.
        var t = report.Summary.Totals;
        output.WriteLine($"共检查 {report.Documents.Count} 个文件：{t.Errors} 个错误，{t.Warnings} 个警告，{t.Infos} 个提示");
        SummaryFormatter.WriteNotes(report, output);
    }
}
