namespace PerfRules.Reports.Office;

/// <summary>Registers the spreadsheet reports (csv, xlsx) beside the core's formats.</summary>
public static class OfficeReports
{
    /// <summary>
    /// Adds csv (CsvHelper) and xlsx (OpenXml): one row per finding (<see cref="FindingTable"/>);
    /// <paramref name="options"/> adds columns the user asked for (the fingerprint).
    /// </summary>
    public static ReportFormats AddOffice(this ReportFormats formats, FindingTableOptions? options = null)
    {
        options ??= new FindingTableOptions();
        return formats.Add(new CsvFormatter { Options = options }).Add(new XlsxFormatter { Options = options });
    }
}
