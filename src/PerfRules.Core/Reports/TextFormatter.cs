using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// Compiler style, one line per finding (file:line:col: error PR202: …), grouped by document; a
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
            foreach (var f in doc.Findings)
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
        int e = report.Count(Severity.Error), w = report.Count(Severity.Warning), i = report.Count(Severity.Info);
        output.WriteLine($"共检查 {report.Documents.Count} 个文件：{e} 个错误，{w} 个警告，{i} 个提示");
        SummaryFormatter.WriteNotes(report, output);
    }
}
