using CsvHelper;

namespace PerfRules.Reports;

/// <summary>One row per finding, every field (RFC 4180). Files get a UTF-8 BOM so Excel reads the Chinese.</summary>
public sealed class CsvFormatter : IReportFormatter
{
    public string Name => "csv";
    public string Extension => "csv";

    public void Write(LintReport report, TextWriter output)
    {
        using var csv = CsvWriter.Create(output, null, leaveOpen: true);
        WriteRows(report, csv);
    }

    public void Write(LintReport report, Stream output)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true);
        WriteRows(report, csv);
    }

    private static void WriteRows(LintReport report, CsvWriter csv)
    {
        csv.WriteHeader(FindingTable.Columns.ToArray());
        foreach (var row in FindingTable.Rows(report)) csv.WriteRecord(row);
        csv.Flush();
    }
}
