namespace PerfRules.Model;

/// <summary>
/// One figure of an amount row as printed: its column (总计, a source column, or null where the
/// text does not reveal it), its value, its text and where it is, so a finding can point at it.
/// </summary>
public sealed record AmountFigure
{
    public string? Column { get; init; }
    public decimal Value { get; init; }
    public string Text { get; init; } = "";
    public SourceSpan? Span { get; init; }
    public AmountFigure() { }
    public AmountFigure(string? column, decimal value, string text, SourceSpan? span)
    {
        Column = column; Value = value; Text = text; Span = span;
    }
}
