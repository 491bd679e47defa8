using System.Globalization;
using CsvHelper;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>
/// One row per finding, every field (RFC 4180). Files get a UTF-8 BOM so Excel reads the Chinese.
/// Text cells that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or CR: department and project names come from the documents) get a leading
/// <c>'</c>, the OWASP advice, through CsvHelper's own injection escaping; the numeric columns are
/// written as numbers, which it leaves alone.
/// </summary>
public sealed class CsvFormatter : IReportFormatter
{
    public string Name => "csv";
    public string Extension => "csv";

    public void Write(LintReport report, TextWriter output)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        WriteRows(report, csv);
    }

    public void Write(LintReport report, Stream output)
    {
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        WriteRows(report, csv);
    }

    private static void WriteRows(LintReport report, CsvWriter csv)
    {
        csv.WriteHeader(FindingTable.Columns.ToArray());
        foreach (var row in FindingTable.Rows(report))
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (FindingTable.NumericColumns.Contains(i) && int.TryParse(row[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    csv.WriteField(n);
                else csv.WriteField(row[i]);
            }
            csv.EndRecord();
        }
        csv.Flush();
    }
}
