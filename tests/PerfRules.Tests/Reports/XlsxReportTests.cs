using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Reports.Office;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Reports;

/// <summary>
/// The xlsx report of the seeds' audit read back as XML (DocumentFormat.OpenXml): what a clerk sees when
/// opening it — styled frozen header, autofilter, column widths, Chinese severities on every sheet,
/// readable evidence, a sheet per department, no columns that say nothing.
/// </summary>
public class XlsxReportTests
{
    private static readonly string[] Severities = { "错误", "警告", "提示" };

    private sealed class Book : IDisposable
    {
        private readonly MemoryStream _stream = new();
        public SpreadsheetDocument Document { get; }
        public WorkbookPart Part => Document.WorkbookPart!;

        public Book(LintReport report, FindingTableOptions? options = null)
        {
            new XlsxFormatter { Options = options ?? new FindingTableOptions() }.Write(report, _stream);
            _stream.Position = 0;
            Document = SpreadsheetDocument.Open(_stream, false);
        }

        public List<(string Name, Worksheet Sheet)> Sheets =>
            Part.Workbook.Sheets!.Elements<Sheet>().Select(s => (s.Name!.Value!, ((WorksheetPart)Part.GetPartById(s.Id!)).Worksheet)).ToList();

        public IEnumerable<(string Name, Worksheet Sheet)> FindingSheets => Sheets.Where(s => s.Name != XlsxFormatter.SummarySheet);

