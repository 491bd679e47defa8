namespace PerfRules.Model;

/// <summary>One figure in a column the text names (财政拨款, 财政专户拨款, 其他资金, …).</summary>
public sealed record ColumnAmount
{
    public string Column { get; init; } = "";
    public decimal Value { get; init; }
    public ColumnAmount() { }
    public ColumnAmount(string column, decimal value) { Column = column; Value = value; }
}
