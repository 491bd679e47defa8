using PerfRules.Ingest;

namespace PerfRules.Readers.Pdf;

/// <summary>Limits and choices of the PDF reader. The file-size limit is <see cref="ReadOptions.MaxFileSize"/>.</summary>
public sealed record PdfOptions
{
    public const int DefaultMaxPages = 1000;

    /// <summary>Pages read at most; a longer PDF is not read (PR006). 0 or less: no limit.</summary>
    public int MaxPages { get; init; } = DefaultMaxPages;
    /// <summary>Bytes one stream may inflate to (a page's content, a font).</summary>
    public long MaxStreamBytes { get; init; } = 64L * 1024 * 1024;
    /// <summary>
    /// Bytes a page's content (and any stream that is not a font, an image or an object container)
    /// may inflate to: PdfPig makes an object of every operator, so this bounds a page's memory.
    /// A dense printed page is about 100 KB.
    /// </summary>
    public long MaxContentBytes { get; init; } = 8L * 1024 * 1024;
    /// <summary>Letters in the whole document (a 10-page table has about 15,000).</summary>
    public int MaxLetters { get; init; } = 2_000_000;
    /// <summary>Bytes all streams together may inflate to.</summary>
    public long MaxDecodedBytes { get; init; } = 256L * 1024 * 1024;
    /// <summary>Time to read one PDF; past it the file is reported (PR006), not read. Zero: no limit.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Nesting depth of arrays, dictionaries and forms that PdfPig follows.</summary>
    public int MaxNesting { get; init; } = 256;
    /// <summary>How a page's text is rebuilt; <see cref="PdfLayoutMode.Cells"/> (ruled tables by cell) was chosen by measurement (docs/pdf.md).</summary>
    public PdfLayoutMode Layout { get; init; } = PdfLayoutMode.Cells;

    /// <summary>
    /// Threads reading one PDF's pages: 0 (the default) uses a second one for a PDF of four pages or
    /// more when a core is idle (no other PDF is being read in the process); 1 never does; 2 always does.
    /// </summary>
    public int PageThreads { get; init; }

    /// <summary>
    /// Pages that browsers print (Type 3 fonts with ToUnicode maps, text and rectangles) are read
    /// by the reader's own content interpreter, which gives PdfPig's letters and paths at a fraction
    /// of the cost; any other page by PdfPig. False: every page by PdfPig (the reference the fast
    /// path is tested against).
    /// </summary>
    public bool FastPages { get; init; } = true;

    public static PdfOptions Default { get; } = new();
}
