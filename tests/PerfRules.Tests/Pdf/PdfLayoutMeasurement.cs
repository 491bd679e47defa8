using PerfRules.Readers.Pdf;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// The measurement that chose how pages are rebuilt (docs/pdf.md): for each test PDF, whether the
/// model read with each <see cref="PdfLayoutMode"/> equals the seed's, and how many lines of the
/// model dump differ. Run by hand; prints the table.
/// </summary>
[Explicit("a measurement for docs/pdf.md; prints a table")]
public class PdfLayoutMeasurement
{
    [Test]
    public void Measure_lines_against_cells()
    {
        var pdfs = PdfSeedTests.AllPdfs.Select(c => ((string)c.Arguments[0]!, (string)c.Arguments[1]!)).ToList();
        var equal = new Dictionary<PdfLayoutMode, int>();
        TestContext.Out.WriteLine("| PDF | mode | equal (exact) | equal (spaces aside) | model lines that differ |");
        TestContext.Out.WriteLine("|---|---|---|---|---|");
        foreach (var mode in new[] { PdfLayoutMode.Lines, PdfLayoutMode.Cells })
        {
            foreach (var (prefix, pdf) in pdfs)
            {
                var expected = PdfReading.ExpectedModel(prefix);
                var read = PdfReading.ReadFile(pdf, new PdfOptions { Layout = mode });
                bool exact = ModelDump.Of(read) == ModelDump.Of(expected);
                var a = PdfReading.Comparable(expected).Split('\n');
                var b = PdfReading.Comparable(read).Split('\n');
                int differ = Enumerable.Range(0, Math.Max(a.Length, b.Length)).Count(i => (i < a.Length ? a[i] : null) != (i < b.Length ? b[i] : null));
                if (differ == 0) equal[mode] = equal.GetValueOrDefault(mode) + 1;
                TestContext.Out.WriteLine($"| {Path.GetFileName(pdf)} | {mode} | {(exact ? "yes" : "no")} | {(differ == 0 ? "yes" : "no")} | {differ} of {a.Length} |");
            }
        }
        TestContext.Out.WriteLine($"Lines: {equal.GetValueOrDefault(PdfLayoutMode.Lines)}/{pdfs.Count}, Cells: {equal.GetValueOrDefault(PdfLayoutMode.Cells)}/{pdfs.Count}");
        equal.GetValueOrDefault(PdfLayoutMode.Cells).ShouldBeGreaterThan(equal.GetValueOrDefault(PdfLayoutMode.Lines));
    }
}

/// <summary>
/// How the chosen reading copes with forms printed in other styles than the committed fixtures:
/// each seed printed again by chromium in each style (into a temporary folder) and read back.
/// Run by hand (needs chromium and fonts-noto-cjk); prints the table for docs/pdf.md.
/// </summary>
[Explicit("prints every seed in several styles with chromium; a measurement for docs/pdf.md")]
public class PdfStyleMeasurement
{
    public static readonly (string Name, SeedForms.Style Style)[] Styles =
    {
        ("cells aligned to the top, 10.5pt, title on the first page only", new SeedForms.Style { VerticalAlign = "top", FontSize = "10.5pt", RepeatTitle = false }),
        ("portrait A4, 8pt", new SeedForms.Style { Landscape = false, FontSize = "8pt" }),
        ("default line breaking, cells as separate boxes (double lines)", new SeedForms.Style { BreakAll = false, Collapse = false }),
        ("cells aligned to the bottom, 12pt", new SeedForms.Style { VerticalAlign = "bottom", FontSize = "12pt" }),
        ("title and 部门名称 as boxed rows of the table", new SeedForms.Style { BoxedTitle = true }),
    };

    [Test]
    public void Measure_other_print_styles()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-pdf-styles-").FullName;
        int all = 0, equal = 0;
        try
        {
            TestContext.Out.WriteLine("| style | seeds equal (exact) | seeds equal (spaces aside) |");
            TestContext.Out.WriteLine("|---|---|---|");
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
                TestContext.Out.WriteLine($"| {name} | {exact}/5 | {squeezed}/5 |");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        equal.ShouldBe(all);
    }
}
