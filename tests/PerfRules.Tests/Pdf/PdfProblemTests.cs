using System.IO.Compression;
using System.Text;
using PerfRules.Fuzz;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Pdf;

namespace PerfRules.Tests.Pdf;

/// <summary>PDFs that cannot be checked: each is one clear finding, never an empty table, garbage or a crash.</summary>
public class PdfProblemTests
{
    private static Submission Read(string path, PdfOptions? options = null) => PdfReading.ReadFile(path, options);

    private static Diagnostic Only(Submission s)
    {
        s.Diagnostics.Count.ShouldBe(1, string.Join("\n", s.Diagnostics.Select(d => d.RuleId + " " + d.Message)));
        return s.Diagnostics[0];
    }

    [Test]
    public void An_image_only_pdf_is_one_PR001_saying_it_has_no_text_layer()
    {
        var s = Read(PdfFixtures.ImageOnly);
        s.Kind.ShouldBe(SubmissionKind.Unknown);
        var d = Only(s);
        d.RuleId.ShouldBe("PR001");
        d.Message.ShouldBe("PDF 没有文字层（可能是扫描件），无法检查；请使用原始电子文件");
        PdfReading.Findings(s).Select(f => f.RuleId).ShouldBe(new[] { "PR001" });
    }

    [Test]
    public void An_encrypted_pdf_is_one_PR001_asking_for_the_unencrypted_file()
    {
        var d = Only(Read(PdfFixtures.Encrypted));
        d.RuleId.ShouldBe("PR001");
        d.Message.ShouldContain("已加密");
        d.Message.ShouldContain("密码");
    }

    [Test]
    public void A_truncated_pdf_is_a_clear_reading_finding()
    {
        var s = Read(PdfFixtures.Truncated);
        s.Diagnostics.ShouldNotBeEmpty();
        var first = s.Diagnostics[0];
        first.RuleId.ShouldBeOneOf("PR001", "PR004");
        first.Message.ShouldContain("PDF");
        first.Message.ShouldContain("损坏");
        // What the part that survived shows is not passed off as a whole table.
        if (s.Kind != SubmissionKind.Unknown) s.Diagnostics.ShouldContain(d => d.RuleId == "PR004" && d.Message.Contains("页"));
    }

    [Test]
    public void A_pdf_of_another_document_is_the_usual_not_a_table_finding()
    {
        var s = Read(PdfFixtures.Unrelated);
        s.Kind.ShouldBe(SubmissionKind.Unknown);
        var d = Only(s);
        d.RuleId.ShouldBe("PR001");
        d.Message.ShouldStartWith("无法识别的文档格式：未找到“项目支出绩效目标表”或“部门整体预算绩效目标申报表”的表头");
    }

    [Test]
    public void Fonts_without_a_unicode_map_are_the_damage_finding_not_garbage_in_the_model()
    {
        var s = Read(PdfFixtures.NoToUnicode);
        var d = Only(s);
        d.RuleId.ShouldBe("PR004");
        d.Message.ShouldContain("ToUnicode");
        s.Units.ShouldBeEmpty();
        s.Department.ShouldBeNull();
    }

