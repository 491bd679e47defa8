using System.Text;
using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// How much of a grid (worksheet, Word table, CSV) is read: beyond these, reading stops with a PR006
/// finding naming what was left out. Rows and columns far beyond any real table are refused so a
/// hostile file cannot make the readers build millions of lines; the text budget keeps a grid within
/// what a text file of the size limit could hold.
/// </summary>
public sealed record GridLimits
{
    /// <summary>Rows with content read at most (a department's table has hundreds).</summary>
    public int MaxRows { get; init; } = 100_000;
    /// <summary>Columns read at most (the widest form has about 15).</summary>
    public int MaxColumns { get; init; } = 256;
    /// <summary>Characters of text built at most.</summary>
    public long MaxChars { get; init; } = ReadOptions.DefaultMaxFileSize / 2;

    public static GridLimits Default { get; } = new();

    /// <summary>The limits under a file-size limit: half as many characters as bytes (0 or less: no character limit).</summary>
    public static GridLimits For(ReadOptions options) => new() { MaxChars = options.MaxFileSize > 0 ? Math.Max(1024, options.MaxFileSize / 2) : long.MaxValue };
}

/// <summary>
/// Builds the text of a grid: one line per row, cells joined by tabs, and its <see cref="CellMap"/>.
/// Cell text is made one line (<see cref="CellText"/>); lines are added in order, with their place.
/// </summary>
public sealed class GridBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<LinePlace> _lines = new();
    private readonly List<int> _lineStarts = new();
    private readonly List<string> _grids = new();
    private readonly List<CellRange> _merged = new();
    private readonly List<(int, int)> _hiddenRows = new();
    private readonly List<(int, int)> _hiddenColumns = new();
    private readonly List<Diagnostic> _problems = new();
    private readonly GridKind _kind;

    public GridBuilder(GridKind kind, GridLimits limits)
    {
        _kind = kind;
        Limits = limits;
    }

    public GridLimits Limits { get; }

    /// <summary>Lines added so far; the next line is <c>LineCount + 1</c>.</summary>
    public int LineCount => _lines.Count;

    /// <summary>False once the text budget is spent (a PR006 has been recorded); nothing more is added.</summary>
    public bool Full { get; private set; }

    public int AddGrid(string name)
    {
        _grids.Add(name);
        return _grids.Count - 1;
    }

    /// <summary>Adds a line of cells (already made one line each) starting at the place's first column.</summary>
    public bool AddLine(LinePlace place, IReadOnlyList<string> cells)
    {
        if (Full) return false;
        long length = cells.Count;
        foreach (var c in cells) length += c.Length;
        if (_text.Length + length > Limits.MaxChars)
        {
            Full = true;
            var where = place.Grid >= 0 && place.Grid < _grids.Count && _grids[place.Grid].Length > 0 ? $"“{_grids[place.Grid]}”" : "";
            _problems.Add(new Diagnostic("PR006",
                $"表格{where}的文字超过上限（{Limits.MaxChars} 个字符），第 {place.Row} 行及以后未读取", null));
            return false;
        }
        if (_lines.Count > 0) _text.Append('\n');
        _lineStarts.Add(_text.Length);
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) _text.Append('\t');
            _text.Append(cells[i]);
        }
        _lines.Add(place);
        return true;
    }

    /// <summary>An empty line (a row with nothing in it), keeping line numbers equal to row numbers.</summary>
    public bool AddBlank(LinePlace place) => AddLine(place, Array.Empty<string>());

    public void Merge(CellRange range) => _merged.Add(range);
    public void HideRow(int grid, int row) => _hiddenRows.Add((grid, row));
    public void HideColumn(int grid, int column) => _hiddenColumns.Add((grid, column));

    /// <summary>A reading problem at a line (and cell index within it), or of the whole grid.</summary>
    public void Problem(string ruleId, string message, int line = 0, int cellIndex = 0, string? text = null)
    {
        SourceSpan? span = null;
        if (line > 0 && line <= _lines.Count) span = CellSpan(line, cellIndex);
        _problems.Add(new Diagnostic(ruleId, message, span, text is null ? null : TextDecoder.Excerpt(text)));
    }

    public IReadOnlyList<Diagnostic> Problems => _problems;

    /// <summary>The span of a cell's text (a point where the cell is empty), by its index in the line.</summary>
    private SourceSpan CellSpan(int line, int cellIndex)
    {
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Count ? _lineStarts[line] - 1 : _text.Length;
        int cellStart = start, k = 0;
        for (int i = start; i < end && k < cellIndex; i++)
            if (_text[i] == '\t') { k++; cellStart = i + 1; }
        if (k < cellIndex) return SourceSpan.Line(line, end - start + 1, end - start + 1);
        int cellEnd = cellStart;
        while (cellEnd < end && _text[cellEnd] != '\t') cellEnd++;
        int from = cellStart - start + 1;
        return SourceSpan.Line(line, from, Math.Max(from, cellEnd - start));
    }

    /// <summary>The text, its map and the problems met.</summary>
    public SourceText Build(string path, string encodingName, IEnumerable<Diagnostic>? extraProblems = null)
    {
        var text = _text.ToString();
        var map = new CellMap(_kind, _grids.ToArray(), text, _lines, _merged, _hiddenRows, _hiddenColumns);
        var problems = extraProblems is null ? _problems.ToArray() : extraProblems.Concat(_problems).ToArray();
        return new SourceText(path, text, encodingName, map) { Problems = problems };
    }

    /// <summary>
    /// A cell's text as one line: tabs (the cell separator) become spaces; a line break is dropped
    /// between two CJK characters (as the text readers join wrapped lines) and becomes a space elsewhere.
    /// </summary>
    public static string CellText(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        if (raw.IndexOfAny(Breaks) < 0) return raw;
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c == '\t') { sb.Append(' '); continue; }
            if (c is not ('\r' or '\n' or '\u2028' or '\u2029' or '\v' or '\f')) { sb.Append(c); continue; }
            int j = i;
            while (j + 1 < raw.Length && raw[j + 1] is '\r' or '\n' or '\u2028' or '\u2029' or '\v' or '\f') j++;
            // Spaces around the break go with it.
            while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
            int next = j + 1;
            while (next < raw.Length && raw[next] == ' ') next++;
            if (sb.Length > 0 && next < raw.Length && !(IsCjk(sb[^1]) && IsCjk(raw[next]))) sb.Append(' ');
            i = next - 1;
        }
        return sb.ToString();
    }

    private static readonly char[] Breaks = { '\t', '\r', '\n', '\u2028', '\u2029', '\v', '\f' };

    /// <summary>CJK ideographs and the full-width punctuation written between them.</summary>
    internal static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF01' and <= '\uFF60' or >= '\u3000' and <= '\u303F';

    /// <summary>Whether a text is a table some reader knows (a 填表说明 sheet is not).</summary>
    public static bool IsTable(SourceText source, IEnumerable<IDocumentReader> readers)
        => readers.Any(r => r is not CanonicalReader && r.Detect(source) > 0);
}
