using System.Globalization;

namespace PerfRules.Model;

/// <summary>
/// The places of a grid read as text: one line per row, its cells joined by tabs, so a span's line
/// and column name a row and a cell. Turns a span into the address a user finds in the file
/// (项目表!C12), and describes it (sheet, cell, row, column, the merged range, hidden rows and columns).
/// </summary>
public sealed class CellMap : SourceMap
{
    private readonly string _text;
    private readonly int[] _lineStarts;
    private readonly LinePlace[] _lines;
    private readonly IReadOnlyList<CellRange> _merged;
    private readonly HashSet<(int Grid, int Row)> _hiddenRows;
    private readonly HashSet<(int Grid, int Column)> _hiddenColumns;

    public CellMap(GridKind gridKind, IReadOnlyList<string> grids, string text, IReadOnlyList<LinePlace> lines,
        IEnumerable<CellRange>? merged = null, IEnumerable<(int Grid, int Row)>? hiddenRows = null,
        IEnumerable<(int Grid, int Column)>? hiddenColumns = null)
    {
        GridKind = gridKind;
        Grids = grids;
        _text = text;
        _lines = lines.ToArray();
        _lineStarts = LineStarts(text);
        _merged = merged?.ToList() ?? new List<CellRange>();
        _hiddenRows = new HashSet<(int, int)>(hiddenRows ?? Array.Empty<(int, int)>());
        _hiddenColumns = new HashSet<(int, int)>(hiddenColumns ?? Array.Empty<(int, int)>());
    }

    public override string Kind => "cell";

    public GridKind GridKind { get; }

    /// <summary>The grids' names: sheet names, 表1 表2 … for Word, one empty name for CSV.</summary>
    public IReadOnlyList<string> Grids { get; }

    public IReadOnlyList<CellRange> Merged => _merged;

    /// <summary>The cell at a 1-based line and column of the text (the column of the cell that holds it).</summary>
    public (LinePlace Line, int Column)? CellAt(int line, int column)
    {
        if (line < 1 || line > _lines.Length) return null;
        var place = _lines[line - 1];
        if (place.Row == 0) return null;
        if (place.Grid < 0) return (place, 0);
        int start = line - 1 < _lineStarts.Length ? _lineStarts[line - 1] : _text.Length;
        int end = line < _lineStarts.Length ? _lineStarts[line] : _text.Length;
        int offset = Math.Clamp(column - 1, 0, Math.Max(0, end - start));
        int cell = 0;
        for (int i = start; i < start + offset && i < end; i++)
        {
            char c = _text[i];
            if (c is '\n' or '\r') break;
            if (c == '\t') cell++;
        }
        return (place, place.FirstColumn + cell);
    }

    public override string Format(SourceSpan span)
    {
        if (CellAt(span.StartLine, span.StartColumn) is not { } at) return $"{span.StartLine}:{span.StartColumn}";
        if (at.Line.Grid < 0) return $"段落{at.Line.Row}";
        var cell = Address(at.Line.Row, at.Column);
        var grid = GridName(at.Line.Grid);
        return grid.Length == 0 ? cell : $"{QuoteSheet(grid)}!{cell}";
    }

    public override IReadOnlyList<KeyValuePair<string, string>> Describe(SourceSpan span)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (CellAt(span.StartLine, span.StartColumn) is not { } at) return result;
        var (place, column) = at;
        if (place.Grid < 0)
        {
            result.Add(new("paragraph", place.Row.ToString(CultureInfo.InvariantCulture)));
            return result;
        }
        var grid = GridName(place.Grid);
        if (grid.Length > 0) result.Add(new(GridKind == GridKind.WordTable ? "table" : "sheet", grid));
        result.Add(new("cell", Address(place.Row, column)));
        result.Add(new("row", place.Row.ToString(CultureInfo.InvariantCulture)));
        result.Add(new("column", column.ToString(CultureInfo.InvariantCulture)));
        foreach (var m in _merged)
            if (m.Contains(place.Grid, place.Row, column)) { result.Add(new("range", m.ToString())); break; }
        if (CellAt(span.EndLine, span.EndColumn) is { } end && (end.Line.Row != place.Row || end.Column != column) && end.Line.Grid == place.Grid)
            result.Add(new("endCell", Address(end.Line.Row, end.Column)));
        bool hiddenRow = _hiddenRows.Contains((place.Grid, place.Row)), hiddenColumn = _hiddenColumns.Contains((place.Grid, column));
        if (hiddenRow || hiddenColumn) result.Add(new("hidden", hiddenRow && hiddenColumn ? "row,column" : hiddenRow ? "row" : "column"));
        if (place.FileLine > 0) result.Add(new("fileLine", place.FileLine.ToString(CultureInfo.InvariantCulture)));
        return result;
    }

    /// <summary>
    /// A worksheet's region is its cells: start line = the start cell's row, start column = its column
    /// number, to the end cell when the span ends in another cell of the sheet. A CSV record starts
    /// at its line of the file (a quoted cell may span lines), whole lines. Word has no lines of its
    /// own: null, the text's line (a paragraph or a table row) is the region.
    /// </summary>
    public override SourceSpan? Region(SourceSpan span)
    {
        if (GridKind == GridKind.WordTable) return null;
        if (CellAt(span.StartLine, span.StartColumn) is not { } at || at.Line.Grid < 0) return null;
        var (place, column) = at;
        var end = CellAt(span.EndLine, span.EndColumn);
        if (GridKind == GridKind.Csv)
        {
            if (place.FileLine <= 0) return null;
            int last = end is { } e && e.Line.FileLine > place.FileLine ? e.Line.FileLine : place.FileLine;
            return new SourceSpan(place.FileLine, 0, last, 0);
        }
        var (lastRow, lastColumn) = end is { } x && x.Line.Grid == place.Grid && x.Line.Row > 0
            && (x.Line.Row > place.Row || (x.Line.Row == place.Row && x.Column >= column))
            ? (x.Line.Row, x.Column) : (place.Row, column);
        return new SourceSpan(place.Row, column, lastRow, lastColumn);
    }

    private string GridName(int grid) => grid >= 0 && grid < Grids.Count ? Grids[grid] : "";

    /// <summary>A sheet name as a formula would write it: quoted when it holds spaces or punctuation.</summary>
    private static string QuoteSheet(string name)
        => name.IndexOfAny(new[] { ' ', '!', ':', '\'', '-', '(', ')' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;

    /// <summary>An A1 address: column letters then the row, e.g. (12, 3) → C12.</summary>
    public static string Address(int row, int column) => ColumnLetters(column) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>1 → A, 27 → AA, 16384 → XFD.</summary>
    public static string ColumnLetters(int column)
    {
        if (column < 1) return "?";
        Span<char> buffer = stackalloc char[8];
        int i = buffer.Length;
        for (int n = column; n > 0; n = (n - 1) / 26) buffer[--i] = (char)('A' + (n - 1) % 26);
        return new string(buffer[i..]);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\n' && c != '\r') continue;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (i + 1 < text.Length) starts.Add(i + 1);
        }
        return starts.ToArray();
    }
}
