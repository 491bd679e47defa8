namespace PerfRules.Model;

/// <summary>What a target value is.</summary>
public enum ValueKind
{
    /// <summary>No text at all.</summary>
    Empty,
    /// <summary>A number with or without a unit (10个, 2亿元, 24).</summary>
    Quantity,
    /// <summary>A percentage (≥90%).</summary>
    Percentage,
    /// <summary>A point in time (每年4月底前, 10月底前).</summary>
    Deadline,
    /// <summary>A span of time (≤30天, 24小时).</summary>
    Duration,
    /// <summary>A qualitative grade (提升, 较好, 符合, 及时、合法).</summary>
    Qualitative,
    /// <summary>A graded scale (10次以上优秀；8-10次良好；5-8次合格).</summary>
    GradedScale,
    /// <summary>Not a target: a formula, a restated name, a scoring rule.</summary>
    NotATarget,
}
