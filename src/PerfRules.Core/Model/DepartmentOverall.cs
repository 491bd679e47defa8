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

/// <summary>年度重点工作任务: one key task and the funds planned for it (拟投入的资金).</summary>
public sealed class KeyTask
{
    /// <summary>名称 (inherited from the row above where the cell is merged).</summary>
    public string Name { get; set; } = "";
    /// <summary>主要实施内容</summary>
    public string Content { get; set; } = "";
    public decimal? Funds { get; set; }
    /// <summary>期望达到的目标（概述）</summary>
    public string Outcome { get; set; } = "";
    public SourceSpan? Span { get; set; }
    public int Line => Span?.StartLine ?? 0;
}

/// <summary>A category of the indicator grid that the form lists with no indicator under it.</summary>
public sealed class IndicatorCategory
{
    public CodeName Level1 { get; set; } = new(null, "");
    public CodeName Level2 { get; set; } = new(null, "");
    public SourceSpan? Span { get; set; }
}

/// <summary>部门整体预算绩效目标申报表: the whole-department declaration.</summary>
public sealed class DepartmentOverall
{
    /// <summary>部门预算支出: 基本支出, 项目支出.</summary>
    public List<NamedAmount> Expenditure { get; set; } = new();
    /// <summary>收入来源: 财政拨款, 其他资金, ….</summary>
    public List<NamedAmount> Income { get; set; } = new();
    /// <summary>事业发展性支出: 财政专项资金, 其他事业发展性支出.</summary>
    public List<NamedAmount> Development { get; set; } = new();
    /// <summary>按预算级次划分: 市本级使用资金, 拟用于对下转移支付资金.</summary>
    public List<NamedAmount> BudgetLevels { get; set; } = new();
    /// <summary>总体绩效目标</summary>
    public string? Goals { get; set; }
    public SourceSpan? GoalsSpan { get; set; }
    public List<KeyTask> KeyTasks { get; set; } = new();
    /// <summary>其他需完成的任务（可选填）</summary>
    public string? OtherTasks { get; set; }
    public SourceSpan? OtherTasksSpan { get; set; }
    public List<Indicator> Indicators { get; set; } = new();
    public List<IndicatorCategory> EmptyCategories { get; set; } = new();

    public decimal? Amount(List<NamedAmount> list, string name) => list.FirstOrDefault(a => a.Name == name)?.Value;
    /// <summary>基本支出</summary>
    public decimal? BasicExpenditure => Amount(Expenditure, "基本支出");
    /// <summary>项目支出</summary>
    public decimal? ProjectExpenditure => Amount(Expenditure, "项目支出");
    public decimal ExpenditureTotal => Expenditure.Sum(a => a.Value ?? 0m);
    public decimal IncomeTotal => Income.Sum(a => a.Value ?? 0m);
    public decimal BudgetLevelTotal => BudgetLevels.Sum(a => a.Value ?? 0m);
    public decimal KeyTaskTotal => KeyTasks.Sum(t => t.Funds ?? 0m);
}
