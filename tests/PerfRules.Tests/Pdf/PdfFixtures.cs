using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// The test PDFs in fixtures/pdf: each seed printed as its government form by headless chromium,
/// two in a second style, and the PDFs that cannot be checked. Written by <see cref="PdfFixtureWriter"/>
/// (run by hand), then looked at and committed; the tests only read them.
/// </summary>
public static class PdfFixtures
{
    public static string Dir => Path.Combine(TestPaths.Fixtures, "pdf");

    public static string Seed(string prefix) => Path.Combine(Dir, prefix + ".pdf");

    /// <summary>The second style: cells aligned to the top, a bigger type, the title only on the first page.</summary>
    public static string Restyled(string prefix) => Path.Combine(Dir, prefix + "-restyled.pdf");

    public static readonly string[] RestyledSeeds = { "000", "002" };

    public static SeedForms.Style RestyledStyle { get; } = new() { VerticalAlign = "top", FontSize = "10.5pt", RepeatTitle = false };

    public static string ImageOnly => Path.Combine(Dir, "image-only.pdf");
    public static string Encrypted => Path.Combine(Dir, "encrypted.pdf");
    public static string Truncated => Path.Combine(Dir, "truncated.pdf");
    public static string Unrelated => Path.Combine(Dir, "unrelated.pdf");
    public static string NoToUnicode => Path.Combine(Dir, "no-tounicode.pdf");

    /// <summary>The seed's model as the text readers build it.</summary>
    public static (Submission Model, SourceText Source) SeedModel(string prefix)
    {
        var source = Seeds.Text(prefix);
        return (new SubmissionReader().Read(source), source);
    }

    /// <summary>A letter that has nothing to do with budget tables, in Chinese, as a department might also publish.</summary>
    public const string UnrelatedHtml = """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
        @page { size: A4; margin: 25mm; } body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 1.8; }
        h1 { text-align: center; font-size: 18pt; } p { text-indent: 2em; margin: 0 0 8pt; }
        </style></head><body>
        <h1>关于做好2025年春节期间安全生产工作的通知</h1>
        <p>各区人民政府，市政府各部门、各直属机构：</p>
        <p>春节将至，为切实做好节日期间安全生产工作，保障人民群众生命财产安全，现就有关事项通知如下。</p>
        <p>一、高度重视节日期间安全生产工作。各单位要认真落实安全生产责任制，主要负责人要亲自部署、亲自检查。</p>
        <p>二、深入开展隐患排查整治。重点检查人员密集场所、危险化学品、道路交通和建筑施工等领域，发现隐患立即整改。</p>
        <p>三、严格落实值班值守制度。节日期间实行二十四小时值班和领导带班制度，确保信息畅通、反应迅速。</p>
        <p>特此通知。</p>
        <p style="text-align:right">广州市人民政府办公厅<br>2025年1月20日</p>
        </body></html>
        """;
}

/// <summary>Writes fixtures/pdf. Run by hand after a change of the forms, then look at every page before committing.</summary>
[Explicit("writes fixtures/pdf with chromium and PDFsharp; run by hand")]
public class PdfFixtureWriter
{
    [Test]
    public void Write_the_test_pdfs()
    {
        Directory.CreateDirectory(PdfFixtures.Dir);
        foreach (var prefix in Seeds.Prefixes)
        {
            var (model, source) = PdfFixtures.SeedModel(prefix);
            ChromiumPrint.ToPdf(SeedForms.Html(model, source), PdfFixtures.Seed(prefix));
            if (PdfFixtures.RestyledSeeds.Contains(prefix))
                ChromiumPrint.ToPdf(SeedForms.Html(model, source, PdfFixtures.RestyledStyle), PdfFixtures.Restyled(prefix));
        }
        ChromiumPrint.ToPdf(PdfFixtures.UnrelatedHtml, PdfFixtures.Unrelated);

        var seed003 = File.ReadAllBytes(PdfFixtures.Seed("003"));
        // A scan: the first page of 003 as a picture, nothing else.
        var (m, s) = PdfFixtures.SeedModel("003");
        var png = Path.Combine(Path.GetTempPath(), $"perfrules-scan-{Environment.ProcessId}.png");
        ChromiumPrint.ToPng(SeedForms.Html(m, s), png, 1123, 794);
        WriteImagePdf(png, PdfFixtures.ImageOnly);
        File.Delete(png);

        // Password to open (user password), RC4 128 as PDFsharp writes it.
        using (var doc = PdfReader.Open(new MemoryStream(seed003), PdfDocumentOpenMode.Modify))
        {
            doc.SecuritySettings.UserPassword = "perfrules";
            doc.SecuritySettings.OwnerPassword = "perfrules-owner";
            doc.Save(PdfFixtures.Encrypted);
        }

        // A download that stopped two fifths in: no cross-reference table, the second page gone.
        File.WriteAllBytes(PdfFixtures.Truncated, seed003[..(seed003.Length * 2 / 5)]);

        // The fonts lose their ToUnicode maps (the key renamed, so every offset stays right): the
        // letters are glyph codes, as in PDFs made by old converters.
        var text = System.Text.Encoding.Latin1.GetString(seed003).Replace("/ToUnicode", "/ToUnicodX");
        File.WriteAllBytes(PdfFixtures.NoToUnicode, System.Text.Encoding.Latin1.GetBytes(text));
    }

    private static void WriteImagePdf(string png, string path)
    {
        using var doc = new PdfDocument();
        var page = doc.AddPage();
        page.Width = XUnit.FromPoint(841.92);
        page.Height = XUnit.FromPoint(594.96);
        using (var gfx = XGraphics.FromPdfPage(page))
        using (var image = XImage.FromFile(png))
            gfx.DrawImage(image, 0, 0, page.Width.Point, page.Height.Point);
        doc.Save(path);
    }
}
