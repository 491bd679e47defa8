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

    private readonly string[] _cells;
    private readonly int[] _starts;

    public int Line { get; }
    public int Count => _cells.Length;

    public TabRow(int line, string text)
    {
        Line = line;
        _cells = text.Split('\t');
        _starts = new int[_cells.Length];
        for (int i = 1; i < _cells.Length; i++) _starts[i] = _starts[i - 1] + _cells[i - 1].Length + 1;
    }

    /// <summary>The trimmed cell, or "" outside the row.</summary>
    public string this[int i] => i >= 0 && i < _cells.Length ? _cells[i].Trim() : "";

    public bool Has(int i) => i >= 0 && i < _cells.Length && !TextChars.IsBlank(_cells[i]);

    /// <summary>How many cells have text.</summary>
    public int NonEmptyCount(int skip = -1)
    {
        int n = 0;
        for (int i = 0; i < _cells.Length; i++)
            if (i != skip && Has(i)) n++;
        return n;
    }

    /// <summary>The span of a cell's text (1-based columns, end inclusive); a point for an empty cell.</summary>
    public SourceSpan Span(int i)
    {
        if (i < 0 || i >= _cells.Length) return SourceSpan.Line(Line, 1, 1);
        var (start, end) = Columns(i);
        return SourceSpan.Line(Line, start, end);
    }

    /// <summary>The span from the first to the last of the given cells that have text; null when none has.</summary>
    public SourceSpan? Union(params ReadOnlySpan<int> cells)
    {
        int start = int.MaxValue, end = -1;
        foreach (var i in cells)
        {
            if (!Has(i)) continue;
            var (s, e) = Columns(i);
            start = Math.Min(start, s);
            end = Math.Max(end, e);
        }
        return end < 0 ? null : SourceSpan.Line(Line, start, end);
    }

    /// <summary>The 1-based first and last column of a cell's text (as <see cref="Span"/>).</summary>
    private (int Start, int End) Columns(int i)
    {
        var raw = _cells[i];
        int lead = 0, trail = 0;
        while (lead < raw.Length && TextChars.IsSpace(raw[lead])) lead++;
        while (trail < raw.Length - lead && TextChars.IsSpace(raw[raw.Length - 1 - trail])) trail++;
        int start = _starts[i] + lead + 1;
        int end = _starts[i] + raw.Length - trail;
        return (start, Math.Max(start, end));
    }

    public IEnumerable<int> NonEmpty(int skip = -1)
    {
        for (int i = 0; i < _cells.Length; i++)
            if (i != skip && Has(i)) yield return i;
    }

    public int First(int skip = -1)
    {
        for (int i = 0; i < _cells.Length; i++)
            if (i != skip && Has(i)) return i;
        return -1;
    }

    public int IndexWhere(Func<string, bool> match)
    {
        for (int i = 0; i < _cells.Length; i++)
            if (Has(i) && match(Norm(this[i]))) return i;
        return -1;
    }
}
