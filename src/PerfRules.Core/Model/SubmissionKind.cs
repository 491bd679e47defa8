namespace PerfRules.Model;

/// <summary>Which table a submission is.</summary>
public enum SubmissionKind
{
    /// <summary>项目支出绩效目标表（含转移支付项目）</summary>
    ProjectTargets,
    /// <summary>部门整体预算绩效目标申报表</summary>
    DepartmentOverall,
    /// <summary>The input is not any known table (a PR001 diagnostic says why).</summary>
    Unknown,
}
