namespace PerfRules.Model;

/// <summary>A rectangle of cells that the file merges into one (its text is in the top-left cell).</summary>
public readonly record struct CellRange(int Grid, int FirstRow, int FirstColumn, int LastRow, int LastColumn)
{
    public bool Contains(int grid, int row, int column)
        => grid == Grid && row >= FirstRow && row <= LastRow && column >= FirstColumn && column <= LastColumn;

    public override string ToString() => $"{CellMap.Address(FirstRow, FirstColumn)}:{CellMap.Address(LastRow, LastColumn)}";
}
