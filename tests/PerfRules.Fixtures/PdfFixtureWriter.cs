using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using PerfRules.Tests;
using PerfRules.Tests.Pdf;

namespace PerfRules.Fixtures;

/// <summary>Writes fixtures/pdf. Run by hand after a change of the forms, then look at every page before committing.</summary>
public static class PdfFixtureWriter
{
    public static void Write()
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
