using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Office;

/// <summary>Which opener takes a file (by content, whatever its name), and the clear PR001 for what cannot be read.</summary>
public class OfficeFormatTests
{
    [TestCase("000.layout1.xlsx", "xlsx")]
    [TestCase("002.overall.xlsx", "xlsx")]
    [TestCase("001.layout1.docx", "docx")]
    [TestCase("001.tabular-gb18030.csv", "csv")]
    [TestCase("004.layout2-gb18030.csv", "csv")]
    [TestCase("renamed/003.layout1.xlsx.txt", "xlsx")]
    [TestCase("renamed/001.layout1.docx.xlsx", "docx")]
    [TestCase("renamed/004.layout2.csv.txt", "csv")]
    [TestCase("negative/word97.doc", "ole")]
    [TestCase("negative/wps-sheet.et", "ole")]
    [TestCase("negative/encrypted.xlsx", "ole")]
    [TestCase("libreoffice/003.layout1.xls", "ole")]
    public void The_content_decides_the_opener(string fixture, string format)
        => OfficePipeline.FormatOf(OfficeFixtures.Bytes(fixture), OfficeFixtures.PathOf(fixture)).ShouldBe(format);

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Seed_text_is_left_to_the_text_readers_even_when_named_csv(string prefix)
    {
        var bytes = File.ReadAllBytes(Seeds.Path0(prefix));
        OfficePipeline.FormatOf(bytes, Seeds.Path0(prefix)).ShouldBe(InputContents.Text);
        // A tab-separated seed named .csv is still text, not a one-column CSV.
        if (prefix is "001" or "002") OfficePipeline.FormatOf(bytes, "seed.csv").ShouldBe(InputContents.Text);
    }

    [Test]
    public void A_text_file_with_an_office_name_is_not_taken_for_office()
    {
        var bytes = File.ReadAllBytes(Seeds.Path0("000"));
        foreach (var name in new[] { "a.xlsx", "a.docx", "a.xls", "a.et" })
            OfficePipeline.FormatOf(bytes, name).ShouldBe(InputContents.Text, name);
    }

    [TestCase("negative/wps-sheet.et", "WPS 表格文件（.et）无法直接读取，请另存为 .xlsx 后再检查")]
    [TestCase("negative/wps-sheet.renamed.xls", "旧版 Excel 工作簿（.xls）已损坏或使用了无法读取的格式")]
    [TestCase("negative/word97.doc", "Word 97-2003 文档（.doc）无法直接读取，请另存为 .docx 后再检查")]
    [TestCase("libreoffice/word97-from-001.layout1.doc", "Word 97-2003 文档（.doc）无法直接读取")]
    [TestCase("negative/wps-text.wps", "WPS 文字文件（.wps）无法直接读取，请另存为 .docx 后再检查")]
    [TestCase("negative/encrypted.xlsx", "文件已加密")]
    [TestCase("negative/archive.zip.xlsx", "zip 压缩包")]
    [TestCase("negative/spreadsheet.ods", "OpenDocument 表格（.ods）")]
    [TestCase("negative/binary.xlsb", "Excel 二进制工作簿（.xlsb）")]
    [TestCase("negative/not-a-table.xlsx", "各工作表都不是绩效目标表")]
    public void What_cannot_be_read_is_one_clear_PR001(string fixture, string message)
    {
        var docs = OfficePipeline.Read(OfficeFixtures.Bytes(fixture), OfficeFixtures.PathOf(fixture));
        docs.Count.ShouldBe(1);
        docs[0].Kind.ShouldBe(SubmissionKind.Unknown);
        var findings = OfficePipeline.Findings(docs[0]);
        findings.Select(f => f.RuleId).ShouldBe(new[] { "PR001" });
        findings[0].Message.ShouldContain(message);
    }

    [Test]
    public void A_workbook_without_a_table_lists_its_sheets_and_why()
    {
        var opened = OfficePipeline.Open(OfficeFixtures.Bytes("negative/not-a-table.xlsx"), "x.xlsx")!;
        opened.Documents.ShouldBeEmpty();
        opened.Skipped.ShouldBe(new[] { "工作表“填表说明”不是绩效目标表（未找到表头），未检查", "工作表“Sheet2”是空表，未检查" });
        opened.Problems[0].Message.ShouldContain("填表说明");
    }

    [Test]
    public void An_instructions_sheet_beside_the_table_is_skipped_and_listed()
    {
        var opened = OfficePipeline.Open(OfficeFixtures.Bytes("002.overall.xlsx"), "002.xlsx")!;
        opened.Documents.Count.ShouldBe(1);
        ((CellMap)opened.Documents[0].Places!).Grids.ShouldBe(new[] { "部门整体绩效目标" });
        opened.Skipped.ShouldBe(new[] { "工作表“填表说明”不是绩效目标表（未找到表头），未检查" });
    }

    [TestCase("000.layout1.xlsx")]
    [TestCase("001.layout1.docx")]
    public void A_truncated_file_is_damaged_not_damaged_text(string fixture)
    {
        var bytes = OfficeFixtures.Bytes(fixture);
        var cut = bytes[..(bytes.Length / 2)];
        var docs = OfficePipeline.Read(cut, fixture);
        var findings = OfficePipeline.Findings(docs.Single());
        findings.Select(f => f.RuleId).ShouldBe(new[] { "PR001" });
        findings[0].Message.ShouldContain("损坏");
    }

    [Test]
    public void Two_tables_in_one_Word_file_are_two_documents()
    {
        var one = OfficeFixtures.Bytes("001.layout1.docx");
        var opened = OfficePipeline.Open(one, "a.docx")!;
        opened.Documents.Count.ShouldBe(1);
        // The Word writer's own document with the 001 table twice, each with its heading paragraphs.
        var sheet = OfficeFixtures.Layout1("001", offset: false);
        var table = sheet.Rows.Skip(2).Select(r => r.Select(c => new OfficeWriter.WCell(c?.Text ?? c?.Number?.ToString("0.00") ?? "")).ToArray()).ToList();
        var two = OfficeWriter.Document(new[] { "项目支出绩效目标表（含转移支付项目）", "部门名称：广州开发区援建和对外经济合作局 单位：万元" }, new[] { table, table });
        var docs = OfficePipeline.Read(two, "two.docx");
        docs.Count.ShouldBe(2);
        docs.ShouldAllBe(d => d.Projects.Count() == 4);
        ((CellMap)docs[1].Places!).Format(docs[1].Projects.First().Span!).ShouldStartWith("表2!");
    }
}
