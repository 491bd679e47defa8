namespace PerfRules.Model;

/// <summary>One grade of a graded scale: 8-10次良好.</summary>
public sealed record Grade
{
    public string Label { get; init; } = "";
    public string Text { get; init; } = "";
    public Comparator? Comparator { get; init; }
    public decimal? Low { get; init; }
    public decimal? High { get; init; }
    public string? Unit { get; init; }
}
