namespace PerfRules.Reports;

/// <summary>One output format (like a Serilog sink): adding one touches its file and one registration.</summary>
public interface IReportFormatter
{
    /// <summary>The name users pass to --format.</summary>
    string Name { get; }
    /// <summary>The usual file extension (sarif, json, txt, …).</summary>
    string Extension { get; }
    void Write(LintReport report, TextWriter output);
}

public static class ReportFormats
{
    private static readonly IReportFormatter[] All =
    {
        new TextFormatter(),
        new JsonFormatter(),
        new SarifFormatter(),
    };

    public static IReadOnlyList<string> Names => All.Select(f => f.Name).ToList();

    public static IReportFormatter? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string Render(IReportFormatter formatter, LintReport report)
    {
        var w = new StringWriter { NewLine = "\n" };
        formatter.Write(report, w);
        return w.ToString();
    }
}
