namespace PerfRules.Reports.Office;

/// <summary>Registers the spreadsheet reports (csv, xlsx) beside the core's formats.</summary>
public static class OfficeReports
{
    /// <summary>Adds csv (CsvHelper) and xlsx (OpenXml): one row per finding, every field (<see cref="FindingTable"/>).</summary>
    public static ReportFormats AddOffice(this ReportFormats formats) => formats.Add(new CsvFormatter()).Add(new XlsxFormatter());
}
