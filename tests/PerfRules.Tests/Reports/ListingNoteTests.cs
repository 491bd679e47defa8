using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Reports.Office;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Reports;

/// <summary>Findings left out by --min-severity or --max-findings are said so in every listing format, not only in text.</summary>
public class ListingNoteTests
{
    private static LintReport Cut(out int hidden, out int omitted)
    {
        var all = SeedReport.Report;
        hidden = all.Findings.Count(f => f.Severity < Severity.Warning);
        var shown = all.AtLeast(Severity.Warning);
        var listed = shown.Findings.Count();
        omitted = listed - 3;
        return shown.Limit(3);
    }

    private static string HiddenNote(int n) => $"另有 {n} 条低于“警告”级别的结果未列出（--min-severity），汇总中已计入";
    private static string OmittedNote(int n) => $"另有 {n} 条结果未列出（--max-findings），汇总中已计入";

    [Test]
    public void Text_html_and_xlsx_say_how_many_findings_each_option_left_out()
    {
        var report = Cut(out var hidden, out var omitted);
        hidden.ShouldBeGreaterThan(0, "the seeds have info findings");
        omitted.ShouldBeGreaterThan(0);
        SummaryFormatter.Notes(report).ShouldBe(new[] { HiddenNote(hidden), OmittedNote(omitted) });

        var text = ReportFormats.Render(new TextFormatter(), report);
        text.ShouldContain(HiddenNote(hidden));
        text.ShouldContain(OmittedNote(omitted));

        var html = WebUtility.HtmlDecode(ReportFormats.Render(new HtmlFormatter(), report));
        html.ShouldContain($"<p class=\"note\">{HiddenNote(hidden)}。</p>");
        html.ShouldContain($"<p class=\"note\">{OmittedNote(omitted)}。</p>");

        using var stream = new MemoryStream();
        new XlsxFormatter().Write(report, stream);
        stream.Position = 0;
        using var book = SpreadsheetDocument.Open(stream, false);
        var part = book.WorkbookPart!;
        var summary = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == XlsxFormatter.SummarySheet);
        var rows = ((WorksheetPart)part.GetPartById(summary.Id!)).Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        rows.ShouldContain(r => r.Count >= 2 && r[0] == "说明" && r[1] == HiddenNote(hidden));
        rows.ShouldContain(r => r.Count >= 2 && r[0] == "说明" && r[1] == OmittedNote(omitted));
    }

    [Test]
    public void A_whole_listing_has_no_note()
    {
        SummaryFormatter.Notes(SeedReport.Report).ShouldBeEmpty();
        ReportFormats.Render(new HtmlFormatter(), SeedReport.Report).ShouldNotContain("class=\"note\"");
    }
}
