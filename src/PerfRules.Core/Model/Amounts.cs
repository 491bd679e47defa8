namespace PerfRules.Model;

/// <summary>
/// The figures of one amount row. 总计 is <see cref="Total"/>; source figures whose column
/// the text reveals are in <see cref="Sources"/>; figures whose column it does not reveal
/// (empty columns vanish in the inline layout) are kept, in order, in <see cref="Unplaced"/>.
/// </summary>
public sealed class Amounts
{
    /// <summary>总计</summary>
    public decimal? Total { get; set; }
    public List<ColumnAmount> Sources { get; set; } = new();
    public List<decimal> Unplaced { get; set; } = new();
    /// <summary>Decimal places as printed (for the tolerance of half a unit in the last place).</summary>
    public int Decimals { get; set; } = 2;

    /// <summary>
    /// Every figure read, in the order printed, with its span (the readers of text and grids fill
    /// it; empty for a model read from YAML or JSON). Total, Sources and Unplaced hold the same values.
    /// </summary>
    public List<AmountFigure> Figures { get; set; } = new();

    /// <summary>The span of 总计's figure, when the text has one.</summary>
    public SourceSpan? TotalSpan => SpanOf(ColumnNames.Total);

    /// <summary>The span of a named column's figure, when the text reveals it.</summary>
    public SourceSpan? SpanOf(string column)
    {
        foreach (var f in Figures)
            if (f.Column == column) return f.Span;
        return null;
    }

    /// <summary>The figure of a named source column, when the text reveals it.</summary>
    public decimal? Column(string name)
    {
        // A loop, not LINQ: rules call this for every row of every document.
        foreach (var s in Sources)
            if (s.Column == name) return s.Value;
        return null;
    }

    /// <summary>Every source figure, placed or not.</summary>
    public decimal SourceSum
    {
        get
        {
            decimal sum = 0m;
            foreach (var s in Sources) sum += s.Value;
            foreach (var v in Unplaced) sum += v;
            return sum;
        }
    }

    public bool HasSources => Sources.Count > 0 || Unplaced.Count > 0;

    /// <summary>财政拨款</summary>
    public decimal? Fiscal => Column(ColumnNames.Fiscal);
    /// <summary>财政专户拨款</summary>
    public decimal? FiscalSpecial => Column(ColumnNames.FiscalSpecial);
    /// <summary>其他资金</summary>
    public decimal? Other => Column(ColumnNames.Other);
}
