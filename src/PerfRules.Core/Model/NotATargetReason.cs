namespace PerfRules.Model;

/// <summary>Why a value is not a target (<see cref="TargetValue.Reason"/>).</summary>
public static class NotATargetReason
{
    /// <summary>A calculation rule instead of a target: （现场投诉的参展商数量/参展商总数量）*100%.</summary>
    public const string Formula = "formula";
    /// <summary>A scoring rule instead of a target: 低于90%不得分.</summary>
    public const string ScoringRule = "scoringRule";
    /// <summary>The value only names the indicator's own measure again: 开展对接次数 for 与各地区对接次数.</summary>
    public const string RestatedName = "restatedName";
    /// <summary>
    /// The value only names a measure, not the indicator's (or the indicator's name is not known):
    /// 公务活动工作人员满意度 for 服务对象满意率(%). No target either, but not a restatement.
    /// </summary>
    public const string MeasureName = "measureName";
}
