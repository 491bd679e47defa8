namespace PerfRules.Model;

/// <summary>What kind of grid a <see cref="CellMap"/> describes.</summary>
public enum GridKind
{
    /// <summary>A worksheet (.xlsx, .xlsm, .xls): places are 项目表!C12.</summary>
    Sheet,
    /// <summary>Tables of a Word document: places are 表1!C3 (table 1, row 3, column C), or 段落2 outside tables.</summary>
    WordTable,
    /// <summary>A CSV file: places are C12 (record 12, column C), as a spreadsheet shows the file.</summary>
    Csv,
}
