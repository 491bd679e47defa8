namespace PerfRules.Readers.Pdf;

/// <summary>How the page's text is rebuilt.</summary>
public enum PdfLayoutMode
{
    /// <summary>Ruled tables cell by cell (one table row per line, cells joined by tabs); text lines elsewhere.</summary>
    Cells,
    /// <summary>Text lines only, top to bottom, ignoring rulings: what a plain text extraction gives.</summary>
    Lines,
}
