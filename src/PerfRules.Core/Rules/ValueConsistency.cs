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
        if (c == TargetShape.Date) return CompareDeadlines(cycle, annual);
        if (c != TargetShape.Number) return null; // two scales: no order to compare

        var cu = CanonicalUnit(cycle.Unit);
        var au = CanonicalUnit(annual.Unit);
        // Time bounds of the same length in different calendar units agree (24小时 and 1天);
        // of different lengths, the different units are the finding (≤30天 vs ≤30小时).
        bool sameLength = cycle.Hours is { } ch && annual.Hours is { } ah && ch == ah;
        if (cu != au && !sameLength)
            return new(InconsistencyKind.DifferentUnits,
                $"{Both(cycle, annual)}的单位不同：实施周期为{UnitName(cycle.Unit)}，年度为{UnitName(annual.Unit)}");

        var cc = cycle.Comparator ?? Comparator.Eq;
        var ac = annual.Comparator ?? Comparator.Eq;
        if (cc != ac)
            return new(InconsistencyKind.DifferentComparators,
                $"{Both(cycle, annual)}的比较方式不同：实施周期为“{ComparatorName(cc)}”，年度为“{ComparatorName(ac)}”");

        if (cycle.Kind == ValueKind.Duration && annual.Kind == ValueKind.Duration)
            return CompareBounds(cycle, annual, cc);

        // Only a cumulative count adds up over the years; a rate or a span does not.
        // The annual part of a count cannot exceed the whole: for a floor (≥, =) a larger annual
        // target asks the impossible, for a cap (≤) a larger annual cap is looser than the whole.
        if (cycle.Kind == ValueKind.Quantity && annual.Kind == ValueKind.Quantity && annual.Number > cycle.Number)
            return new(InconsistencyKind.AnnualBeyondCycle,
                $"年度指标值“{annual.Text}”超出实施周期指标值“{cycle.Text}”：累计数量的年度目标（{Num(annual.Number)}）不应大于实施周期目标（{Num(cycle.Number)}）");
        return null;
    }

    /// <summary>
    /// Two deadlines: the annual one may not fall after the cycle's. With a year on both sides the
    /// dates compare whole (2026年12月底前 is after 2025年12月底前); otherwise the year is taken to
    /// be the same and month and day compare (12月底前 is after 10月底前). A missing day counts as
    /// the month's end; a deadline without a month (每月15日前) does not compare.
    /// </summary>
    private static ValueInconsistency? CompareDeadlines(TargetValue cycle, TargetValue annual)
    {
        if (cycle.Month is not { } cm || annual.Month is not { } am) return null;
        int cd = cycle.Day ?? DateTime.DaysInMonth(cycle.Year ?? 2001, cm);
        int ad = annual.Day ?? DateTime.DaysInMonth(annual.Year ?? 2001, am);
        bool years = cycle.Year is not null && annual.Year is not null;
        var cKey = (years ? cycle.Year!.Value : 0, cm, cd);
        var aKey = (years ? annual.Year!.Value : 0, am, ad);
        if (aKey.CompareTo(cKey) <= 0) return null;
        return new(InconsistencyKind.AnnualDeadlineLater,
            $"年度指标值“{annual.Text.Trim()}”的完成期限晚于实施周期指标值“{cycle.Text.Trim()}”：年度目标应在实施周期结束之前（或同时）完成");
    }

    /// <summary>
    /// Two time bounds with the same comparator: a cap (≤, <, or a bare 24小时) is looser when the
    /// annual one is longer, a floor (≥, >) when it is shorter. Lengths compare in hours where both
    /// units are calendar units, else as written in the same unit (3个工作日 vs 5个工作日).
    /// </summary>
    private static ValueInconsistency? CompareBounds(TargetValue cycle, TargetValue annual, Comparator comparator)
    {
        decimal? c = cycle.Hours ?? cycle.Number, a = annual.Hours ?? annual.Number;
        if (c is null || a is null || (cycle.Hours is null) != (annual.Hours is null)) return null;
        bool floor = comparator is Comparator.Ge or Comparator.Gt;
        bool looser = floor ? a < c : a > c;
        if (!looser) return null;
        var how = floor ? "短于" : "长于";
        return new(InconsistencyKind.AnnualBoundLooser,
            $"年度指标值“{annual.Text.Trim()}”的时限{how}实施周期指标值“{cycle.Text.Trim()}”：年度目标不应比整个实施周期的目标更宽松");
    }

    /// <summary>
    /// Whether two values written for the same indicator in two tables (a department-overall table
    /// and a project table, PR515) set different targets, after normalisation: ≥1.4万人 and ≥14000人
    /// agree, 24小时 and 1天 agree, 2025年12月底前 and 12月底前 agree (a year on one side only is not a
    /// difference). False when either is empty, or when neither is quantified (提升 and 较好 are words:
    /// not compared).
    /// </summary>
    public static bool DifferentTargets(TargetValue a, TargetValue b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.IsEmpty || b.IsEmpty || a.Text.Trim() == b.Text.Trim()) return false;
        var (x, y) = (Shape(a), Shape(b));
        if (x == TargetShape.Words && y == TargetShape.Words) return false;
        if (x != y) return true;
        switch (x)
        {
            case TargetShape.Number:
                if ((a.Comparator ?? Comparator.Eq) != (b.Comparator ?? Comparator.Eq)) return true;
                if (a.Hours is { } ah && b.Hours is { } bh) return ah != bh;
                return a.Number != b.Number || CanonicalUnit(a.Unit) != CanonicalUnit(b.Unit);
            case TargetShape.Date:
                if (a.Year is not null && b.Year is not null && a.Year != b.Year) return true;
                if (a.Month != b.Month) return true;
                return a.Month is { } m && (a.Day ?? DateTime.DaysInMonth(2001, m)) != (b.Day ?? DateTime.DaysInMonth(2001, m));
            default:
                return !(a.Grades ?? []).SequenceEqual(b.Grades ?? [], GradeTarget.Instance);
        }
    }

    /// <summary>Grades that set the same band with the same label (as written or not).</summary>
    private sealed class GradeTarget : IEqualityComparer<Grade>
    {
        public static readonly GradeTarget Instance = new();
        public bool Equals(Grade? a, Grade? b) =>
            a is not null && b is not null && a.Label == b.Label && a.Low == b.Low && a.High == b.High
            && CanonicalUnit(a.Unit) == CanonicalUnit(b.Unit);
        public int GetHashCode(Grade g) => HashCode.Combine(g.Label, g.Low, g.High);
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