        public CellFormat Format(Cell c) => Part.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(c.StyleIndex?.Value ?? 0));
        public Font Font(Cell c) => Part.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)Format(c).FontId!.Value);
        public Fill Fill(Cell c) => Part.WorkbookStylesPart!.Stylesheet.Fills!.Elements<Fill>().ElementAt((int)Format(c).FillId!.Value);

        public void Dispose() { Document.Dispose(); _stream.Dispose(); }
    }

    private static string Text(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";

    private static List<List<Cell>> Rows(Worksheet sheet) => sheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();

    private static List<string> Header(Worksheet sheet) => Rows(sheet)[0].Select(Text).ToList();

    [Test]
    public void Every_finding_sheet_has_a_styled_frozen_header_an_autofilter_and_column_widths()
    {
        using var book = new Book(SeedReport.Report);
        var findingSheets = book.FindingSheets.ToList();
        findingSheets.Count.ShouldBe(1 + SeedReport.Report.Summary.ByDepartment.Count);
        var filters = book.Part.Workbook.DefinedNames!.Elements<DefinedName>().Where(d => d.Name == "_xlnm._FilterDatabase").ToList();
        foreach (var (name, sheet) in findingSheets)
        {
            var rows = Rows(sheet);
            var header = rows[0];
            rows.Count.ShouldBeGreaterThan(1, name);

            // Frozen below the header row.
            var pane = sheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
            pane.State!.Value.ShouldBe(PaneStateValues.Frozen, name);
            pane.TopLeftCell!.Value.ShouldBe("A2");
            pane.VerticalSplit!.Value.ShouldBe(1);

            // The autofilter covers the header and every row, and Excel's hidden name for it points at the same range.
            var range = $"A1:{XlsxFormatter.ColumnName(header.Count - 1)}{rows.Count}";
            sheet.GetFirstChild<AutoFilter>()!.Reference!.Value.ShouldBe(range, name);
            filters.ShouldContain(d => d.Text.EndsWith("!" + Regex.Replace(range, @"([A-Z]+)(\d+)", "$$$1$$$2")) && d.Text.Contains(name), name);

            // Header: bold, white on a solid fill, wrapped; every cell of it styled so.
            foreach (var cell in header)
            {
                book.Font(cell).Bold.ShouldNotBeNull(name);
                book.Fill(cell).PatternFill!.PatternType!.Value.ShouldBe(PatternValues.Solid);
                book.Format(cell).Alignment!.WrapText!.Value.ShouldBeTrue();
            }

            // A width for every column; the long texts get room, the short codes do not.
            var widths = sheet.GetFirstChild<Columns>()!.Elements<Column>().ToList();
            widths.Count.ShouldBe(header.Count);
            widths.ShouldAllBe(c => c.CustomWidth! && c.Width! > 0);
            double Width(string column) => widths[Header(sheet).IndexOf(column)].Width!.Value;
            Width("消息").ShouldBeGreaterThanOrEqualTo(50);
            Width("修改建议").ShouldBeGreaterThanOrEqualTo(40);
            Width("级别").ShouldBeLessThan(10);

            // Message cells wrap; severity cells are coloured by level.
            var message = Header(sheet).IndexOf("消息");
            rows.Skip(1).ShouldAllBe(r => book.Format(r[message]).Alignment!.WrapText!.Value);
            var level = Header(sheet).IndexOf("级别");
            var fills = rows.Skip(1).GroupBy(r => Text(r[level])).ToDictionary(g => g.Key, g => g.Select(r => book.Format(r[level]).FillId!.Value).Distinct().Single());
            fills.Values.Distinct().Count().ShouldBe(fills.Count, "each level its own colour");
        }
    }

    [Test]
    public void Every_sheet_names_the_severities_in_chinese()
    {
        using var book = new Book(SeedReport.Report);
        foreach (var (name, sheet) in book.Sheets)
        {
            var texts = sheet.Descendants<Cell>().Select(Text).ToList();
            texts.ShouldNotContain(t => t == "error" || t == "warning" || t == "info", name);
            if (name == XlsxFormatter.SummarySheet) continue;
            var level = Header(sheet).IndexOf("级别");
            Rows(sheet).Skip(1).Select(r => Text(r[level])).ShouldAllBe(t => Severities.Contains(t), name);
        }
        // The summary's by-rule table too.
        var summary = Rows(book.Sheets[0].Sheet).Select(r => r.Select(Text).ToList()).ToList();
        var byRule = summary.FindIndex(r => r.Count > 2 && r[0] == "规则" && r[2] == "级别");
        byRule.ShouldBeGreaterThan(0);
        var ruleRows = summary.Skip(byRule + 1).Take(SeedReport.Report.Summary.ByRule.Count).ToList();
        ruleRows.Select(r => r[0]).ShouldBe(SeedReport.Report.Summary.ByRule.Select(r => r.RuleId));
        ruleRows.Select(r => r[2]).ShouldAllBe(t => Severities.Contains(t));
    }

    [Test]
    public void Each_department_has_a_sheet_with_its_findings()
    {
        var report = SeedReport.Report;
        using var book = new Book(report);
        foreach (var dept in report.Summary.ByDepartment)
        {
            var sheet = book.Sheets.Single(s => s.Name == dept.Department).Sheet;
            var rows = Rows(sheet).Skip(1).ToList();
            rows.Count.ShouldBe(dept.Counts.Total, dept.Department);
            var column = Header(sheet).IndexOf("部门");
            rows.ShouldAllBe(r => Text(r[column]) == dept.Department);
        }
        // A lint of one file is not an audit: no department sheets.
        var single = new LintReport { RuleSet = report.RuleSet, Documents = report.Documents.Take(1).ToList() };
        using var one = new Book(single);
        one.Sheets.Select(s => s.Name).ShouldBe(new[] { XlsxFormatter.SummarySheet, XlsxFormatter.FindingsSheet });
    }

    [Test]
    public void Findings_carry_their_fix_source_line_and_readable_evidence_without_noise_columns()
    {
        var report = SeedReport.Report;
        using var book = new Book(report);
        var sheet = book.Sheets.Single(s => s.Name == XlsxFormatter.FindingsSheet).Sheet;
        var header = Header(sheet);
        header.ShouldNotContain("规则执行失败", "no rule failed");
        header.ShouldNotContain("指纹", "not asked for");
        header.ShouldNotContain(FindingTable.SeverityCode, "a machine column, csv only");
        var rows = Rows(sheet).Skip(1).Select(r => r.Select(Text).ToList()).ToList();
        string Cell(List<string> row, string column) => row[header.IndexOf(column)];

        var findings = report.Documents.SelectMany(d => d.Findings.Select(f => (d, f))).ToList();
        rows.Count.ShouldBe(findings.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (doc, f) = findings[i];
            Cell(rows[i], "修改建议").ShouldBe(f.Fix);
            Cell(rows[i], "原文").ShouldBe(doc.Snippet(f) ?? "");
            // No raw let name (expenditure=…) anywhere in the evidence: each value under its Chinese name.
            var evidence = Cell(rows[i], "证据");
            evidence.ShouldNotMatch(@"(^|；)[A-Za-z_][A-Za-z0-9_]*\s*[=：]");
            foreach (var e in f.Evidence)
                if (report.RuleSet.Find(f.RuleId)!.EvidenceLabels is { } labels && labels.TryGetValue(e.Name, out var label))
                    evidence.ShouldContain($"{label}：{e.Value}");
        }
        // PR104 on seed 002 compares expenditure and income: both shown, by name, with their values.
        var pr104 = findings.FindIndex(x => x.f.RuleId == "PR104");
        pr104.ShouldBeGreaterThanOrEqualTo(0);
        var pr104Evidence = Cell(rows[pr104], "证据");
        pr104Evidence.ShouldStartWith("支出：" + findings[pr104].f.Evidence.Single(e => e.Name == "expenditure").Value);
        pr104Evidence.ShouldContain("；收入来源之和：");
    }

    [Test]
    public void A_failed_rule_adds_its_column_and_the_fingerprint_comes_when_asked_for()
    {
        var failed = new Finding
        {
            RuleId = "PR999", Severity = Severity.Error, Message = "规则执行失败", Title = "测试", File = "f.txt", Path = "示例局",
            Span = new SourceSpan(1, 1, 1, 2), Evidence = new[] { new Evidence("exception", "System.InvalidOperationException") },
            RuleSet = "t", RuleSetVersion = "1", Fingerprint = "0123456789abcdef", IsRuleFailure = true,
        };
        var doc = new DocumentResult { File = "f.txt", Submission = new Submission { SourceFile = "f.txt" }, Findings = new[] { failed } };
        var report = new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new[] { doc } };
        using var book = new Book(report, new FindingTableOptions { Fingerprints = true });
        var sheet = book.Sheets.Single(s => s.Name == XlsxFormatter.FindingsSheet).Sheet;
        var header = Header(sheet);
        var row = Rows(sheet)[1].Select(Text).ToList();
        row[header.IndexOf("规则执行失败")].ShouldBe("是");
        row[header.IndexOf("指纹")].ShouldBe("0123456789abcdef");
    }

    [Test]
    public void The_workbook_is_valid_office_open_xml()
    {
        using var book = new Book(SeedReport.Report, new FindingTableOptions { Fingerprints = true });
        var errors = new OpenXmlValidator().Validate(book.Document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty(string.Join("\n", errors));
    }

    [TestCase("广州市协作办公室", "广州市协作办公室")]
    [TestCase("a/b\\c?d*e[f]g:h", "a_b_c_d_e_f_g_h")]
    [TestCase("'引号'", "引号")]
    [TestCase("", "部门")]
    [TestCase("History", "部门")]
    [TestCase("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")]
    public void Sheet_names_are_ones_excel_accepts(string wanted, string expected)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { XlsxFormatter.SummarySheet };
        XlsxFormatter.SheetName(wanted, taken).ShouldBe(expected);
        taken.ShouldContain(expected);
    }

    [Test]
    public void Sheet_names_stay_unique_when_departments_clash_after_cutting()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "汇总", "结果" };
        var long1 = new string('局', 40);
        XlsxFormatter.SheetName("结果", taken).ShouldBe("结果(2)");
        XlsxFormatter.SheetName(long1, taken).Length.ShouldBe(31);
        var second = XlsxFormatter.SheetName(long1 + "乙", taken);
        second.Length.ShouldBe(31);
        second.ShouldEndWith("(2)");
        taken.Count.ShouldBe(5);
    }
}
