namespace PerfRules.Model;

/// <summary>A named amount in the department-overall form, e.g. 基本支出 4,381.54.</summary>
public sealed class NamedAmount
{
    public string Name { get; set; } = "";
    public decimal? Value { get; set; }
    /// <summary>The cell as printed.</summary>
    public string Text { get; set; } = "";
    public SourceSpan? Span { get; set; }
    public int Line => Span?.StartLine ?? 0;
}
