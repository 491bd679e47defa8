using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Office;

/// <summary>Hostile workbooks end as limit findings (PR006), within the file-size budget, never an out-of-memory.</summary>
public class OfficeLimitTests
{
    private static List<Diagnostic> Problems(byte[] bytes, ReadOptions? options = null)
        => OfficePipeline.Read(bytes, "hostile.xlsx", options).SelectMany(d => d.Diagnostics).ToList();

    /// <summary>A copy of a zip with one entry's content replaced.</summary>
    private static byte[] WithEntry(byte[] zip, string name, byte[] content)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in source.Entries)
            {
                using var to = target.CreateEntry(e.FullName, CompressionLevel.Fastest).Open();
                if (e.FullName == name) to.Write(content);
                else { using var from = e.Open(); from.CopyTo(to); }
            }
        return output.ToArray();
    }

    private static byte[] Sheet(string rowsXml) => Encoding.UTF8.GetBytes(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + rowsXml + "</sheetData></worksheet>");

    private static byte[] SmallWorkbook() => OfficeWriter.Workbook(new[] { new XSheet { Name = "表" } });

    [Test]
    public void A_zip_bomb_declaring_gigabytes_is_refused_before_inflating()
    {
        var zip = SmallWorkbook();
        // Claim ~4 GB for every entry, in the local and central headers.
        for (int i = 0; i + 30 < zip.Length; i++)
        {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), 0xFFFF0000);
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), 0xFFFF0000);
        }
        var p = Problems(zip).Single();
        p.RuleId.ShouldBe("PR006");
        p.Message.ShouldContain("压缩炸弹");
    }

    [Test]
    public void A_part_inflating_beyond_the_budget_stops_reading()
    {
        // 20 MB of spaces inside the sheet: about 20 KB compressed; the budget under a 1 MB file limit is 10 MB.
        var padding = new string(' ', 20 * 1024 * 1024);
        var zip = WithEntry(SmallWorkbook(), "xl/worksheets/sheet1.xml", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>" + padding));
        zip.Length.ShouldBeLessThan(1024 * 1024);
        var p = Problems(zip, new ReadOptions { MaxFileSize = 1024 * 1024 }).Single();
        p.RuleId.ShouldBe("PR006");
        p.Message.ShouldContain("解压后");
    }

    [Test]
    public void A_part_whose_headers_understate_its_size_is_not_inflated_beyond_them()
    {
        var padding = new string(' ', 20 * 1024 * 1024);
        var zip = WithEntry(SmallWorkbook(), "xl/worksheets/sheet1.xml", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>" + padding));
        // Say the sheet inflates to 300 bytes.
        var name = Encoding.ASCII.GetBytes("xl/worksheets/sheet1.xml");
        for (int i = 0; i + 46 < zip.Length; i++)
        {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4 && zip.AsSpan(i + 30).StartsWith(name)) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), 300);
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2 && zip.AsSpan(i + 46).StartsWith(name)) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), 300);
        }
        var p = Problems(zip, new ReadOptions { MaxFileSize = 1024 * 1024 });
        // Either the zip layer stops at the declared size (a damaged part) or the budget does: never 20 MB.
        p.Count.ShouldBe(1);
        p[0].RuleId.ShouldBeOneOf("PR001", "PR006");
    }

    [Test]
    public void A_million_rows_end_at_the_row_limit()
    {
        var rows = new StringBuilder();
        rows.Append("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>项目名称</t></is></c></row>");
        rows.Append("<row r=\"1000000\"><c r=\"A1000000\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
        var p = Problems(WithEntry(SmallWorkbook(), "xl/worksheets/sheet1.xml", Sheet(rows.ToString())));
        p.ShouldContain(d => d.RuleId == "PR006" && d.Message.Contains("超过 100000 行"));
    }

    [Test]
    public void Rows_beyond_the_limit_are_not_read()
    {
        var rows = new StringBuilder();
        for (int r = 1; r <= 100_050; r++) rows.Append("<row r=\"").Append(r).Append("\"><c r=\"A").Append(r).Append("\"><v>1</v></c></row>");
        var opened = OfficePipeline.Open(WithEntry(SmallWorkbook(), "xl/worksheets/sheet1.xml", Sheet(rows.ToString())), "rows.xlsx")!;
        opened.Problems.ShouldContain(d => d.RuleId == "PR006" && d.Message.Contains("第 100001 行及以后未读取"));
    }

    [Test]
    public void Cells_beyond_the_column_limit_are_a_finding_and_the_table_is_still_read()
    {
        var sheet = OfficeFixtures.Layout1("001", offset: false);
        var wide = new XCell?[16384];
        for (int c = 256; c < wide.Length; c++) wide[c] = "x" + c;
        sheet.Rows.Add(wide);
        var doc = OfficePipeline.Read(OfficeWriter.Workbook(new[] { sheet }), "wide.xlsx").Single();
        doc.Projects.Count().ShouldBe(4);
        doc.Diagnostics.ShouldContain(d => d.RuleId == "PR006" && d.Message.Contains("第 256 列之后还有 16128 个单元格"));
    }

    [Test]
    public void A_shared_strings_table_of_millions_is_refused()
    {
        var sst = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        for (int i = 0; i < 500_001; i++) sst.Append("<si><t>a</t></si>");
        sst.Append("</sst>");
        var p = Problems(WithEntry(SmallWorkbook(), "xl/sharedStrings.xml", Encoding.UTF8.GetBytes(sst.ToString()))).Single();
        p.RuleId.ShouldBe("PR006");
        p.Message.ShouldContain("共享字符串表超过 500000 条");
    }

    [Test]
    public void A_workbook_with_more_text_than_the_budget_stops_at_it()
    {
        var p = Problems(OfficeFixtures.Bytes("000.layout1.xlsx"), new ReadOptions { MaxFileSize = 12 * 1024 });
        p.ShouldContain(d => d.RuleId == "PR006" && d.Message.Contains("个字符"));
    }

    [Test]
    public void A_csv_beyond_the_row_limit_stops_at_it()
    {
        var csv = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a,b,c\r\n", 100_001)));
        var docs = OfficePipeline.Read(csv, "long.csv");
        docs.Single().Diagnostics.ShouldContain(d => d.RuleId == "PR006" && d.Message.Contains("超过 100000 行"));
    }

    [Test]
    public void A_file_over_the_size_limit_is_not_opened()
    {
        var bytes = OfficeFixtures.Bytes("000.layout1.xlsx");
        var p = Problems(bytes, new ReadOptions { MaxFileSize = bytes.Length - 1 }).Single();
        p.RuleId.ShouldBe("PR006");
    }
}
