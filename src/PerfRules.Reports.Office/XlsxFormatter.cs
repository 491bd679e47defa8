using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>An Excel workbook: a 汇总 (summary) sheet and a 结果 sheet with one row per finding, every field.</summary>
public sealed class XlsxFormatter : IReportFormatter
{
    public string Name => "xlsx";
    public string Extension => "xlsx";
    public bool IsBinary => true;

    public const string SummarySheet = "汇总";
    public const string FindingsSheet = "结果";

    // Numeric columns of FindingTable are written as numbers. Text goes into inline-string cells,
    // which a spreadsheet shows as text and never evaluates, so it needs no CSV-style quote prefix.
    private static readonly IReadOnlySet<int> NumericColumns = FindingTable.NumericColumns;

    public void Write(LintReport report, TextWriter output) =>
        throw new NotSupportedException("xlsx 是二进制格式，只能写入文件（请用 --output 指定）");

    public void Write(LintReport report, Stream output)
    {
        // The packaging API wants a seekable stream; a file stream is, stdout would not be.
        using var buffer = new MemoryStream();
        using (var book = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var wb = book.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sheets = wb.Workbook.AppendChild(new Sheets());
            AddSheet(wb, sheets, 1, SummarySheet, SummaryRows(report));
            var findings = new List<IReadOnlyList<(string Text, bool Number)>>
            {
                FindingTable.Columns.Select(c => (c, false)).ToList(),
            };
            findings.AddRange(FindingTable.Rows(report).Select(r =>
                (IReadOnlyList<(string, bool)>)r.Select((cell, i) => (cell, NumericColumns.Contains(i) && cell.Length > 0)).ToList()));
            AddSheet(wb, sheets, 2, FindingsSheet, findings);
            wb.Workbook.Save();
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void AddSheet(WorkbookPart wb, Sheets sheets, uint id, string name, IEnumerable<IReadOnlyList<(string Text, bool Number)>> rows)
    {
        var part = wb.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint r = 0;
        foreach (var row in rows)
        {
            r++;
            var xr = new Row { RowIndex = r };
            for (var c = 0; c < row.Count; c++)
            {
                var (text, number) = row[c];
                var cell = new Cell { CellReference = ColumnName(c) + r };
                if (number)
                {
                    cell.DataType = CellValues.Number;
                    cell.CellValue = new CellValue(text);
                }
                else
                {
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
                }
                xr.Append(cell);
            }
            data.Append(xr);
        }
        part.Worksheet = new Worksheet(data);
        part.Worksheet.Save();
        sheets.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static IEnumerable<IReadOnlyList<(string, bool)>> SummaryRows(LintReport report)
    {
        var s = report.Summary;
        static IReadOnlyList<(string, bool)> R(params object[] cells) =>
            cells.Select(c => c is int n ? (n.ToString(System.Globalization.CultureInfo.InvariantCulture), true) : (c.ToString() ?? "", false)).ToList();

        yield return R("规则集", $"{report.RuleSet.Name} {report.RuleSet.Version}");
        yield return R("文件", s.Files);
        yield return R("可识别的表", s.Tables);
        yield return R("无法识别或读取", s.Unreadable.Count);
        yield return R("结果", s.Totals.Total);
        yield return R("错误", s.Totals.Errors);
        yield return R("警告", s.Totals.Warnings);
        yield return R("提示", s.Totals.Infos);
        yield return R();
        yield return R("部门", "文件", "错误", "警告", "提示");
        foreach (var d in s.ByDepartment) yield return R(d.Department, d.Documents, d.Counts.Errors, d.Counts.Warnings, d.Counts.Infos);
        yield return R();
        yield return R("规则", "标题", "级别", "结果数", "文件数");
        foreach (var r in s.ByRule) yield return R(r.RuleId, r.Title, SummaryFormatter.SeverityName(r.Severity), r.Findings, r.Documents);
        yield return R();
        yield return R("问题最多的文件", "部门", "表", "错误", "警告", "提示");
        foreach (var d in s.WorstDocuments) yield return R(d.File, d.Department, d.Kind, d.Counts.Errors, d.Counts.Warnings, d.Counts.Infos);
        if (s.Unreadable.Count > 0)
        {
            yield return R();
            yield return R("无法识别或读取的文件", "原因");
            foreach (var u in s.Unreadable) yield return R(u.File, u.Reason);
        }
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static string Clean(string s) => JUnitFormatter.Clean(s);
}
