using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Reports;

/// <summary>The audit of the five seeds (built once), and its JSON findings as the reference every format is compared with.</summary>
internal static class SeedReport
{
    private static readonly Lazy<LintReport> Audit = new(() =>
    {
        var report = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Path.Combine(TestPaths.Fixtures, "seeds") }, new CheckOptions { Jobs = 2 });
        return new LintReport { RuleSet = report.RuleSet, Documents = report.Documents, IsAudit = true };
    });

    public static LintReport Report => Audit.Value;

    /// <summary>One finding as the JSON format gives it.</summary>
    public sealed record JsonFinding(string File, string RuleId, string Severity, string Message, int? Line, int? Column, string Fingerprint, string? Fix);

    public static List<JsonFinding> JsonFindings(LintReport report)
    {
        using var doc = JsonDocument.Parse(ReportFormats.Render(new JsonFormatter(), report));
        var list = new List<JsonFinding>();
        foreach (var d in doc.RootElement.GetProperty("documents").EnumerateArray())
            foreach (var f in d.GetProperty("findings").EnumerateArray())
            {
                int? line = f.TryGetProperty("span", out var span) ? span.GetProperty("startLine").GetInt32() : null;
                int? col = f.TryGetProperty("span", out var sp2) ? sp2.GetProperty("startColumn").GetInt32() : null;
                list.Add(new JsonFinding(d.GetProperty("file").GetString()!, f.GetProperty("ruleId").GetString()!,
                    f.GetProperty("severity").GetString()!, f.GetProperty("message").GetString()!, line, col,
                    f.GetProperty("fingerprint").GetString()!, f.TryGetProperty("fix", out var fix) ? fix.GetString() : null));
            }
        return list;
    }

    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"perfrules-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
