namespace PerfRules.Model;

/// <summary>A row carrying amounts: 合计, a funding unit or a project.</summary>
public sealed class AmountRow
{
    public string Name { get; set; } = "";
    public Amounts Amounts { get; set; } = new();
    public SourceSpan? Span { get; set; }
    public int Line => Span?.StartLine ?? 0;
}
