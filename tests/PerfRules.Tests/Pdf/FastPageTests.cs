using System.Text;
using PerfRules.Ingest;
using PerfRules.Readers.Pdf;
using PerfRules.Rules;
using UglyToad.PdfPig;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// The reader's own content interpreter (<see cref="FastPages"/>) against PdfPig's pages: on every
/// committed PDF and on PDFs made here, each page it reads gives PdfPig's glyphs (text, position,
/// size) and rulings to the last bit, and the whole read (text, places, problems, findings) is the
/// same with it and without it. Pages it does not know are left to PdfPig.
/// </summary>
public class FastPageTests
{
    public static IEnumerable<string> CommittedPdfs() =>
        Directory.GetFiles(PdfFixtures.Dir, "*.pdf").Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal)!;

    /// <summary>Compares the fast path with PdfPig page by page; the number of pages the fast path read, -1 if PdfPig cannot open the file.</summary>
    private static int ComparePages(byte[] bytes)
    {
        var opener = new PdfOpener();
        var limits = new ReadLimits(64L << 20, 8L << 20, 256L << 20, TimeSpan.Zero);
        var log = new UnmappedLog();
        PdfDocument document;
        try { document = PdfDocument.Open(bytes, opener.Parsing(log, limits)); }
        catch (Exception) { return -1; }
        using (document)
        {
            var fast = FastPages.Open(document, limits.Filters());
            int read = 0;
            for (int n = 1; n <= document.NumberOfPages; n++)
            {
                var quick = fast?.Read(n);
                log.Take();
                UglyToad.PdfPig.Content.Page page;
                try { page = document.GetPage(n); }
                catch (Exception)
                {
                    quick.ShouldBeNull($"page {n}: PdfPig cannot read it, the fast path must not either");
                    continue;
                }
                if (quick is null) continue;
                var glyphs = PageGlyphs.Read(page, log.Take());
                quick.Glyphs.Count.ShouldBe(glyphs.Count, $"page {n}: letters");
                for (int i = 0; i < glyphs.Count; i++)
                {
                    var (a, b) = (glyphs[i], quick.Glyphs[i]);
                    var at = $"page {n}, letter {i} ({a.Text})";
                    b.Text.ShouldBe(a.Text, at);
                    b.Left.ShouldBe(a.Left, at);
                    b.Right.ShouldBe(a.Right, at);
                    b.Baseline.ShouldBe(a.Baseline, at);
                    b.Size.ShouldBe(a.Size, at);
                    b.Damaged.ShouldBe(a.Damaged, at);
                }
                var rulings = Rulings.Read(page, out var bottom);
                Rulings.From(quick.Paths, quick.Turn, quick.Width, quick.Height, out var quickBottom).ShouldBe(rulings, $"page {n}: rulings");
                quickBottom.ShouldBe(bottom, $"page {n}: printable area");
                read++;
            }
            return read;
        }
    }

    [TestCaseSource(nameof(CommittedPdfs))]
    public void Each_page_the_fast_path_reads_gives_PdfPigs_letters_and_rulings(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(PdfFixtures.Dir, file));
        int read = ComparePages(bytes);
        // Every page a browser printed with its text layer is read the fast way; the others are PdfPig's.
        switch (file)
        {
            case "no-tounicode.pdf": // fonts without a map: PdfPig's fallback to the encoding, and its warnings
                read.ShouldBe(0);
                break;
            case "encrypted.pdf" or "truncated.pdf":
                read.ShouldBe(-1);
                break;
            default:
                read.ShouldBeGreaterThan(0);
                using (var d = PdfDocument.Open(bytes)) read.ShouldBe(d.NumberOfPages);
                break;
        }
    }

    [TestCaseSource(nameof(CommittedPdfs))]
    public void The_read_is_the_same_with_and_without_the_fast_path(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(PdfFixtures.Dir, file));
        SameRead(bytes, file);
    }

    private static void SameRead(byte[] bytes, string file)
    {
        var slow = new PdfOpener(new PdfOptions { FastPages = false, PageThreads = 1 }).Open(bytes, file, ReadOptions.Default);
        var fast = new PdfOpener(new PdfOptions { PageThreads = 1 }).Open(bytes, file, ReadOptions.Default);
        fast.Problems.ShouldBe(slow.Problems);
        fast.Documents.Count.ShouldBe(slow.Documents.Count);
        for (int d = 0; d < slow.Documents.Count; d++)
        {
            var (a, b) = (slow.Documents[d], fast.Documents[d]);
            b.Text.ShouldBe(a.Text);
            var (mapA, mapB) = ((PageMap)a.Places!, (PageMap)b.Places!);
            mapB.LineCount.ShouldBe(mapA.LineCount);
            for (int line = 1; line <= a.LineCount; line++)
                for (int column = 1; column <= a.Chars(line).Length; column++)
                    mapB.Locate(line, column).ShouldBe(mapA.Locate(line, column), $"line {line}, column {column}");
        }
        // And so the model and the findings, with their spans and places.
        var modelSlow = PdfReading.Read(bytes, file, new PdfOptions { FastPages = false });
        var modelFast = PdfReading.Read(bytes, file);
        ModelDump.Of(modelFast, s => s).ShouldBe(ModelDump.Of(modelSlow, s => s));
        Described(PdfReading.Findings(modelFast)).ShouldBe(Described(PdfReading.Findings(modelSlow)));
    }

    private static List<string> Described(IEnumerable<Finding> findings) =>
        findings.Select(f => $"{f.RuleId} {f.Severity} {f.Path} {f.Span} {f.Message}").ToList();

    [Test]
    public void The_fast_path_ran_on_the_ten_page_table()
    {
        long before = PdfOpener.FastPagesRead;
        new PdfOpener(new PdfOptions { PageThreads = 1 }).Open(File.ReadAllBytes(PdfFixtures.Seed("000")), "000.pdf", ReadOptions.Default);
        (PdfOpener.FastPagesRead - before).ShouldBeGreaterThanOrEqualTo(10);
    }

    // PDFs made here: a Type 3 font as browsers write one (codes A, B, C mapped to 项, 目 and a space),
    // and content that uses every operator the fast path knows.

    private const string Known = """
        .5 0 0 -.5 0 842 cm
        q 118 140 1000 1400 re W* n
        q 2 0 0 2 10 10 cm 0 0 0 RG 0 0 0 rg /G1 gs
        /Table <</MCID 0 /Nested << /A [1 (x) <00> /N true] >> >>BDC
        0 69 1 42 re f 0 69 137 1 re f 1 1 1 rg 0 120 300 1 re f 0 g
        10 300 m 200 300 l S 2 w 10 320 m 200 320 l 200 330 l h S 5 w 10 340 m 200 340 l s
        10 360 100 1 re B 10 370 100 1 re b* 10 380 m 20 380 l n
        EMC
        BT /F1 12 Tf 1 0 0 -1 20 61 Tm <41> Tj 12.5 0 Td <42> Tj [<41> -250 <43> 120.5 (B)] TJ ET
        BT /F1 10.5 Tf 2 Tc 3 Tw 90 Tz 1 Ts 14 TL 1 0 0 -1 30 200 Tm (ACB) Tj T* (A\102) Tj 0 -20 TD <4142> Tj (C) ' 1 2 (AB) " ET
        /Span<</ActualText <FEFF76EE> >> BDC BT /F1 12 Tf 1 0 0 -1 40 400 Tm <42> Tj <4142> Tj ET EMC
        /P BMC BT /F1 12 Tf 50 500 Td <41> Tj ET EMC
        Q Q Q
        """;

    private static byte[] Type3Pdf(string content, string fontExtra = "", string pageExtra = "", string toUnicode = "2 beginbfchar\n<41> <9879>\n<42> <76EE>\nendbfchar\n1 beginbfrange\n<43> <43> <0020>\nendbfrange",
        string resourcesExtra = "", bool twoStreams = false, bool form = false)
    {
        var pdf = new RawPdf();
        var cmap = $"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n{toUnicode}\nendcmap\nend\nend\n";
        int map = pdf.Add(RawPdf.Stream("/Filter /FlateDecode", RawPdf.Deflate(Encoding.Latin1.GetBytes(cmap))));
        int glyph = pdf.Add(RawPdf.Stream("/Filter /FlateDecode", RawPdf.Deflate("1000 0 0 0 1000 1000 d1\n0 0 1000 1000 re f\n"u8.ToArray())));
        int font = pdf.Add($"<< /Type /Font /Subtype /Type3 /FontMatrix [.00100000005 0 0 -.00100000005 0 0] /FirstChar 65 /LastChar 67 /FontBBox [35 120 972 -880] /Widths [1000 920 250] /ToUnicode {map} 0 R /Encoding << /Type /Encoding /Differences [65 /g1 /g2 /g3] >> /CharProcs << /g1 {glyph} 0 R /g2 {glyph} 0 R /g3 {glyph} 0 R >> {fontExtra} >>");
        int gs = pdf.Add("<< /Type /ExtGState /LW 1.5 /ca 1 >>");
        string contents;
        if (twoStreams)
        {
            // Split between two operators: PdfPig joins the streams with a newline.
            int cut = content.IndexOf("EMC", StringComparison.Ordinal) + 3;
            int first = pdf.Add(RawPdf.Stream("/Filter /FlateDecode", RawPdf.Deflate(Encoding.Latin1.GetBytes(content[..cut]))));
            int second = pdf.Add(RawPdf.Stream("", Encoding.Latin1.GetBytes(content[cut..])));
            contents = $"[{first} 0 R {second} 0 R]";
        }
        else contents = $"{pdf.Add(RawPdf.Stream("/Filter /FlateDecode", RawPdf.Deflate(Encoding.Latin1.GetBytes(content))))} 0 R";
        if (form)
        {
            int x = pdf.Add(RawPdf.Stream($"/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Resources << /Font << /F1 {font} 0 R >> >>", "BT /F1 12 Tf 20 90 Td <42> Tj ET"u8.ToArray()));
            resourcesExtra += $" /XObject << /X1 {x} 0 R >>";
        }
        int pages = pdf.Reserve();
        int page = pdf.Add($"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] {pageExtra} /Resources << /Font << /F1 {font} 0 R >> /ExtGState << /G1 {gs} 0 R >> {resourcesExtra} >> /Contents {contents} >>");
        pdf.Set(pages, $"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>");
        int catalog = pdf.Add($"<< /Type /Catalog /Pages {pages} 0 R >>");
        return pdf.Write(catalog);
    }

    [Test]
    public void A_page_using_every_known_operator_reads_as_PdfPig_reads_it()
    {
        var bytes = Type3Pdf(Known);
        ComparePages(bytes).ShouldBe(1);
        SameRead(bytes, "made.pdf");
    }

    [Test]
    public void Two_content_streams_of_one_page_are_joined_as_PdfPig_joins_them()
    {
        var pdf = Type3Pdf(Known, twoStreams: true);
        ComparePages(pdf).ShouldBe(1);
    }

    /// <summary>Each is something the fast path does not reproduce: the page must be left to PdfPig, and the read stay the same.</summary>
    public static IEnumerable<TestCaseData> Fallbacks()
    {
        TestCaseData Case(string name, byte[] pdf) => new TestCaseData(pdf).SetName("Left_to_PdfPig_" + name);
        yield return Case("a_CMYK_colour", Type3Pdf("BT /F1 12 Tf 1 0 0 -1 20 61 Tm <41> Tj ET 0 0 0 1 k 0 69 137 1 re f"));
        yield return Case("a_curve", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET 10 10 m 20 20 30 30 40 40 c S"));
        yield return Case("a_code_without_ToUnicode", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj <44> Tj ET"));
        yield return Case("a_font_without_ToUnicode", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET", toUnicode: ""));
        yield return Case("a_two_byte_ToUnicode", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET", toUnicode: "1 beginbfchar\n<0041> <9879>\nendbfchar"));
        yield return Case("a_ToUnicode_map_setting_codes_over_and_over",
            Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET", toUnicode: "100 beginbfrange\n" + string.Concat(Enumerable.Repeat("<00> <FF> <9879>\n", 100)) + "endbfrange"));
        yield return Case("a_Type1_font", RawPdf.OnePage(RawPdf.Stream("", "BT /F1 12 Tf 20 61 Td (Hello) Tj ET"u8.ToArray())));
        yield return Case("a_rotated_page", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET", pageExtra: "/Rotate 90"));
        yield return Case("a_crop_box", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET", pageExtra: "/CropBox [10 10 500 800]"));
        yield return Case("an_inline_image", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET BI /W 1 /H 1 /BPC 8 /CS /G ID \u0080 EI"));
        yield return Case("a_form_XObject", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET /X1 Do", form: true));
        yield return Case("an_unknown_operator", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET 1 0 0 1 0 0 foo"));
        yield return Case("a_missing_font", Type3Pdf("BT /F2 12 Tf 20 61 Td <41> Tj ET"));
        yield return Case("a_number_with_an_exponent", Type3Pdf("BT /F1 1.2e1 Tf 20 61 Td <41> Tj ET"));
        yield return Case("ActualText_as_a_literal_string", Type3Pdf("/Span <</ActualText (x)>> BDC BT /F1 12 Tf 20 61 Td <41> Tj ET EMC"));
        yield return Case("a_property_list_by_name", Type3Pdf("/OC /P1 BDC BT /F1 12 Tf 20 61 Td <41> Tj ET EMC"));
        yield return Case("a_font_in_an_ExtGState", Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET /G2 gs", resourcesExtra: "/ExtGState << /G2 << /Font [3 0 R 12] >> >>"));
        yield return Case("a_zero_size_font", Type3Pdf("BT /F1 0 Tf 20 61 Td <41> Tj ET"));
        yield return Case("nested_arrays_as_operands", Type3Pdf("/Span " + new string('[', 20) + " BDC BT /F1 12 Tf 20 61 Td <41> Tj ET EMC"));
        yield return Case("an_unbalanced_string", Type3Pdf("BT /F1 12 Tf 20 61 Td (A Tj ET"));
    }

    [TestCaseSource(nameof(Fallbacks))]
    public void Pages_the_fast_path_does_not_know(byte[] pdf)
    {
        ComparePages(pdf).ShouldBe(0, "PdfPig opens it; the fast path leaves the page to PdfPig");
        SameRead(pdf, "made.pdf");
    }

    [Test]
    public void The_made_page_is_read_fast_before_the_trigger_is_added()
    {
        // The fallback cases differ from this one only by their trigger.
        ComparePages(Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET")).ShouldBe(1);
    }

    // Hostile content on a page the fast path takes (browser-style Type 3 font): it stays bounded,
    // and what it cannot read ends as PdfPig's finding, the same with the fast path as without.

    public static IEnumerable<TestCaseData> Hostile()
    {
        TestCaseData Case(string name, string content, string code) => new TestCaseData(content, code).SetName("Hostile_content_" + name);
        yield return Case("arrays_nested_100000_deep", "BT /F1 12 Tf 20 61 Td <41> Tj ET " + new string('[', 100_000), "PR006");
        yield return Case("a_property_list_nested_100000_deep", "/Span " + string.Concat(Enumerable.Repeat("<</A ", 100_000)) + " BDC", "PR006");
        yield return Case("100000_saves_without_restore", string.Concat(Enumerable.Repeat("q ", 100_000)) + "BT /F1 12 Tf 20 61 Td <41> Tj ET", "");
        yield return Case("an_operator_with_too_few_operands", "BT /F1 Tf 20 61 Td <41> Tj ET", "");
        yield return Case("an_unterminated_hex_string", "BT /F1 12 Tf 20 61 Td <4", "");
        yield return Case("an_unterminated_dictionary", "/Span << /ActualText <FEFF76EE> BT /F1 12 Tf 20 61 Td <41> Tj ET", "");
        yield return Case("a_close_without_a_move", "10 10 re h 20 20 l h f BT /F1 12 Tf 20 61 Td <41> Tj ET", "");
        yield return Case("a_restore_without_a_save", "Q Q BT /F1 12 Tf 20 61 Td <41> Tj ET", "");
        yield return Case("numbers_without_an_operator", "BT /F1 12 Tf 20 61 Td <41> Tj ET 1 2 3", "");
        yield return Case("ten_thousand_letters_in_one_TJ", "BT /F1 12 Tf 20 61 Td [" + string.Concat(Enumerable.Repeat("<41> -10 ", 10_000)) + "] TJ ET", "");
    }

    [TestCaseSource(nameof(Hostile))]
    public void Hostile_content_is_bounded_and_read_as_PdfPig_reads_it(string content, string code)
    {
        var pdf = Type3Pdf(content);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var opened = new PdfOpener(new PdfOptions { PageThreads = 1 }).Open(pdf, "made.pdf", ReadOptions.Default);
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(64L << 20);
        if (code != "") opened.Problems.ShouldContain(p => p.RuleId == code);
        ComparePages(pdf);
        SameRead(pdf, "made.pdf");
    }

    [Test]
    public void A_content_bomb_on_a_fast_page_stops_at_the_content_limit_without_its_memory()
    {
        // 9 MB of spaces inflates past the 8 MB content limit; the fast path decodes through the same limited filters.
        var pdf = Type3Pdf("BT /F1 12 Tf 20 61 Td <41> Tj ET" + new string(' ', 9 << 20));
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var opened = new PdfOpener(new PdfOptions { PageThreads = 1 }).Open(pdf, "bomb.pdf", ReadOptions.Default);
        (GC.GetTotalAllocatedBytes(precise: true) - before).ShouldBeLessThan(64L << 20);
        opened.Problems.ShouldHaveSingleItem().Message.ShouldContain("PDF 页面内容解压后超过 8 MB");
        SameRead(pdf, "bomb.pdf");
    }
}
