using PerfRules.Ingest;

namespace PerfRules.Readers.Pdf;

/// <summary>Registers the PDF opener beside Core's formats.</summary>
public static class PdfFormats
{
    /// <summary><code>InputFormats.Default().AddPdf()</code>: PDFs with a text layer, read page by page (<see cref="PdfOpener"/>).</summary>
    public static InputFormats AddPdf(this InputFormats formats, PdfOptions? options = null) => formats.Add(new PdfOpener(options));
}
