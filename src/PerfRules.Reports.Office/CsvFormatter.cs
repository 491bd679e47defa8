using System.Globalization;
using CsvHelper;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>
/// One row per finding (RFC 4180), the columns of <see cref="FindingTable"/>: Chinese names and values
/// (级别 错误/警告/提示, the fix, readable evidence) and the machine columns scripts want
/// (<c>severity_code</c>, the span, the rule set). Files get a UTF-8 BOM so Excel reads the Chinese.
/// Text cells that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or CR: department and project names come from the documents) get a leading
/// <c>'</c>, the OWASP advice, through CsvHelper's own injection escaping; the numeric columns are
/// written as numbers, which it leaves alone.
/// </summary>
public sealed class CsvFormatter : IReportFormatter
{
    public string Name => "csv";
    public string Extension => "csv";

    /// <summary>What the user added to the table (the 指纹 column).</summary>
    public FindingTableOptions Options { get; init; } = new();

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

    private void WriteRows(LintReport report, CsvWriter csv)
    {
        var columns = FindingTable.Columns(report, FindingTableUse.Csv, Options);
        csv.WriteHeader(columns.Select(c => c.Name).ToArray());
        foreach (var row in FindingTable.Rows(report, columns))
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (columns[i].Numeric && int.TryParse(row[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    csv.WriteField(n);
                else csv.WriteField(row[i]);
            }
            csv.EndRecord();
        }
        csv.Flush();
    }
}
