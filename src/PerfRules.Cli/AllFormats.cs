using PerfRules.Ingest;
using PerfRules.Readers.Office;
using PerfRules.Readers.Pdf;
using PerfRules.Reports;
using PerfRules.Reports.Office;

namespace PerfRules.Cli;

/// <summary>
/// Every format the command line reads and writes, registered once here like Serilog's sinks:
/// text tables and CSV (core), workbooks and Word files (Readers.Office), PDF (Readers.Pdf); the
/// core's reports and the spreadsheet ones (Reports.Office).
/// </summary>
internal static class AllFormats
{
    /// <summary>A new registry of every input format (a reader keeps the one it is given).</summary>
    public static InputFormats Inputs() => InputFormats.Default().AddOffice().AddPdf();

    /// <summary>A reader of every input format with these limits.</summary>
    public static SubmissionReader Reader(ReadOptions? options = null) => new(options, Inputs());

    public static ReportFormats Reports { get; } = ReportFormats.Default().AddOffice();

    /// <summary>The report formats with the fingerprint column in csv and xlsx (--fingerprints).</summary>
    public static ReportFormats WithFingerprints { get; } = ReportFormats.Default().AddOffice(new FindingTableOptions { Fingerprints = true });
}
