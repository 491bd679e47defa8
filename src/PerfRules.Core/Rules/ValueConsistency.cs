using System.Globalization;
using PerfRules.Model;

namespace PerfRules.Rules;

/// <summary>PR401: are an indicator's cycle and annual values the same kind of target?</summary>
public static class ValueConsistency
{
    /// <summary>
    /// Compares the two values after normalisation (≥90% and ≧90% agree; 1.4万人 equals 14000人).
    /// Null when they agree, when either is empty, or when neither is a quantified target. A value
    /// that is not a target (a formula, a name) is words here: rules/core.yaml's PR401 yields to
    /// PR403, which reports it (one problem, one finding).
    /// </summary>
    public static ValueInconsistency? Compare(TargetValue cycle, TargetValue annual)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(annual);
        if (cycle.Text.Trim() == annual.Text.Trim()) return null;
        if (cycle.IsEmpty || annual.IsEmpty) return null;

        var c = Shape(cycle);
        var a = Shape(annual);
        if (c == TargetShape.Words && a == TargetShape.Words) return null;
        if (c == TargetShape.Words || a == TargetShape.Words)
        {
            var (words, target) = c == TargetShape.Words ? ("实施周期指标值", "年度指标值") : ("年度指标值", "实施周期指标值");
            return new(InconsistencyKind.NumberVsText,
                $"{Both(cycle, annual)}不一致：{words}不是量化目标，而{target}是量化目标");
        }
        if (c != a)
        {
            // A graded scale against one target, or a date against a number.
            if (c == TargetShape.Scale || a == TargetShape.Scale)
                return new(InconsistencyKind.DifferentComparators,
                    $"{Both(cycle, annual)}不一致：一个是分级评分标准，另一个是单一目标值");
            return new(InconsistencyKind.DifferentUnits,
                $"{Both(cycle, annual)}不一致：一个是时间节点，另一个是数值（{UnitName(c == TargetShape.Number ? cycle.Unit : annual.Unit)}）");
        }
        if (c != TargetShape.Number) return null; // two dates or two scales: no order to compare

        var cu = CanonicalUnit(cycle.Unit);
        var au = CanonicalUnit(annual.Unit);
        if (cu != au)
            return new(InconsistencyKind.DifferentUnits,
                $"{Both(cycle, annual)}的单位不同：实施周期为{UnitName(cycle.Unit)}，年度为{UnitName(annual.Unit)}");

        var cc = cycle.Comparator ?? Comparator.Eq;
        var ac = annual.Comparator ?? Comparator.Eq;
        if (cc != ac)
            return new(InconsistencyKind.DifferentComparators,
                $"{Both(cycle, annual)}的比较方式不同：实施周期为“{ComparatorName(cc)}”，年度为“{ComparatorName(ac)}”");

        // Only a cumulative count adds up over the years; a rate or a span does not.
        // The annual part of a count cannot exceed the whole: for a floor (≥, =) a larger annual
        // target asks the impossible, for a cap (≤) a larger annual cap is looser than the whole.
        if (cycle.Kind == ValueKind.Quantity && annual.Kind == ValueKind.Quantity && annual.Number > cycle.Number)
            return new(InconsistencyKind.AnnualBeyondCycle,
                $"年度指标值“{annual.Text}”超出实施周期指标值“{cycle.Text}”：累计数量的年度目标（{Num(annual.Number)}）不应大于实施周期目标（{Num(cycle.Number)}）");
        return null;
    }

    private enum TargetShape { Words, Number, Date, Scale }

    private static TargetShape Shape(TargetValue v) => v switch
    {
        { Number: not null } => TargetShape.Number,
        { Kind: ValueKind.Deadline } => TargetShape.Date,
        { Kind: ValueKind.GradedScale, Grades.Count: > 0 } => TargetShape.Scale,
        _ => TargetShape.Words,
    };

    /// <summary>Units that are the same thing written differently.</summary>
    internal static string? CanonicalUnit(string? unit) => unit switch
    {
        null or "" => null,
        "平米" or "㎡" => "平方米",
        "℃" or "°C" => "摄氏度",
        "个工作日" => "工作日",
        "个月" => "月",
        "个季度" => "季度",
        "日" => "天",
        "千米" => "公里",
        "公斤" => "千克",
        "百分点" => "个百分点",
        _ => unit,
    };

    private static string Both(TargetValue cycle, TargetValue annual)
        => $"实施周期指标值“{cycle.Text.Trim()}”与年度指标值“{annual.Text.Trim()}”";

    private static string UnitName(string? unit) => unit is null ? "无单位" : $"“{unit}”";

    private static string Num(decimal? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string ComparatorName(Comparator c) => c switch
    {
        Comparator.Ge => "不低于（≥）",
        Comparator.Le => "不高于（≤）",
        Comparator.Gt => "高于（>）",
        Comparator.Lt => "低于（<）",
        _ => "等于（=）",
    };
}
