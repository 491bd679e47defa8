using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// Opens a container format (PDF, workbook, Word) into the texts the layout readers read: one
/// <see cref="SourceText"/> per table it holds (a worksheet, a Word table, a PDF's pages), each with
/// its <see cref="SourceMap"/>. Registered beside the layout readers, like a Serilog sink; formats
/// with heavy dependencies live in their own projects. A format that is text underneath (CSV) is an
/// <see cref="ITextOpener"/> instead, so its bytes are decoded once.
/// </summary>
public interface IFileOpener
{
    /// <summary>A short name for logs and --verbose: pdf, xlsx, docx, csv, ole.</summary>
    string Format { get; }

    /// <summary>
    /// How sure this opener is that the bytes are its format: 0 (not at all) to 100. Decided by
    /// content (signatures, the parts inside a zip) first; the path's extension only breaks ties.
    /// </summary>
    int Probe(ReadOnlySpan<byte> head, string path);

    /// <summary>
    /// The tables in the file. Never throws for bad input: a file that cannot be opened, or parts
    /// of it that are skipped, are reported as diagnostics (PR001 and friends) in the result.
    /// </summary>
    OpenedFile Open(byte[] bytes, string path, ReadOptions options);
}
