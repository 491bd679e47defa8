using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>One tab-separated line, cells kept with their positions for exact spans.</summary>
internal sealed class TabRow
{
    /// <summary>A label as compared: no whitespace, no trailing colon.</summary>
    public static string Norm(string s)
    {
        var n = new string(s.Where(c => !TextChars.IsSpace(c)).ToArray());
        return n.TrimEnd(':', '：');
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

    public bool Has(int i) => this[i].Length > 0;

    /// <summary>The span of a cell's text (1-based columns, end inclusive); a point for an empty cell.</summary>
    public SourceSpan Span(int i)
    {
        if (i < 0 || i >= _cells.Length) return SourceSpan.Line(Line, 1, 1);
        var raw = _cells[i];
        int lead = 0, trail = 0;
        while (lead < raw.Length && TextChars.IsSpace(raw[lead])) lead++;
        while (trail < raw.Length - lead && TextChars.IsSpace(raw[raw.Length - 1 - trail])) trail++;
        int start = _starts[i] + lead + 1;
        int end = _starts[i] + raw.Length - trail;
        return end < start ? SourceSpan.Line(Line, start, start) : SourceSpan.Line(Line, start, end);
    }

    public IEnumerable<int> NonEmpty(int skip = -1)
    {
        for (int i = 0; i < _cells.Length; i++)
            if (i != skip && Has(i)) yield return i;
    }

    public int First(int skip = -1)
    {
        foreach (var i in NonEmpty(skip)) return i;
        return -1;
    }

    public int IndexWhere(Func<string, bool> match)
    {
        for (int i = 0; i < _cells.Length; i++)
            if (Has(i) && match(Norm(this[i]))) return i;
        return -1;
    }
}
