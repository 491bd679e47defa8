using PerfRules.Ingest;
using PerfRules.Readers.Office;
using PerfRules.Readers.Pdf;
using PerfRules.Reports;
using PerfRules.Reports.Office;

namespace PerfRules.Tests;

/// <summary>Every format, registered as the CLI and the service register them.</summary>
public static class TestFormats
{
    public static ReportFormats Reports { get; } = ReportFormats.Default().AddOffice();

    public static InputFormats Inputs() => InputFormats.Default().AddOffice().AddPdf();

    /// <summary>A reader of every input format (the built-in code table unless options say otherwise).</summary>
    public static SubmissionReader Reader(ReadOptions? options = null) => new(options, Inputs());
}
