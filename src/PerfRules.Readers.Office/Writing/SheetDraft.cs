namespace PerfRules.Readers.Office.Writing;

/// <summary>A cell to write: text, a number, or a formula with the result saved beside it.</summary>
internal sealed record DraftCell
{
    public string? Text { get; init; }
    public decimal? Number { get; init; }
    /// <summary>A formula (without '='); its saved result is <see cref="Number"/>, else the empty text.</summary>
    public string? Formula { get; init; }
    public int Style { get; init; }
}

/// <summary>A drop-down list on a range: the list is a defined name of the workbook.</summary>
internal sealed record DraftValidation(string Range, string ListName, string Title, string Prompt);

/// <summary>
/// A worksheet being drafted: cells by (row, column), merged ranges, column widths and styles, the
/// frozen header, drop-down lists. Rows and columns are 1-based.
/// </summary>
internal sealed class SheetDraft(string name)
{
    public string Name { get; } = name;
    public SortedDictionary<int, SortedDictionary<int, DraftCell>> Rows { get; } = new();
    public List<string> Merged { get; } = new();
    /// <summary>Width (in characters) and default style of each column.</summary>
    public SortedDictionary<int, (double Width, int Style)> Columns { get; } = new();
    public List<DraftValidation> Validations { get; } = new();
    /// <summary>Rows and columns kept in view while scrolling (0: none).</summary>
    public int FrozenRows { get; set; }
    public int FrozenColumns { get; set; }
    /// <summary>Rows repeated on every printed page (0: none).</summary>
    public int PrintTitleRows { get; set; }
    public bool Landscape { get; set; }

    public int LastRow => Rows.Count == 0 ? 0 : Rows.Keys.Max();

    public void Set(int row, int column, DraftCell cell)
    {
        if (!Rows.TryGetValue(row, out var cells)) Rows[row] = cells = new SortedDictionary<int, DraftCell>();
        cells[column] = cell;
    }

    public void Text(int row, int column, string? text, int style)
    {
        if (text is null) return;
        Set(row, column, new DraftCell { Text = text, Style = style });
    }

    /// <summary>A styled cell with nothing in it (a form's empty box).</summary>
    public void Empty(int row, int column, int style)
    {
        if (!Rows.TryGetValue(row, out var cells) || !cells.ContainsKey(column)) Set(row, column, new DraftCell { Style = style });
    }

    public void Number(int row, int column, decimal value, int style) => Set(row, column, new DraftCell { Number = value, Style = style });

    public void Merge(int row1, int column1, int row2, int column2)
    {
        if (row1 == row2 && column1 == column2) return;
        Merged.Add($"{Model.CellMap.Address(row1, column1)}:{Model.CellMap.Address(row2, column2)}");
    }
}
