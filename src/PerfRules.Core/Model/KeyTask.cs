namespace PerfRules.Model;

/// <summary>年度重点工作任务: one key task and the funds planned for it (拟投入的资金).</summary>
public sealed class KeyTask
{
    /// <summary>名称 (inherited from the row above where the cell is merged).</summary>
    public string Name { get; set; } = "";
    /// <summary>主要实施内容</summary>
    public string Content { get; set; } = "";
    public decimal? Funds { get; set; }
    /// <summary>The 拟投入的资金 cell (null where the model was not read from text).</summary>
    public SourceSpan? FundsSpan { get; set; }
    /// <summary>期望达到的目标（概述）</summary>
    public string Outcome { get; set; } = "";
    public SourceSpan? Span { get; set; }
    public int Line => Span?.StartLine ?? 0;
}