    [Test]
    public void A_few_unmappable_letters_become_replacement_characters_and_are_reported_with_their_page()
    {
        // Ordinary text, and one letter in a Type 3 font whose glyph name means nothing (/g1) and
        // which has no ToUnicode map: PdfPig can only give its code.
        var pdf = new RawPdf();
        int helvetica = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int glyph = pdf.Add(RawPdf.Stream("", "1000 0 d0 0 0 800 800 re f"u8.ToArray()));
        int type3 = pdf.Add($"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /g1 {glyph} 0 R >> /Encoding << /Type /Encoding /Differences [81 /g1] >> /FirstChar 81 /LastChar 81 /Widths [1000] >>");
        int content = pdf.Add(RawPdf.Stream("", "BT /F1 12 Tf 72 700 Td (plain text line one) Tj ET BT /F2 12 Tf 72 680 Td (Q) Tj ET"u8.ToArray()));
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {helvetica} 0 R /F2 {type3} 0 R >> >> /Contents {content} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        var bytes = pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>"));

        var opened = new PdfOpener().Open(bytes, "mixed.pdf", ReadOptions.Default);
        var text = opened.Documents.Single().Text;
        text.ShouldContain("plain text line one");
        text.ShouldContain("\uFFFD");
        text.ShouldNotContain("Q");
        var problem = opened.Problems.Single();
        problem.RuleId.ShouldBe("PR004");
        problem.Message.ShouldContain("第 1 页");
        problem.Message.ShouldContain("ToUnicode");
        // The reader then names the line, with its page, as for any damaged text.
        var read = PdfReading.Read(bytes, "mixed.pdf");
        var damage = read.Diagnostics.Where(d => d.RuleId == "PR004" && d.Span is not null).ToList();
        damage.Count.ShouldBe(1);
        read.Places!.Format(damage[0].Span!).ShouldStartWith("p1:2:");
    }

    // ---- limits and bombs --------------------------------------------------------------------

    private static OpenedFile Open(byte[] pdf, PdfOptions? options = null) =>
        new PdfOpener(options).Open(pdf, "bomb.pdf", ReadOptions.Default);

    [Test]
    public void A_flate_bomb_stops_at_the_stream_limit()
    {
        var opened = Open(RawPdf.OnePage(RawPdf.Stream("/Subtype /Image /Filter /FlateDecode", Zeros(80))), new PdfOptions { MaxStreamBytes = 16L << 20 });
        opened.Documents.ShouldBeEmpty();
        opened.Problems.Single().RuleId.ShouldBe("PR006");
        opened.Problems.Single().Message.ShouldContain("数据流解压后超过 16 MB");
    }

    [Test]
    public void A_page_content_bomb_stops_at_the_lower_content_limit()
    {
        // 12 MB of drawing operators: under the stream limit, over the content limit (each operator
        // would be an object in memory).
        var ops = Encoding.Latin1.GetBytes(string.Concat(Enumerable.Repeat("0 0 m 1 1 l S\n", 12 * 1024 * 1024 / 14)));
        var opened = Open(RawPdf.OnePage(RawPdf.Stream("/Filter /FlateDecode", RawPdf.Deflate(ops))));
        opened.Problems.Single().RuleId.ShouldBe("PR006");
        opened.Problems.Single().Message.ShouldContain("页面内容解压后超过 8 MB");
    }

    [Test]
    public void Too_many_letters_is_a_limit_finding()
    {
        var opened = Open(File.ReadAllBytes(PdfFixtures.Seed("003")), new PdfOptions { MaxLetters = 1000 });
        opened.Documents.ShouldBeEmpty();
        opened.Problems.Single().Message.ShouldBe("PDF 中的文字过多（超过 1000 个字符），未读取");
    }

