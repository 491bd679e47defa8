using PerfRules.Ingest;
using PerfRules.Readers.Office;
using PerfRules.Readers.Pdf;
using PerfRules.Reports;
using PerfRules.Reports.Office;

namespace PerfRules.Service;

/// <summary>
/// Every format the service reads and renders, registered as the CLI registers them: text tables
/// and CSV (core), workbooks and Word files (Readers.Office), PDF (Readers.Pdf); the core's
/// reports and the spreadsheet ones (Reports.Office). /api/v1/lint answers in json, sarif, html, xlsx or csv.
/// </summary>
public static class Formats
{
    public static InputFormats Inputs() => InputFormats.Default().AddOffice().AddPdf();

    public static ReportFormats Reports() => ReportFormats.Default().AddOffice();
}
