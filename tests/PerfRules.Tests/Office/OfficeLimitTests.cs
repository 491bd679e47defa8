using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PerfRules.Fuzz;
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

    // ---- the hostile workbooks of the fuzz kinds (HostileFiles), each with what it may cost ----

    private static (List<Diagnostic> Problems, long Allocated) Measured(byte[] bytes, ReadOptions? options = null)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var problems = Problems(bytes, options);
        return (problems, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Test]
    public void A_zip_bomb_of_gigabytes_in_two_megabytes_is_refused_before_inflating()
    {
        var bomb = HostileFiles.XlsxBomb(2048, lie: false);
        bomb.Length.ShouldBeLessThan(3 << 20);
        var (problems, allocated) = Measured(bomb);
        allocated.ShouldBeLessThan(16L << 20);
        problems.Single().ShouldBe(new Diagnostic("PR006", "文件解压后有 2048 MB，超过上限 200 MB（可能是压缩炸弹），未读取", null));
    }

    [Test]
    public void A_zip_bomb_whose_headers_say_it_is_small_is_not_inflated_beyond_them()
    {
        var (problems, allocated) = Measured(HostileFiles.XlsxBomb(2048, lie: true));
        // The zip layer stops where the headers say the part ends: a damaged workbook, never 2 GB.
        allocated.ShouldBeLessThan(32L << 20);
        problems.Single().RuleId.ShouldBe("PR001");
        problems.Single().Message.ShouldContain("已损坏");
    }

    [Test]
    public void A_million_rows_stop_at_the_row_limit_in_bounded_memory()
    {
        var (problems, allocated) = Measured(HostileFiles.XlsxRows(1_000_000));
        allocated.ShouldBeLessThan(96L << 20);
        problems.ShouldContain(new Diagnostic("PR006", "工作表“项目表”超过 100000 行，第 100001 行及以后未读取", null));
    }

    [Test]
    public void Sixteen_thousand_columns_stop_at_the_cell_budget()
    {
        // Under a 1 MB file limit the budget is 52,428 cells: the fourth row of 16,384 passes it.
        var options = new ReadOptions { MaxFileSize = 1024 * 1024 };
        var (problems, allocated) = Measured(HostileFiles.XlsxWide(10), options);
        allocated.ShouldBeLessThan(64L << 20);
        problems.ShouldContain(new Diagnostic("PR006", "工作簿的单元格超过 52428 个，工作表“项目表”第 5 行及以后未读取", null));
        problems.ShouldContain(d => d.RuleId == "PR006" && d.Message.Contains("第 256 列之后还有"));
    }

    [Test]
    public void Small_cells_by_the_million_stop_at_the_cell_budget_before_the_text_budget()
    {
        // 256 columns of one-digit numbers: under the character budget (2 per cell) until 2.6 million
        // cells; each cell is kept until the sheet is built, so the cell budget stops it first.
        var options = new ReadOptions { MaxFileSize = 2 * 1024 * 1024 };
        var (problems, allocated) = Measured(HostileFiles.XlsxWide(1000, columns: 256), options);
        allocated.ShouldBeLessThan(64L << 20);
        problems.ShouldContain(d => d.RuleId == "PR006" && d.Message.StartsWith("工作簿的单元格超过 104857 个", StringComparison.Ordinal));
    }

    [Test]
    public void Millions_of_shared_strings_stop_at_the_entry_limit()
    {
        var (problems, allocated) = Measured(HostileFiles.XlsxSharedStrings(3));
        allocated.ShouldBeLessThan(96L << 20);
        problems.Single().ShouldBe(new Diagnostic("PR006", "工作簿的共享字符串表超过 500000 条，未读取", null));
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