    [Test]
    public void Many_streams_under_the_stream_limit_stop_at_the_document_limit()
    {
        var pdf = new RawPdf();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int pages = pdf.Reserve();
        var kids = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            int content = pdf.Add(RawPdf.Stream("/Filter /FlateDecode", Zeros(3)));
            kids.Add(pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"));
        }
        pdf.Set(pages, $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>");
        var opened = Open(pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>")), new PdfOptions { MaxStreamBytes = 4L << 20, MaxContentBytes = 4L << 20, MaxDecodedBytes = 10L << 20 });
        opened.Problems.Single().RuleId.ShouldBe("PR006");
        opened.Problems.Single().Message.ShouldContain("解压后的内容超过 10 MB");
    }

    [Test]
    public void Too_many_pages_is_a_limit_finding_read_before_any_page()
    {
        var pdf = new RawPdf();
        int content = pdf.Add(RawPdf.Stream("", "BT ET"u8.ToArray()));
        int pages = pdf.Reserve();
        var kids = Enumerable.Range(0, 30).Select(_ => pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R >>")).ToList();
        pdf.Set(pages, $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>");
        var opened = Open(pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>")), new PdfOptions { MaxPages = 20 });
        opened.Problems.Single().Message.ShouldBe("PDF 页数过多（30 页，上限 20 页），未读取");
        opened.Problems.Single().RuleId.ShouldBe("PR006");
    }

    [Test]
    public void A_file_over_the_size_limit_is_not_opened()
    {
        var bytes = File.ReadAllBytes(PdfFixtures.Seed("003"));
        var opened = new PdfOpener().Open(bytes, "big.pdf", new ReadOptions { MaxFileSize = 1000 });
        opened.Problems.Single().RuleId.ShouldBe("PR006");
        opened.Problems.Single().Message.ShouldContain("文件过大");
    }

    [Test]
    public void Reading_past_the_time_budget_is_a_limit_finding()
    {
        var opened = Open(File.ReadAllBytes(PdfFixtures.Seed("000")), new PdfOptions { TimeBudget = TimeSpan.FromTicks(1) });
        opened.Documents.ShouldBeEmpty();
        opened.Problems.Single().RuleId.ShouldBe("PR006");
        opened.Problems.Single().Message.ShouldContain("时间上限");
    }

    [Test]
    public void Arrays_nested_a_hundred_thousand_deep_do_not_overflow_the_stack()
    {
        const int n = 100_000;
        var content = Encoding.Latin1.GetBytes("BT /F1 12 Tf " + new string('[', n) + new string(']', n) + " TJ ET");
        var opened = Open(RawPdf.OnePage(RawPdf.Stream("", content)));
        opened.Documents.ShouldBeEmpty();
        opened.Problems.Single().ShouldBe(new Diagnostic("PR006", "PDF 第 1 页的对象嵌套超过 256 层，该页未读取；文件可能是恶意构造的", null));
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Nesting_beyond_the_limit_is_a_limit_finding_wherever_it_is(bool dictionaries, bool inContent)
    {
        var pdf = HostileFiles.PdfNested(50_000, dictionaries, inContent);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var opened = Open(pdf);
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(64L << 20);
        opened.Documents.ShouldBeEmpty();
        // In the content a page is left out; in an object of the file (PdfPig would read it as empty,
        // and the page as one without text) the file is not read.
        opened.Problems.Single().ShouldBe(new Diagnostic("PR006", inContent
            ? "PDF 第 1 页的对象嵌套超过 256 层，该页未读取；文件可能是恶意构造的"
            : "PDF 中的对象嵌套超过 256 层，未读取；文件可能是恶意构造的", null));
    }

    [Test]
    public void Nesting_within_the_limit_is_read()
    {
        // 200 deep in the page object, and the page's text beside it.
        var nested = new string('[', 200) + new string(']', 200);
        var pdf = new RawPdf();
        int font = pdf.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        int content = pdf.Add(RawPdf.Stream("", "BT /F1 12 Tf 100 700 Td (Hello) Tj ET"u8.ToArray()));
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R /Deep {nested} >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        var opened = Open(pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>")));
        opened.Problems.ShouldBeEmpty();
        opened.Documents.Single().Text.ShouldBe("Hello\n");
    }

    [TestCase(HostileFiles.StreamBomb.Flate, 2048)]
    [TestCase(HostileFiles.StreamBomb.Lzw, 2048)]
    [TestCase(HostileFiles.StreamBomb.RunLength, 500)]
    [TestCase(HostileFiles.StreamBomb.Ccitt, 100_000)]
    public void A_stream_bomb_in_any_filter_stops_at_the_content_limit_without_its_memory(HostileFiles.StreamBomb filter, int megabytes)
    {
        var pdf = HostileFiles.PdfStreamBomb(filter, megabytes);
        ((long)pdf.Length).ShouldBeLessThan(ReadOptions.DefaultMaxFileSize);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var opened = Open(pdf);
        // The content limit is 8 MB: the bomb is refused on the way there (LZW, Flate) or before (run-length, CCITT).
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(64L << 20);
        opened.Documents.ShouldBeEmpty();
        opened.Problems.Single().ShouldBe(new Diagnostic("PR006", "PDF 页面内容解压后超过 8 MB，未读取；文件可能是恶意构造的（压缩炸弹）", null));
    }

    [Test]
    public void A_chain_of_references_is_refused_before_it_overflows_the_stack()
    {
        var pdf = new RawPdf();
        var ids = Enumerable.Range(0, 50_000).Select(_ => pdf.Reserve()).ToList();
        for (int i = 0; i < ids.Count; i++) pdf.Set(ids[i], i + 1 < ids.Count ? $"{ids[i + 1]} 0 R" : "0");
        int content = pdf.Add(RawPdf.Stream("", "BT ET"u8.ToArray()));
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Rotate {ids[0]} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        var opened = Open(pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>")));
        opened.Problems.Single().Message.ShouldContain("对象引用链过长");
    }

    [TestCase(1, "循环")]
    [TestCase(5_000, "嵌套超过")]
    public void Forms_that_draw_each_other_are_refused_before_they_overflow_the_stack(int depth, string why)
    {
        // A chain of form XObjects, each drawing the next; the last draws itself.
        var pdf = new RawPdf();
        var ids = Enumerable.Range(0, depth).Select(_ => pdf.Reserve()).ToList();
        for (int i = 0; i < depth; i++)
        {
            var next = i + 1 < depth ? ids[i + 1] : ids[i];
            pdf.Set(ids[i], Encoding.Latin1.GetString(RawPdf.Stream(
                $"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X {next} 0 R >> >>", "/X Do"u8.ToArray())));
        }
        var opened = Open(PageDrawing(pdf, ids[0], "/X Do"));
        opened.Problems.Single().Message.ShouldContain(why);
    }

    [Test]
    public void Forms_that_multiply_are_refused_before_they_run_for_ever()
    {
        // Ten levels, each form drawing the one below it ten times: ten billion drawings.
        var pdf = new RawPdf();
        int leaf = pdf.Add(Encoding.Latin1.GetString(RawPdf.Stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", "0 0 1 1 re f"u8.ToArray())));
        int below = leaf;
        for (int level = 0; level < 10; level++)
        {
            var draws = string.Concat(Enumerable.Repeat("/C Do ", 10));
            below = pdf.Add(Encoding.Latin1.GetString(RawPdf.Stream(
                $"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /C {below} 0 R >> >>", Encoding.Latin1.GetBytes(draws))));
        }
        var opened = Open(PageDrawing(pdf, below, "/X Do"));
        opened.Problems.Single().Message.ShouldContain("展开后超过");
    }

    private static byte[] PageDrawing(RawPdf pdf, int form, string content)
    {
        int stream = pdf.Add(RawPdf.Stream("", Encoding.Latin1.GetBytes(content)));
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X {form} 0 R >> >> /Contents {stream} 0 R >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        return pdf.Write(pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>"));
    }

    /// <summary>zlib of <paramref name="megabytes"/> MB of zeros, written without holding them.</summary>
    private static byte[] Zeros(int megabytes)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (int i = 0; i < megabytes; i++) z.Write(zeros);
        }
        return ms.ToArray();
    }

    [Test]
    public void Garbage_and_empty_bytes_that_start_like_a_pdf_are_a_damage_finding()
    {
        foreach (var bytes in new[] { "%PDF-1.7\n"u8.ToArray(), "%PDF-1.4\n1 0 obj << /Type /Catalog"u8.ToArray(), Encoding.Latin1.GetBytes("%PDF-1.5\n" + new string('x', 5000)) })
        {
            var opened = Open(bytes);
            opened.Documents.ShouldBeEmpty();
            opened.Problems.Single().RuleId.ShouldBe("PR001");
        }
    }
}
