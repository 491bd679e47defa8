using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>One tab-separated line, cells kept with their positions for exact spans.</summary>
internal sealed class TabRow
{
    /// <summary>A label as compared: no whitespace, no trailing colon.</summary>
    public static string Norm(string s)
    {
        int end = s.Length;
        while (end > 0 && (s[end - 1] is ':' or '：' || TextChars.IsSpace(s[end - 1]))) end--;
        var kept = s.AsSpan(0, end);
        // Most labels have no white space inside: the string itself, or one cut.
        if (!TextChars.HasSpace(kept)) return end == s.Length ? s : kept.ToString();
        Span<char> buffer = kept.Length <= 256 ? stackalloc char[kept.Length] : new char[kept.Length];
        int n = 0;
        foreach (var c in kept)
            if (!TextChars.IsSpace(c)) buffer[n++] = c;
        var joined = buffer[..n];
        // Colons are trimmed after the spaces are gone (label ： with a space before).
        while (joined.Length > 0 && joined[^1] is ':' or '：') joined = joined[..^1];
        return joined.ToString();
    }

    // The cells are places in the text (cell i is _text[_bounds[i] .. _bounds[i + 1] - 1)), made
    // strings only when read, through the text pool: most cells are short and repeat (产出指标, ≥90%),
    // and a reader reads each cell about once (a cache per row cost more than it saved).
    private readonly string _text;
    private readonly int _lineStart;
    private readonly int[] _bounds;

    public int Line { get; }
    public int Count => _bounds.Length - 1;

    public TabRow(int line, string text) : this(line, text, 0, text.Length) { }

    /// <summary>A line of a source, read in place (the line is not made a string).</summary>
    public TabRow(SourceText source, int line) : this(line, source.Text, source.LineStart(line), source.LineLength(line)) { }

    private TabRow(int line, string text, int start, int length)
    {
        Line = line;
        _text = text;
        _lineStart = start;
        var chars = text.AsSpan(start, length);
        var bounds = new int[chars.Count('\t') + 2];
        int n = 1;
        for (int i = chars.IndexOf('\t'); i >= 0;)
        {
            bounds[n++] = i + 1;
            int next = chars[(i + 1)..].IndexOf('\t');
            i = next < 0 ? -1 : i + 1 + next;
        }
        bounds[n] = length + 1;
        _bounds = bounds;
    }

    /// <summary>A cell's characters as written (untrimmed).</summary>
    private ReadOnlySpan<char> Raw(int i) => _text.AsSpan(_lineStart + _bounds[i], _bounds[i + 1] - 1 - _bounds[i]);

    /// <summary>The trimmed cell, or "" outside the row.</summary>
    public string this[int i] => i < 0 || i >= Count ? "" : TextPool.Current.Get(TextChars.Trim(Raw(i)));

    public bool Has(int i) => i >= 0 && i < Count && !TextChars.IsBlank(Raw(i));

    /// <summary>How many cells have text.</summary>
    public int NonEmptyCount(int skip = -1)
    {
        int n = 0;
        for (int i = 0; i < Count; i++)
            if (i != skip && Has(i)) n++;
        return n;
    }

    /// <summary>The span of a cell's text (1-based columns, end inclusive); a point for an empty cell.</summary>
    public SourceSpan Span(int i)
    {
        if (i < 0 || i >= Count) return SourceSpan.Line(Line, 1, 1);
        var (start, end) = Columns(i);
        return SourceSpan.Line(Line, start, end);
    }

    /// <summary>The same as fields (see <see cref="PackedSpan"/>).</summary>
    public PackedSpan Packed(int i)
    {
        if (i < 0 || i >= Count) return new PackedSpan(Line, 1, Line, 1);
        var (start, end) = Columns(i);
        return new PackedSpan(Line, start, Line, end);
    }

    /// <summary>The span from the first to the last of the given cells that have text; null when none has.</summary>
    public SourceSpan? Union(params ReadOnlySpan<int> cells) => PackedUnion(cells).Value;

    /// <inheritdoc cref="Union"/>
    public PackedSpan PackedUnion(params ReadOnlySpan<int> cells)
    {
        int start = int.MaxValue, end = -1;
        foreach (var i in cells)
        {
            if (!Has(i)) continue;
            var (s, e) = Columns(i);
            start = Math.Min(start, s);
            end = Math.Max(end, e);
        }
        return end < 0 ? default : new PackedSpan(Line, start, Line, end);
    }

    /// <summary>The 1-based first and last column of a cell's text (as <see cref="Span"/>).</summary>
    private (int Start, int End) Columns(int i)
    {
        var raw = Raw(i);
        int lead = 0, trail = 0;
        while (lead < raw.Length && TextChars.IsSpace(raw[lead])) lead++;
        while (trail < raw.Length - lead && TextChars.IsSpace(raw[raw.Length - 1 - trail])) trail++;
        int start = _bounds[i] + lead + 1;
        int end = _bounds[i] + raw.Length - trail;
        return (start, Math.Max(start, end));
    }

    public IEnumerable<int> NonEmpty(int skip = -1)
    {
        for (int i = 0; i < Count; i++)
            if (i != skip && Has(i)) yield return i;
    }

    public int First(int skip = -1)
    {
        for (int i = 0; i < Count; i++)
            if (i != skip && Has(i)) return i;
        return -1;
    }

    public int IndexWhere(Func<string, bool> match)
    {
        for (int i = 0; i < Count; i++)
            if (Has(i) && match(Norm(this[i]))) return i;
        return -1;
    }
}
