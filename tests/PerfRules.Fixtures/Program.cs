namespace PerfRules.Fixtures;

/// <summary>
/// Writes the fixtures that cannot be written deterministically inside a test (chromium's PDFs)
/// and takes the measurements docs/ cites. Run by hand; look at what it wrote before committing.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "pdf":
                PdfFixtureWriter.Write();
                Console.WriteLine("fixtures/pdf written: look at every page (pdftoppm -png -r 50) before committing");
                return 0;
            case "pdf-styles":
                return PdfStyleMeasurement.Measure() ? 0 : 1;
            default:
                Console.Error.WriteLine("usage: dotnet run --project tests/PerfRules.Fixtures -- pdf | pdf-styles");
                return 2;
        }
    }
}
