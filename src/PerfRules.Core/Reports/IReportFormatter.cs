using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// One output format, registered in <see cref="ReportFormats"/> like a Serilog sink: adding one touches
/// its file and one registration; formats with heavy dependencies live in their own projects.
/// </summary>
public interface IReportFormatter
{
    /// <summary>The name users pass to --format.</summary>
    string Name { get; }
    /// <summary>The usual file extension (sarif, json, txt, …).</summary>
    string Extension { get; }
    void Write(LintReport report, TextWriter output);

    /// <summary>True for formats that are not text (xlsx): they can only go to a file.</summary>
    bool IsBinary => false;

    /// <summary>
    /// Does ahead of time what a process's first <see cref="Write(LintReport, Stream)"/> would do once (compiling the
    /// format's code), so a host can run it on a spare core while the documents are checked
    /// (<see cref="ReportFormats.PrepareInBackground"/>). Optional: writing works the same without it.
    /// </summary>
    void Prepare() { }

    /// <summary>Writes to a file's stream: text formats as UTF-8 without BOM, "\n" line ends; others override.</summary>
    void Write(LintReport report, Stream output)
    {
        using var w = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        Write(report, w);
    }
}
