using PerfRules.Readers.Pdf;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// The measurement that chose how pages are rebuilt (docs/pdf.md): for each test PDF, whether the
/// model read with each <see cref="PdfLayoutMode"/> equals the seed's, and how many lines of the
/// model dump differ. A test, so the choice stays true: Cells must read more PDFs exactly than
/// Lines. Prints the table docs/pdf.md shows.
/// </summary>
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
