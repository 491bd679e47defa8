using System.Text.Json;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Office;
using PerfRules.Tests.Pdf;
using PerfRules.Tests.Rules;
using UglyToad.PdfPig;
using Sheet = DocumentFormat.OpenXml.Spreadsheet;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace PerfRules.Tests.Reports;

/// <summary>
/// SARIF regions of files that are not text, read back and checked against the file itself (the
/// Open XML SDK, PdfPig): a workbook's region is the cell (row, column number), a Word document's
/// and a PDF's the line of the text as rebuilt, with the table, row and cell or the page as properties.
/// </summary>
public class SarifPlaceTests
{
    private sealed record Result(JsonElement Region, Dictionary<string, string> Properties, string RuleId)
    {
        public int StartLine => Region.GetProperty("startLine").GetInt32();
        public int StartColumn => Region.GetProperty("startColumn").GetInt32();
        public int EndLine => Region.GetProperty("endLine").GetInt32();
        public int EndColumn => Region.GetProperty("endColumn").GetInt32();
        public string? Snippet => Region.TryGetProperty("snippet", out var s) ? s.GetProperty("text").GetString() : null;
        public string? this[string name] => Properties.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>The file linted as the CLI does (spilled batch unless <paramref name="keep"/>), as SARIF and JUnit.</summary>
    private static (List<Result> Results, string Sarif, LintReport Report) Lint(string path, bool keep = false)
    {
        var report = new Linter(RuleTestSupport.Builtin, TestFormats.Reader()).CheckAll(new[] { path }, new CheckOptions { KeepSubmissions = keep, Jobs = 1 });
        var sarif = ReportFormats.Render(new SarifFormatter { BaseDirectory = TestPaths.Repo }, report);
        using var json = JsonDocument.Parse(sarif);
        var results = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => new Result(
            r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").Clone(),
            r.GetProperty("properties").EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.ToString()),
            r.GetProperty("ruleId").GetString()!)).ToList();
        results.ShouldNotBeEmpty();
        return (results, sarif, report);
    }

    /// <summary>"C12" → (12, 3), worked out here, not by the reader's CellMap.</summary>
    private static (int Row, int Column) ParseAddress(string address)
    {
        int column = 0, i = 0;
        for (; i < address.Length && char.IsAsciiLetterUpper(address[i]); i++) column = column * 26 + (address[i] - 'A' + 1);
        return (int.Parse(address[i..]), column);
    }

    [Test]
    public void A_workbook_findings_region_is_its_cell_row_and_column_number()
    {
        var path = OfficeFixtures.PathOf("000.layout1.xlsx");   // the table starts at C9: columns A and B are empty
        var (results, _, _) = Lint(path);
        using var book = SpreadsheetDocument.Open(path, false);
        var strings = book.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<Sheet.SharedStringItem>().Select(s => s.InnerText).ToList();
        string? CellText(string sheet, string address)
        {
            var id = book.WorkbookPart.Workbook.Sheets!.Elements<Sheet.Sheet>().Single(s => s.Name == sheet).Id!.Value!;
            var cell = ((WorksheetPart)book.WorkbookPart.GetPartById(id)).Worksheet.Descendants<Sheet.Cell>().SingleOrDefault(c => c.CellReference == address);
            if (cell?.CellValue is null) return null;
            return cell.DataType?.Value == Sheet.CellValues.SharedString ? strings[int.Parse(cell.CellValue.Text)] : cell.CellValue.Text;
        }

        var placed = results.Where(r => r["cell"] is not null).ToList();
        placed.Count.ShouldBe(results.Count(r => r["place"] is not null));
        placed.ShouldNotBeEmpty();
        foreach (var r in placed)
        {
            var (row, column) = ParseAddress(r["cell"]!);
            (r.StartLine, r.StartColumn).ShouldBe((row, column), r["place"]);
            r["place"].ShouldBe($"{r["sheet"]}!{r["cell"]}");
            r.EndLine.ShouldBeGreaterThanOrEqualTo(r.StartLine);
            if (r.EndLine == r.StartLine) r.EndColumn.ShouldBeGreaterThan(r.StartColumn);
            if (r["endCell"] is { } endCell) (r.EndLine, r.EndColumn - 1).ShouldBe(ParseAddress(endCell));
            // The region is the file's cells, not a line of text: no snippet; the row as read is a property.
            r.Snippet.ShouldBeNull();
            r["rowText"].ShouldNotBeNullOrEmpty();
            // The cell the region names holds text in the workbook, and a project's finding starts at its name.
            var text = CellText(r["sheet"]!, r["cell"]!);
            text.ShouldNotBeNullOrWhiteSpace(r["place"]);
            if (r["project"] is { } project && r["indicator"] is null && r.RuleId.StartsWith("PR2", StringComparison.Ordinal))
                text.ShouldBe(project);
        }
        placed.ShouldContain(r => r.StartColumn >= 3);
        placed.ShouldContain(r => r["project"] != null && r["indicator"] == null && r.RuleId.StartsWith("PR2", StringComparison.Ordinal));
    }

    [Test]
    public void A_word_findings_region_is_its_line_of_text_and_the_table_row_and_cell_are_properties()
    {
        var path = OfficeFixtures.PathOf("004.layout2.docx");
        var (results, _, report) = Lint(path, keep: true);
        var document = report.Documents.ShouldHaveSingleItem();
        var spans = document.Findings.Select(f => f.Span).ToList();
        using var word = WordprocessingDocument.Open(path, false);
        var tables = word.MainDocumentPart!.Document.Body!.Elements<Word.Table>().ToList();
        string CellText(int table, int row, int column)
        {
            int at = 1;
            foreach (var cell in tables[table - 1].Elements<Word.TableRow>().ElementAt(row - 1).Elements<Word.TableCell>())
            {
                int span = cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
                if (column >= at && column < at + span) return cell.InnerText;
                at += span;
            }
            throw new InvalidOperationException($"no column {column}");
        }

        int cells = 0, projects = 0;
        for (int k = 0; k < results.Count; k++)
        {
            var r = results[k];
            if (spans[k] is not { } span) continue;
            // The region is the span on the text: each paragraph and each table row one line.
            (r.StartLine, r.StartColumn, r.EndLine).ShouldBe((span.StartLine, span.StartColumn, span.EndLine));
            r.Snippet.ShouldBe(document.Snippet(document.Findings[k]));
            if (r["table"] is not { } table) { r["paragraph"].ShouldNotBeNull(); continue; }
            cells++;
            var (row, column) = ParseAddress(r["cell"]!);
            (r["row"], r["column"]).ShouldBe((row.ToString(), column.ToString()));
            r["place"].ShouldBe($"{table}!{r["cell"]}");
            var text = CellText(int.Parse(table["表".Length..]), row, column);
            text.ShouldNotBeNullOrWhiteSpace(r["place"]);
            r.Snippet!.ShouldContain(text.Trim());
            if (r["project"] is { } project && r["indicator"] is null && r.RuleId.StartsWith("PR2", StringComparison.Ordinal))
            {
                text.ShouldBe(project);
                projects++;
            }
        }
        cells.ShouldBeGreaterThan(0);
        projects.ShouldBeGreaterThan(0);
    }

    [Test]
    public void A_pdf_findings_region_is_its_rebuilt_line_and_the_page_is_a_property()
    {
        var path = PdfFixtures.Seed("000");
        var (results, _, report) = Lint(path, keep: true);
        var document = report.Documents.ShouldHaveSingleItem();
        using var pdf = PdfDocument.Open(File.ReadAllBytes(path));
        var pages = Enumerable.Range(1, pdf.NumberOfPages).Select(n => PdfReading.Squeeze(string.Concat(pdf.GetPage(n).Letters.Select(l => PerfRules.Readers.Pdf.CjkText.Unify(l.Value))))!).ToList();

        var checkedProjects = 0;
        for (int k = 0; k < results.Count; k++)
        {
            var r = results[k];
            var f = document.Findings[k];
            if (f.Span is not { } span) continue;
            (r.StartLine, r.StartColumn, r.EndLine, r.EndColumn).ShouldBe((span.StartLine, span.StartColumn, span.EndLine, span.EndColumn + 1));
            r.Snippet.ShouldNotBeNull().ShouldBe(document.Snippet(f));
            int page = int.Parse(r["page"].ShouldNotBeNull());
            page.ShouldBeInRange(1, pdf.NumberOfPages);
            r["place"].ShouldStartWith($"p{page}:");
            // The text at the region's start is printed on that page (its first characters: a name may wrap
            // in its cell, and the page draws other cells' lines between).
            if (r["project"] is { } project && r["indicator"] is null && r.RuleId.StartsWith("PR2", StringComparison.Ordinal) && r["endPage"] is null)
            {
                var cell = r.Snippet![(span.StartColumn - 1)..].Split('\t')[0];
                cell.ShouldStartWith(project);
                pages[page - 1].ShouldContain(PdfReading.Squeeze(project)![..4], customMessage: r["place"]);
                checkedProjects++;
            }
        }
        checkedProjects.ShouldBeGreaterThan(0);
        results.Select(r => r["page"]).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [TestCase("000.layout1.xlsx")]
    [TestCase("001.tabular-gb18030.csv")]
    [TestCase("004.layout2.docx")]
    public void A_spilled_batch_gives_the_same_regions_and_places_as_one_held_in_memory(string fixture)
    {
        var path = OfficeFixtures.PathOf(fixture);
        var (spilled, _, _) = Lint(path);
        var (kept, _, _) = Lint(path, keep: true);
        spilled.Select(r => r.Region.ToString()).ShouldBe(kept.Select(r => r.Region.ToString()));
        spilled.Select(r => string.Join(";", r.Properties.Select(p => $"{p.Key}={p.Value}"))).ShouldBe(kept.Select(r => string.Join(";", r.Properties.Select(p => $"{p.Key}={p.Value}"))));
    }

    [Test]
    public void A_csv_records_region_is_its_line_of_the_file()
    {
        var path = OfficeFixtures.PathOf("001.layout1-utf8bom.csv");
        var (results, _, _) = Lint(path);
        var lines = File.ReadAllLines(path);
        var placed = results.Where(r => r["cell"] is not null).ToList();
        placed.ShouldNotBeEmpty();
        foreach (var r in placed)
        {
            r.StartLine.ShouldBe(int.Parse(r["fileLine"]!));
            r.Region.TryGetProperty("startColumn", out _).ShouldBeFalse("a record's cells are not character columns: whole lines");
            if (r["project"] is { } project && r["indicator"] is null && r.RuleId.StartsWith("PR2", StringComparison.Ordinal))
                lines[r.StartLine - 1].ShouldContain(project);
        }
        // A record after a quoted cell with line breaks starts further down the file than its number.
        placed.ShouldContain(r => r.StartLine > ParseAddress(r["cell"]!).Row);
    }

    [Test]
    public void Junit_failures_name_the_place_in_the_file()
    {
        var path = OfficeFixtures.PathOf("000.layout1.xlsx");
        var report = new Linter(RuleTestSupport.Builtin, TestFormats.Reader()).CheckAll(new[] { path }, new CheckOptions { KeepSubmissions = true, Jobs = 1 });
        var xml = XDocument.Parse(ReportFormats.Render(new JUnitFormatter(), report));
        var text = string.Join("\n", xml.Descendants("failure").Select(f => f.Value).Concat(xml.Descendants("system-out").Select(s => s.Value)));
        var document = report.Documents.ShouldHaveSingleItem();
        var placed = document.Findings.Where(f => document.Place(f) is not null).ToList();
        placed.ShouldNotBeEmpty();
        foreach (var f in placed)
            text.ShouldContain($"{document.File}:{document.Place(f)}: {f.Severity.Name()} {f.RuleId}: {f.Message}");
        text.ShouldContain($"{path}:项目支出绩效目标表!C");
    }
}
