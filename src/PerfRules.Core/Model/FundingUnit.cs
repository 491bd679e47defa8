namespace PerfRules.Model;

/// <summary>资金使用单位: a funding unit with its own total row and its projects.</summary>
public sealed class FundingUnit
{
    public string Name { get; set; } = "";
    public Amounts Amounts { get; set; } = new();
    public SourceSpan? Span { get; set; }
    public List<Project> Projects { get; set; } = new();
    /// <summary>True when the table has no row for the unit and its projects were gathered under the department.</summary>
    public bool Implicit { get; set; }
    public int Line => Span?.StartLine ?? 0;
}
