namespace PerfRules.Model;

/// <summary>A category of the indicator grid that the form lists with no indicator under it.</summary>
public sealed class IndicatorCategory
{
    public CodeName Level1 { get; set; } = new(null, "");
    public CodeName Level2 { get; set; } = new(null, "");
    public SourceSpan? Span { get; set; }
}
