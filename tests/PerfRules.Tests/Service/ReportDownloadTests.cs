using System.Net;
using System.Text.RegularExpressions;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Reports;
using PerfRules.Reports.Office;
using PerfRules.Service;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>
/// The reports for people over HTTP: /api/v1/lint?format=html|xlsx|csv as downloads (never a page of the
/// service), and /rules, the rule list page in Chinese, under the upload page's strict policy.
/// </summary>
public class ReportDownloadTests
{
    private static HttpClient Client => SharedService.Instance.Client;

    private static string Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) :
        r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";

    private static async Task<HttpResponseMessage> Download(string format, params (string Name, byte[] Bytes)[] docs)
    {
        var r = await Client.PostAsync("/api/v1/lint?format=" + format, Multipart(docs));
        ((int)r.StatusCode).ShouldBe(200, await Text(r));
        // A download: saved by the browser, never shown as a page of the service, and allowed to do nothing if it were.
        r.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        r.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe($"{LintEndpoints.DownloadName}.{format}");
        Header(r, "Content-Security-Policy").ShouldBe(SecurityHeaders.DataPolicy);
        Header(r, "X-Content-Type-Options").ShouldBe("nosniff");
        return r;
    }

    [Test]
    public async Task The_html_report_is_the_librarys_for_the_same_files()
    {
        var docs = new[] { (SeedName("003"), SeedBytes("003")), (SeedName("004"), SeedBytes("004")) };
        var r = await Download("html", docs);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await Text(r);
        html.ShouldBe(Expected("html", docs));
        html.ShouldContain("规则说明");
    }

    [Test]
    public async Task The_xlsx_report_is_a_workbook_with_a_sheet_per_department_for_several_files()
    {
        var docs = new[] { (SeedName("000"), SeedBytes("000")), (SeedName("003"), SeedBytes("003")) };
        var r = await Download("xlsx", docs);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var stream = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var book = SpreadsheetDocument.Open(stream, false);
        var names = book.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        names.ShouldBe(new[] { XlsxFormatter.SummarySheet, XlsxFormatter.FindingsSheet, "广州市协作办公室", "广州市人民政府驻北京办事处" });
        var expected = Linter.CheckAll(docs.Select(d => (d.Item2, d.Item1)).ToList()).Findings.Count();
        var findings = (WorksheetPart)book.WorkbookPart.GetPartById(
            book.WorkbookPart.Workbook.Sheets.Elements<Sheet>().Single(s => s.Name == XlsxFormatter.FindingsSheet).Id!);
        findings.Worksheet.Descendants<Row>().Count().ShouldBe(expected + 1);

        // One file: no department sheets.
        var one = await Download("xlsx", docs[0]);
        using var oneStream = new MemoryStream(await one.Content.ReadAsByteArrayAsync());
        using var oneBook = SpreadsheetDocument.Open(oneStream, false);
        oneBook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Count().ShouldBe(2);
    }

    [Test]
    public async Task The_csv_report_has_a_bom_and_chinese_severities()
    {
        var r = await Download("csv", (SeedName("003"), SeedBytes("003")));
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await r.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        using var reader = CsvReader.Create(bytes);
        var rows = 0;
        while (reader.Read())
        {
            new[] { "错误", "警告", "提示" }.ShouldContain(reader.GetString("级别"));
            reader.GetString("修改建议").ShouldNotBeNullOrEmpty();
            rows++;
        }
        rows.ShouldBe(Linter.Check(SeedBytes("003"), SeedName("003")).One().Findings.Count);
    }

    [Test]
    public async Task The_rule_list_page_explains_every_rule_in_chinese_under_the_page_policy()
    {
        var r = await Client.GetAsync("/rules");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        Header(r, "Content-Security-Policy").ShouldBe(SecurityHeaders.PagePolicy);
        var html = await Text(r);
        html.ShouldContain("<html lang=\"zh-CN\">");
        html.ShouldContain("<h1>规则列表</h1>");
        foreach (var rule in Linter.Rules.RuleSet.Rules)
        {
            html.ShouldContain($"<article class=\"rule-doc\" id=\"{RuleCatalogueHtml.Anchor(rule.Id)}\">");
            html.ShouldContain(HtmlFormatter.E(rule.Title));
        }
        // Nothing the policy would block: no inline script or style, the style sheet is the report's, served by the service.
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<style");
        html.ShouldNotContain(" style=");
        Regex.IsMatch(html, @"\son[a-z]+\s*=").ShouldBeFalse();
        Regex.Match(html, @"<link rel=""stylesheet"" href=""([^""]+)"">").Groups[1].Value.ShouldBe("report.css");
        var css = await Client.GetAsync("/report.css");
        css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        (await Text(css)).ShouldBe(HtmlFormatter.Stylesheet);
        // The upload page links to it.
        (await Client.GetStringAsync("/")).ShouldContain("<a href=\"/rules\">规则列表</a>");
    }

    [Test]
    public async Task The_openapi_document_offers_the_reports_for_people()
    {
        var doc = System.Text.Json.JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var format = doc.GetProperty("paths").GetProperty("/api/v1/lint").GetProperty("post").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "format");
        format.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe(LintEndpoints.Offered);
        LintEndpoints.Offered.ShouldContain("html");
        LintEndpoints.Offered.ShouldContain("xlsx");
    }
}
