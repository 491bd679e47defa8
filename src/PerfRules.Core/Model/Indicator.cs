namespace PerfRules.Model;

/// <summary>绩效指标: one performance indicator.</summary>
public sealed class Indicator
{
    /// <summary>Its number in the text (1、2、…) or its row order in a grid.</summary>
    public int Seq { get; set; }
    /// <summary>一级指标</summary>
    public CodeName Level1 { get; set; } = new(null, "");
    /// <summary>二级指标</summary>
    public CodeName Level2 { get; set; } = new(null, "");
    /// <summary>三级指标: the indicator's own name.</summary>
    public string Name { get; set; } = "";
    /// <summary>实施周期指标值</summary>
    public TargetValue Cycle { get; set; } = TargetValue.Missing;
    /// <summary>年度指标值</summary>
    public TargetValue Annual { get; set; } = TargetValue.Missing;
    public SourceSpan? Span { get; set; }
    public int Line => Span?.StartLine ?? 0;

    public int? Level1Code => Level1.Code;
    public int? Level2Code => Level2.Code;
}
