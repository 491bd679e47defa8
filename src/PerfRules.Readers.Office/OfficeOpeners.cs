using PerfRules.Ingest;

namespace PerfRules.Readers.Office;

/// <summary>The Office openers, for a host to register beside Core's (CSV) and the PDF one.</summary>
public static class OfficeOpeners
{
    /// <param name="readers">The layout readers that decide which sheets and Word tables are tables (default: Core's).</param>
    public static IReadOnlyList<IFileOpener> All(IEnumerable<IDocumentReader>? readers = null)
    {
        var list = readers?.ToList() ?? SubmissionReader.DefaultReaders().ToList();
        return new IFileOpener[] { new XlsxOpener(list), new DocxOpener(list), new OleOpener(list) };
    }
}
