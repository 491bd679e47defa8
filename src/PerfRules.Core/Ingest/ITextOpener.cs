namespace PerfRules.Ingest;

/// <summary>
/// Opens a format that is text underneath (CSV) into the texts the layout readers read. It sees the
/// text the reader decoded once, never the bytes: a file no <see cref="IFileOpener"/> claims is
/// decoded a single time, then offered to the text openers, then to the layout readers as it is.
/// </summary>
public interface ITextOpener
{
    /// <summary>A short name for logs and --verbose: csv.</summary>
    string Format { get; }

    /// <summary>How sure this opener is that the text is its format: 0 (not at all) to 100; the name (<see cref="SourceText.Path"/>) only breaks ties.</summary>
    int Probe(SourceText text);

    /// <summary>The tables in the text. Never throws for bad input: problems are diagnostics in the result.</summary>
    OpenedFile Open(SourceText text, ReadOptions options);
}
