using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Rules;
using PerfRules.Runs;
using PerfRules.Reports.Office;

namespace PerfRules.Tests.Reports;

/// <summary>
/// CSV injection: names come from the documents, so a department called =HYPERLINK(…) must reach a
/// spreadsheet as text. CSV text cells starting with = + - @ tab or CR get a leading ' (OWASP);
/// numbers stay numbers; xlsx keeps text in inline-string cells, which are never evaluated.
/// </summary>
public class SpreadsheetInjectionTests
{
    private const string Hostile = "=HYPERLINK(\"http://x\",\"y\")";

    /// <summary>Seed 003 with its department renamed: a real table, read and checked as any other.</summary>
    private static LintReport HostileReport()
    {
        var text = File.ReadAllText(TestPaths.Seed("003")).Replace("广州市人民政府驻北京办事处", Hostile);
        text.ShouldContain(Hostile);
        var result = new Linter(RuleTestSupport.Builtin).Check(Encoding.UTF8.GetBytes(text), "hostile.txt").One();
        result.Submission.Department.ShouldBe(Hostile);
        result.Findings.ShouldNotBeEmpty();
        return new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new[] { result } };
    }

    private static List<string[]> ReadCsv(byte[] bytes, out string[] header)
    {
        using var reader = CsvReader.Create(bytes);
        header = reader.Headers.ToArray();
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray());
        return rows;
    }

    [Test]
    public void A_department_named_like_a_formula_is_written_to_csv_as_text()
    {
        var path = Path.Combine(SeedReport.TempDir("csv-inject"), "r.csv");
        ReportFormats.WriteFile(new CsvFormatter(), HostileReport(), path);
        var bytes = File.ReadAllBytes(path);
        var raw = Encoding.UTF8.GetString(bytes);
        // No field starts with the formula: every occurrence follows the quote that neutralises it.
        raw.ShouldContain("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        raw.ShouldNotContain(",=HYPERLINK");
        raw.ShouldNotContain(",\"=HYPERLINK");

        var rows = ReadCsv(bytes, out var header);
        rows.ShouldNotBeEmpty();
        var dept = Array.IndexOf(header, "部门");
        rows.ShouldAllBe(r => r[dept] == "'" + Hostile);
        // The logical path starts with the department too; no cell at all starts like a formula.
        var logical = Array.IndexOf(header, "逻辑路径");
        rows.ShouldContain(r => r[logical].StartsWith("'" + Hostile + " › ", StringComparison.Ordinal));
        foreach (var r in rows)
            foreach (var cell in r)
                (cell.Length > 0 && "=+-@\t\r".Contains(cell[0])).ShouldBeFalse(cell);
    }

    [TestCase("=1+1")]
    [TestCase("+1")]
    [TestCase("-2+3")]
    [TestCase("@SUM(A1)")]
    [TestCase("\t=1")]
    [TestCase("\r=1")]
    public void Every_text_cell_starting_like_a_formula_gets_a_quote_and_numbers_stay_numbers(string start)
    {
        var finding = new Finding
        {
            RuleId = "PR999", Severity = Severity.Error, Message = start + " 消息", Title = start, File = "f.txt",
            Department = start, Unit = start, Project = start, IndicatorSeq = -3, Path = start,
            Span = new SourceSpan(2, 1, 2, 5), Evidence = new[] { new Evidence("差额", "-5") },
            RuleSet = "t", RuleSetVersion = "1", Fingerprint = "0123456789abcdef",
        };
        var doc = new DocumentResult { File = "f.txt", Submission = new Submission { SourceFile = "f.txt" }, Findings = new[] { finding } };
        var report = new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new[] { doc } };
        var rows = ReadCsv(Encoding.UTF8.GetBytes(ReportFormats.Render(new CsvFormatter(), report)), out var header);
        var row = rows.ShouldHaveSingleItem();
        string Cell(string column) => row[Array.IndexOf(header, column)];
        foreach (var column in new[] { "部门", "资金使用单位", "项目", "规则标题", "消息", "逻辑路径" })
            Cell(column).ShouldStartWith("'" + start, Case.Sensitive, column);
        // Numeric columns are numbers, a negative one included: not quoted, not prefixed.
        Cell("指标序号").ShouldBe("-3");
        Cell("起始行").ShouldBe("2");
        Cell("结束列").ShouldBe("5");
        // Text that does not start like a formula is left exactly as it was (PR999 is no rule of the set: its let's own name).
        Cell("证据").ShouldBe("差额：-5");
        Cell("规则").ShouldBe("PR999");
    }

    [Test]
    public void Xlsx_keeps_the_name_verbatim_in_a_text_cell_and_writes_no_formula()
    {
        using var stream = new MemoryStream();
        new XlsxFormatter().Write(HostileReport(), stream);
        stream.Position = 0;
        using var book = SpreadsheetDocument.Open(stream, false);
        var cells = book.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).ToList();
        cells.ShouldNotContain(c => c.CellFormula != null);
        var named = cells.Where(c => c.InlineString?.InnerText == Hostile).ToList();
        named.ShouldNotBeEmpty();
        named.ShouldAllBe(c => c.DataType! == CellValues.InlineString);
    }
}
