using PerfRules.Tests;
using PerfRules.Tests.Pdf;

namespace PerfRules.Fixtures;

/// <summary>
/// How the chosen reading copes with forms printed in other styles than the committed fixtures:
/// each seed printed again by chromium in each style (into a temporary folder) and read back.
/// Run by hand (needs chromium and fonts-noto-cjk); prints the table for docs/pdf.md.
/// </summary>
public static class PdfStyleMeasurement
{
    public static readonly (string Name, SeedForms.Style Style)[] Styles =
    {
        ("cells aligned to the top, 10.5pt, title on the first page only", new SeedForms.Style { VerticalAlign = "top", FontSize = "10.5pt", RepeatTitle = false }),
        ("portrait A4, 8pt", new SeedForms.Style { Landscape = false, FontSize = "8pt" }),
        ("default line breaking, cells as separate boxes (double lines)", new SeedForms.Style { BreakAll = false, Collapse = false }),
        ("cells aligned to the bottom, 12pt", new SeedForms.Style { VerticalAlign = "bottom", FontSize = "12pt" }),
        ("title and 部门名称 as boxed rows of the table", new SeedForms.Style { BoxedTitle = true }),
    };

    /// <summary>Prints the table; true when every seed reads back equal in every style.</summary>
    public static bool Measure()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-pdf-styles-").FullName;
        int all = 0, equal = 0;
        try
        {
            Console.Out.WriteLine("| style | seeds equal (exact) | seeds equal (spaces aside) |");
            Console.Out.WriteLine("|---|---|---|");
            foreach (var (name, style) in Styles)
            {
                int exact = 0, squeezed = 0;
                foreach (var prefix in Seeds.Prefixes)
                {
                    var (model, source) = PdfFixtures.SeedModel(prefix);
                    var pdf = Path.Combine(dir, $"{prefix}-{Array.FindIndex(Styles, s => s.Name == name)}.pdf");
                    ChromiumPrint.ToPdf(SeedForms.Html(model, source, style), pdf);
                    var read = PdfReading.ReadFile(pdf);
                    var expected = PdfReading.ExpectedModel(prefix);
                    if (ModelDump.Of(read) == ModelDump.Of(expected)) exact++;
                    if (PdfReading.Comparable(read) == PdfReading.Comparable(expected)) squeezed++;
                }
                all += Seeds.Prefixes.Count();
                equal += squeezed;
                Console.Out.WriteLine($"| {name} | {exact}/5 | {squeezed}/5 |");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        return equal == all;
    }
}
