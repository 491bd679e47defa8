namespace PerfRules.Ingest;

/// <summary>
/// The input formats a host reads, registered like Serilog's sinks: the layout readers
/// (<see cref="IDocumentReader"/>: which table layout a text is in, and reading it), the container
/// openers (<see cref="IFileOpener"/>: PDF, workbooks, Word files into such texts, by their bytes) and
/// the text openers (<see cref="ITextOpener"/>: CSV, from the text decoded once).
/// <see cref="Default"/> has Core's own — the five text layouts and CSV —; a plug-in project adds
/// its formats with an extension method of its own:
/// <code>InputFormats.Default().AddPdf().AddOffice()</code>
/// Register everything before the first read; a registry is read-only while reading.
/// </summary>
public sealed class InputFormats
{
    private readonly List<IDocumentReader> _readers = new();
    private readonly List<IFileOpener> _openers = new();
    private readonly List<ITextOpener> _textOpeners = new();

    /// <summary>Layout readers in registration order (the most certain wins; a tie goes to the earlier).</summary>
    public IReadOnlyList<IDocumentReader> Readers => _readers;

    /// <summary>Openers of containers in registration order (the most certain wins; a tie goes to the earlier).</summary>
    public IReadOnlyList<IFileOpener> Openers => _openers;

    /// <summary>Openers of text formats, offered what no container opener claimed (the most certain wins; a tie goes to the earlier).</summary>
    public IReadOnlyList<ITextOpener> TextOpeners => _textOpeners;

    /// <summary>Nothing registered.</summary>
    public static InputFormats Empty() => new();

    /// <summary>Core's formats: canonical YAML/JSON, the department-overall form, the row-per-indicator, tabular and inline layouts; CSV.</summary>
    public static InputFormats Default() => TextLayouts().Add(new CsvOpener());

    /// <summary>The text layouts only (no opener): every input is read as text.</summary>
    public static InputFormats TextLayouts() => new InputFormats()
        .Add(new CanonicalReader())
        .Add(new OverallReader())
        .Add(new IndicatorRowsReader())
        .Add(new TabularReader())
        .Add(new InlineReader());

    public InputFormats Add(IDocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _readers.Add(reader);
        return this;
    }

    public InputFormats Add(IFileOpener opener)
    {
        ArgumentNullException.ThrowIfNull(opener);
        _openers.Add(opener);
        return this;
    }

    public InputFormats Add(ITextOpener opener)
    {
        ArgumentNullException.ThrowIfNull(opener);
        _textOpeners.Add(opener);
        return this;
    }

    /// <summary>Short names of the openers (pdf, xlsx, docx, ole, csv), for messages and --help.</summary>
    public IReadOnlyList<string> OpenerFormats => _openers.Select(o => o.Format).Concat(_textOpeners.Select(o => o.Format)).ToList();
}
