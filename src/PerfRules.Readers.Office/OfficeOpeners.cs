using PerfRules.Ingest;

namespace PerfRules.Readers.Office;

/// <summary>The Office openers (.xlsx/.xlsm, .xls, .docx; clear refusals for .et/.wps/.doc), for a host to register beside Core's CSV and the PDF opener.</summary>
public static class OfficeOpeners
{
    /// <param name="readers">The layout readers that decide which sheets and Word tables are tables (default: Core's).</param>
    public static IReadOnlyList<IFileOpener> All(IEnumerable<IDocumentReader>? readers = null)
    {
        var list = readers?.ToList() ?? SubmissionReader.DefaultReaders().ToList();
        return new IFileOpener[] { new XlsxOpener(list), new DocxOpener(list), new OleOpener(list) };
    }

    /// <summary>
    /// Registers the Office openers; the layout readers registered so far decide which sheets and
    /// Word tables are tables: <code>InputFormats.Default().AddOffice()</code>
    /// </summary>
    public static InputFormats AddOffice(this InputFormats formats)
    {
        foreach (var opener in All(formats.Readers)) formats.Add(opener);
        return formats;
    }
}
