using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// GitHub Actions workflow commands: <c>::error file=…,line=…,col=…,title=PR202::message</c>. A workbook's
/// or PDF's lines are not the file's: its findings annotate the file and name their place in the message.
/// </summary>
public sealed class GitHubFormatter : IReportFormatter
{
    public string Name => "github";
    public string Extension => "txt";

    public void Write(LintReport report, TextWriter output)
    {
        foreach (var doc in report.Documents)
            foreach (var f in doc.Findings)
            {
                var level = f.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
                var props = new List<string> { "file=" + Property(doc.InputPath.Replace('\\', '/')) };
                var place = doc.Place(f);
                if (place is null && f.Span is { } s)
                {
                    props.Add($"line={s.StartLine}");
                    props.Add($"col={s.StartColumn}");
                    props.Add($"endLine={s.EndLine}");
                    if (s.EndLine == s.StartLine) props.Add($"endColumn={s.EndColumn}");
                }
                props.Add("title=" + Property(f.RuleId));
                output.WriteLine($"::{level} {string.Join(",", props)}::{Data(Message(f, place))}");
            }
    }

    /// <summary>The annotation's text: the place (workbook, PDF), the message, and the fix on the next line.</summary>
    public static string Message(Finding f, string? place = null) =>
        (place is null ? f.Message : $"{place}：{f.Message}") + (f.Fix is { Length: > 0 } fix ? "\n修改建议：" + fix : "");

    // The escapes the Actions runner decodes (toolkit's command.ts).
    public static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    public static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");
}
