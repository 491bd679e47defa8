namespace PerfRules.Model;

/// <summary>项目: a project with its amounts, goal text (绩效目标) and indicators (绩效指标).</summary>
public sealed class Project
{
    public string Name { get; set; } = "";
    public Amounts Amounts { get; set; } = new();
    /// <summary>The name and amount lines.</summary>
    public SourceSpan? Span { get; set; }
    /// <summary>绩效目标</summary>
    public string? Goal { get; set; }
    public SourceSpan? GoalSpan { get; set; }
    public List<Indicator> Indicators { get; set; } = new();
    /// <summary>The whole indicator text block.</summary>
    public SourceSpan? IndicatorsSpan { get; set; }
    public int Line => Span?.StartLine ?? 0;
}
