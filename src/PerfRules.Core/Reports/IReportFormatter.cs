using PerfRules.Files;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>One output format (like a Serilog sink): adding one touches its file and one registration.</summary>
public interface IReportFormatter
{
    /// <summary>The name users pass to --format.</summary>
    string Name { get; }
    /// <summary>The usual file extension (sarif, json, txt, …).</summary>
    string Extension { get; }
    void Write(LintReport report, TextWriter output);

    /// <summary>True for formats that are not text (xlsx): they can only go to a file.</summary>
    bool IsBinary => false;

    /// <summary>Writes to a file's stream: text formats as UTF-8 without BOM, "\n" line ends; others override.</summary>
    void Write(LintReport report, Stream output)
    {
        using var w = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        Write(report, w);
    }
}

public static class ReportFormats
{
    private static readonly IReportFormatter[] All =
    {
        new TextFormatter(),
        new JsonFormatter(),
        new SarifFormatter(),
        new SummaryFormatter(),
        new HtmlFormatter(),
        new JUnitFormatter(),
        new CsvFormatter(),
        new XlsxFormatter(),
        new GitHubFormatter(),
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

    /// <summary>
    /// Writes a report to a file (creating its folder), as bytes for binary formats, atomically
    /// (<see cref="AtomicFile"/>): a failure or a kill leaves the old file as it was.
    /// </summary>
    public static void WriteFile(IReportFormatter formatter, LintReport report, string path) =>
        AtomicFile.Write(path, stream => formatter.Write(report, stream));
}
