namespace PerfRules.Model;

/// <summary>Where one line of a grid's text came from.</summary>
/// <param name="Grid">Index into <see cref="CellMap.Grids"/>; -1 for a Word paragraph outside tables.</param>
/// <param name="Row">The row (1-based) in that grid, or the paragraph number; 0 for a line that holds nothing.</param>
/// <param name="FirstColumn">The grid column (1-based) of the line's first cell.</param>
/// <param name="FileLine">For CSV: the line of the file where the record starts (a quoted cell may span lines); else 0.</param>
public readonly record struct LinePlace(int Grid, int Row, int FirstColumn, int FileLine = 0);
