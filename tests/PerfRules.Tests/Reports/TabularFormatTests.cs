using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Reports;
using PerfRules.Runs;
using PerfRules.Reports.Office;

namespace PerfRules.Tests.Reports;

/// <summary>junit, csv, xlsx and github outputs of the seeds' audit, read back and compared with the JSON output.</summary>
public class TabularFormatTests
{
    private static LintReport Report => SeedReport.Report;

    [Test]
    public void The_seed_audit_has_findings_to_compare()
    {
        // Guards the comparisons below from passing vacuously.
        SeedReport.JsonFindings(Report).Count.ShouldBeGreaterThan(50);
    }

    [Test]
    public void Junit_has_a_testsuite_per_document_and_failures_carrying_every_error_and_warning()
    {
        var xml = XDocument.Parse(ReportFormats.Render(new JUnitFormatter(), Report));
        var suites = xml.Root!.Elements("testsuite").ToList();
        suites.Select(s => (string)s.Attribute("name")!).ShouldBe(Report.Documents.Select(d => d.File));
        var json = SeedReport.JsonFindings(Report);
        foreach (var suite in suites)
        {
            var file = (string)suite.Attribute("name")!;
            var cases = suite.Elements("testcase").ToList();
            ((int)suite.Attribute("tests")!).ShouldBe(cases.Count);
            cases.Select(c => (string)c.Attribute("name")!).Distinct().Count().ShouldBe(cases.Count, "one testcase per rule");
            var failures = cases.Where(c => c.Element("failure") is not null).ToList();
            ((int)suite.Attribute("failures")!).ShouldBe(failures.Count);
            // Rules with an error or warning in this document fail; the failure text holds each message.
            var failing = json.Where(f => f.File == file && f.Severity is "error" or "warning").GroupBy(f => f.RuleId).ToList();
            failures.Select(c => ((string)c.Attribute("name")!).Split(' ')[0]).Order().ShouldBe(failing.Select(g => g.Key).Order());
            foreach (var g in failing)
            {
                var text = failures.Single(c => ((string)c.Attribute("name")!).StartsWith(g.Key + " ")).Element("failure")!.Value;
                foreach (var f in g) text.ShouldContain(f.Message);
            }
        }
        xml.Root.Elements("testsuite").SelectMany(s => s.Elements("testcase"))
            .ShouldContain(c => ((string)c.Attribute("name")!).StartsWith("PR108 ") && c.Element("failure") != null);
    }

    [Test]
    public void Csv_file_has_a_bom_and_one_row_per_finding_matching_the_json()
    {
        var path = Path.Combine(SeedReport.TempDir("csv"), "r.csv");
        var options = new FindingTableOptions { Fingerprints = true };
        ReportFormats.WriteFile(new CsvFormatter { Options = options }, Report, path);
        var bytes = File.ReadAllBytes(path);
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });

        // CsvHelper strips the BOM and takes the first record as the header.
        using var reader = CsvReader.Create(bytes);
        var header = reader.Headers.ToArray();
        header.ShouldBe(FindingTable.Columns(Report, FindingTableUse.Csv, options).Select(c => c.Name));
        header.ShouldContain(FindingTable.SeverityCode);
        header.ShouldContain("修改建议");
        header.ShouldNotContain("规则执行失败", "no rule failed on the seeds");
        var rows = new List<string[]>();
        while (reader.Read())
        {
            reader.GetString("消息").ShouldNotBeNullOrEmpty();
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToArray());
        }
        AssertRowsMatchJson(header, rows);
    }

    [Test]
    public void Xlsx_has_a_summary_sheet_and_finding_rows_matching_the_json()
    {
        using var stream = new MemoryStream();
        new XlsxFormatter { Options = new FindingTableOptions { Fingerprints = true } }.Write(Report, stream);
        stream.Position = 0;
        using var book = SpreadsheetDocument.Open(stream, false);
        var wb = book.WorkbookPart!;
        var sheets = wb.Workbook.Sheets!.Elements<Sheet>().ToList();
        // An audit: a sheet per department after the summary and all the findings.
        sheets.Select(s => s.Name!.Value).ShouldBe(new[] { XlsxFormatter.SummarySheet, XlsxFormatter.FindingsSheet }
            .Concat(Report.Summary.ByDepartment.Select(d => d.Department)));

        List<string[]> Read(Sheet sheet)
        {
            var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
            return part.Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray())
                .ToList();
        }

        var summary = Read(sheets[0]);
        summary.ShouldContain(r => r.Length == 2 && r[0] == "文件" && r[1] == "5");
        summary.ShouldContain(r => r.Length > 1 && r[0] == "广州市协作办公室" && r[1] == "2");
        var all = Read(sheets[1]);
        all[0].ShouldBe(FindingTable.Columns(Report, FindingTableUse.Xlsx, new FindingTableOptions { Fingerprints = true }).Select(c => c.Name));
        AssertRowsMatchJson(all[0], all.Skip(1).ToList());
    }

    private static void AssertRowsMatchJson(string[] header, List<string[]> rows)
    {
        var json = SeedReport.JsonFindings(Report);
        rows.Count.ShouldBe(json.Count);
        int Col(string name) => Array.IndexOf(header, name);
        for (var i = 0; i < json.Count; i++)
        {
            var r = rows[i];
            r.Length.ShouldBe(header.Length);
            r[Col("文件")].ShouldBe(json[i].File);
            r[Col("规则")].ShouldBe(json[i].RuleId);
            r[Col("级别")].ShouldBe(json[i].Severity switch { "error" => "错误", "warning" => "警告", _ => "提示" });
            if (Col(FindingTable.SeverityCode) >= 0) r[Col(FindingTable.SeverityCode)].ShouldBe(json[i].Severity);
            r[Col("修改建议")].ShouldBe(json[i].Fix ?? "");
            r[Col("消息")].ShouldBe(json[i].Message); // Chinese text survives
            r[Col("起始行")].ShouldBe(json[i].Line?.ToString() ?? "");
            r[Col("指纹")].ShouldBe(json[i].Fingerprint);
        }
    }

    [Test]
    public void Github_annotations_are_one_workflow_command_per_finding()
    {
        var lines = ReportFormats.Render(new GitHubFormatter(), Report).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = SeedReport.JsonFindings(Report);
        lines.Length.ShouldBe(json.Count);
        var pattern = new Regex(@"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),.*title=(PR\d{3})::(.+)$");
        for (var i = 0; i < json.Count; i++)
        {
            var m = pattern.Match(lines[i]);
            m.Success.ShouldBeTrue(lines[i]);
            m.Groups[1].Value.ShouldBe(json[i].Severity switch { "error" => "error", "warning" => "warning", _ => "notice" });
            m.Groups[2].Value.ShouldBe(json[i].File);
            m.Groups[3].Value.ShouldBe(json[i].Line.ToString());
            m.Groups[5].Value.ShouldBe(json[i].RuleId);
            // The fix on the annotation's second line, as in the text format.
            m.Groups[6].Value.ShouldBe(GitHubFormatter.Data(json[i].Message + "\n修改建议：" + json[i].Fix));
            json[i].Fix.ShouldNotBeNullOrEmpty();
        }
        GitHubFormatter.Property("a,b:c%\n").ShouldBe("a%2Cb%3Ac%25%0A");
    }
}
