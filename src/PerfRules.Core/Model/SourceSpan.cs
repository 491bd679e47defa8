namespace PerfRules.Model;

/// <summary>A region of the original input file: 1-based lines and columns, end inclusive.</summary>
public sealed record SourceSpan
{
    public int StartLine { get; init; }
    public int StartColumn { get; init; }
    public int EndLine { get; init; }
    public int EndColumn { get; init; }

    public SourceSpan() { }

    public SourceSpan(int startLine, int startColumn, int endLine, int endColumn)
    {
        StartLine = startLine; StartColumn = startColumn; EndLine = endLine; EndColumn = endColumn;
    }

    public static SourceSpan Line(int line, int startColumn, int endColumn) => new(line, startColumn, line, endColumn);

    /// <summary>The smallest span covering both.</summary>
    public SourceSpan Union(SourceSpan other)
    {
        var (sl, sc) = StartLine < other.StartLine || (StartLine == other.StartLine && StartColumn <= other.StartColumn)
            ? (StartLine, StartColumn) : (other.StartLine, other.StartColumn);
        var (el, ec) = EndLine > other.EndLine || (EndLine == other.EndLine && EndColumn >= other.EndColumn)
            ? (EndLine, EndColumn) : (other.EndLine, other.EndColumn);
        return new SourceSpan(sl, sc, el, ec);
    }

    public static SourceSpan? Union(IEnumerable<SourceSpan?> spans)
    {
        SourceSpan? result = null;
        foreach (var s in spans)
            if (s is not null) result = result is null ? s : result.Union(s);
        return result;
    }

    public override string ToString() => $"{StartLine}:{StartColumn}-{EndLine}:{EndColumn}";
}

/// <summary>
/// A <see cref="SourceSpan"/> kept in the fields of the object it belongs to, not as an object of
/// its own: a document has several spans per indicator, and most are never read (a finding reads
/// one). <see cref="Value"/> makes the SourceSpan when it is read.
/// </summary>
internal readonly struct PackedSpan
{
    private readonly int _startLine, _startColumn, _endLine, _endColumn;
    public bool HasValue { get; }

    public PackedSpan(int startLine, int startColumn, int endLine, int endColumn)
    {
        _startLine = startLine; _startColumn = startColumn; _endLine = endLine; _endColumn = endColumn;
        HasValue = true;
    }

    public static PackedSpan From(SourceSpan? span)
        => span is null ? default : new PackedSpan(span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);

    public int StartLine => _startLine;
    public int StartColumn => _startColumn;
    public int EndLine => _endLine;
    public int EndColumn => _endColumn;

    public SourceSpan? Value => HasValue ? new SourceSpan(_startLine, _startColumn, _endLine, _endColumn) : null;
}
