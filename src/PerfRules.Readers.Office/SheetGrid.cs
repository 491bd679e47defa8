using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>
/// The cells of one worksheet as they are read (in any order, with gaps), turned into the grid text:
/// line n is row n; the first column with content becomes the first cell of every line, so leading
/// empty rows stay blank lines and leading empty columns disappear. Limits stop the reading with a
/// PR006 naming what was left out.
/// </summary>
internal sealed class SheetGrid
{
    private readonly List<(int Row, int Column, string Text)> _cells = new();
    private readonly List<(int Row, int Column, string Message, string? Text)> _cellProblems = new();
    private readonly List<Diagnostic> _problems = new();
    private readonly List<CellRange> _merged = new();
    private readonly HashSet<int> _hiddenRows = new(), _hiddenColumns = new();
    private readonly GridLimits _limits;
    private long _chars;
    private int _beyondColumns, _moreProblems;
    private const int MaxCellProblems = 200;
    private bool _sorted = true;

    private readonly CellBudget? _cellBudget;

    public SheetGrid(string name, GridLimits limits, CellBudget? cells = null)
    {
        Name = name;
        _limits = limits;
        _cellBudget = cells;
    }

    public string Name { get; }

    /// <summary>True once a limit stopped the reading of this sheet.</summary>
    public bool Stopped { get; private set; }

    public bool IsEmpty => _cells.Count == 0 && _cellProblems.Count == 0;

    /// <summary>Problems of the sheet as a whole (limits), for when the sheet is not read as a table.</summary>
    public IReadOnlyList<Diagnostic> Problems => _problems;

    /// <summary>Adds a cell's text (1-based row and column). False when reading must stop (a limit).</summary>
    public bool Add(int row, int column, string text)
    {
        if (Stopped) return false;
        if (string.IsNullOrWhiteSpace(text)) return true;
        // Cells beyond the columns count too: they cost the time to read them.
        if (_cellBudget is { } budget && !budget.Take())
        {
            Stop($"工作簿的单元格超过 {budget.Max} 个，工作表“{Name}”第 {row} 行及以后未读取");
            return false;
        }
        if (column > _limits.MaxColumns) { _beyondColumns++; return true; }
        if (row > _limits.MaxRows)
        {
            Stop($"工作表“{Name}”超过 {_limits.MaxRows} 行，第 {row} 行及以后未读取");
            return false;
        }
        _chars += text.Length + 1;
        if (_chars > _limits.MaxChars)
        {
            Stop($"工作表“{Name}”的文字超过上限（{_limits.MaxChars} 个字符），第 {row} 行及以后未读取");
            return false;
        }
        if (_cells.Count > 0 && (_cells[^1].Row > row || (_cells[^1].Row == row && _cells[^1].Column >= column))) _sorted = false;
        _cells.Add((row, column, text));
        return true;
    }

    /// <summary>A reading problem at a cell (a formula without a saved value, an error value).</summary>
    public void CellProblem(int row, int column, string message, string? text = null)
    {
        if (row > _limits.MaxRows || column > _limits.MaxColumns) return;
        // A few are enough to act on; the rest are counted (thousands of empty formulas say one thing).
        if (_cellProblems.Count >= MaxCellProblems) { _moreProblems++; return; }
        _cellProblems.Add((row, column, message, text));
    }

    public void Stop(string message)
    {
        if (Stopped) return;
        Stopped = true;
        _problems.Add(new Diagnostic("PR006", message, null));
    }

    public void HideRow(int row) => _hiddenRows.Add(row);
    public void HideColumn(int column) => _hiddenColumns.Add(column);
    public void Merge(int firstRow, int firstColumn, int lastRow, int lastColumn) => _merged.Add(new CellRange(0, firstRow, firstColumn, lastRow, lastColumn));

    /// <summary>The sheet's text and its map; the problems (limits first) travel with it.</summary>
    public SourceText Build(string path, string encodingName)
    {
        if (!_sorted) _cells.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Column.CompareTo(b.Column));
        if (_beyondColumns > 0)
            _problems.Add(new Diagnostic("PR006", $"工作表“{Name}”第 {_limits.MaxColumns} 列之后还有 {_beyondColumns} 个单元格，超过列数上限，未读取", null));
        if (_moreProblems > 0)
            _problems.Add(new Diagnostic("PR002", $"工作表“{Name}”另有 {_moreProblems} 个单元格有同类问题（公式没有保存计算结果或结果为错误值），未逐一列出", null));
        int firstColumn = int.MaxValue, lastRow = 0;
        foreach (var c in _cells) { firstColumn = Math.Min(firstColumn, c.Column); lastRow = Math.Max(lastRow, c.Row); }
        foreach (var p in _cellProblems) { firstColumn = Math.Min(firstColumn, p.Column); lastRow = Math.Max(lastRow, p.Row); }
        if (firstColumn == int.MaxValue) firstColumn = 1;
        // A problem cell (an empty formula) must have its place on its line.
        var problemEnds = new Dictionary<int, int>();
        foreach (var p in _cellProblems) problemEnds[p.Row] = Math.Max(problemEnds.GetValueOrDefault(p.Row), p.Column);

        var builder = new GridBuilder(GridKind.Sheet, _limits);
        int grid = builder.AddGrid(Name);
        int k = 0;
        var line = new List<string>();
        for (int row = 1; row <= lastRow; row++)
        {
            line.Clear();
            int lastColumn = problemEnds.GetValueOrDefault(row, firstColumn - 1);
            int start = k;
            while (k < _cells.Count && _cells[k].Row == row) lastColumn = Math.Max(lastColumn, _cells[k++].Column);
            for (int col = firstColumn; col <= lastColumn; col++) line.Add("");
            for (int i = start; i < k; i++) line[_cells[i].Column - firstColumn] = GridBuilder.CellText(_cells[i].Text);
            if (!builder.AddLine(new LinePlace(grid, row, firstColumn), line)) break;
        }
        foreach (var m in _merged) builder.Merge(m with { Grid = grid });
        foreach (var r in _hiddenRows) builder.HideRow(grid, r);
        foreach (var c in _hiddenColumns) builder.HideColumn(grid, c);
        foreach (var p in _cellProblems)
            if (p.Row <= builder.LineCount) builder.Problem("PR002", p.Message, p.Row, p.Column - firstColumn, p.Text);
        return builder.Build(path, encodingName, _problems);
    }
}
