namespace PerfRules.Model;

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
