using System.Globalization;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Functions every rule expression can call unqualified (<c>using static</c>). Keep them pure:
/// rules must not depend on anything but the submission.
/// </summary>
public static class RuleHelpers
{
    /// <summary>Default amount tolerance: half a unit in the second decimal place (0.005 万元).</summary>
    public const decimal Tolerance = 0.005m;

    /// <summary>True when two amounts differ by at most <paramref name="tol"/>.</summary>
    public static bool Near(decimal a, decimal b, decimal tol = Tolerance) => Math.Abs(a - b) <= tol;

    /// <summary>True when both are null, or both present and near.</summary>
    public static bool Near(decimal? a, decimal? b, decimal tol = Tolerance) =>
        a is null ? b is null : b is not null && Near(a.Value, b.Value, tol);

    /// <summary>An amount with thousands separators and two decimals (1,493.57); （空） for none.</summary>
    public static string Fmt(decimal? value) =>
        value is null ? "（空）" : value.Value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>The sum of the figures that are present (nulls count as nothing).</summary>
    public static decimal Sum(IEnumerable<decimal?> values) => values.Sum(v => v ?? 0m);

    /// <summary>The sum of the figures.</summary>
    public static decimal Sum(IEnumerable<decimal> values) => values.Sum();

    /// <summary>The first (leading) decimal digit of a number: 23 → 2.</summary>
    public static int FirstDigit(int n)
    {
        n = Math.Abs(n);
        while (n >= 10) n /= 10;
        return n;
    }

    /// <summary>Joins the parts of a message: 甲；乙. Size-checked like string.Join in a rule (the parts may be the rule's own long strings).</summary>
    public static string Join(IEnumerable<string> parts) => RunGuard.Join("；", parts);

    /// <summary>Named amounts as printed in a message: 基本支出 4,381.54 + 项目支出 270,769.27.</summary>
    public static string Parts(IEnumerable<NamedAmount> amounts) =>
        string.Join(" + ", amounts.Select(a => $"{a.Name} {Fmt(a.Value)}"));

    /// <summary>
    /// Where a row's amounts differ from the sum of the rows under it, one line per column: 总计,
    /// and every source column that the text reveals in the row and in all its parts. Figures whose
    /// column is not known are covered by the 总计 comparison.
    /// </summary>
    public static List<string> SumMismatches(Amounts whole, IEnumerable<Amounts> parts, string partsLabel, decimal tol = Tolerance)
    {
        // Plain loops: this runs for every unit and 合计 of every document, and nearly always passes.
        var list = parts as IReadOnlyList<Amounts> ?? parts.ToList();
        var result = new List<string>();
        void Compare(string column, decimal? wholeValue, decimal partsValue)
        {
            if (wholeValue is null || Near(wholeValue.Value, partsValue, tol)) return;
            result.Add($"{column} {Fmt(wholeValue)} ≠ {partsLabel} {Fmt(partsValue)}（相差 {Fmt(wholeValue.Value - partsValue)}，允许误差 ±{tol.ToString(CultureInfo.InvariantCulture)}）");
        }
        decimal total = 0m;
        bool unplaced = whole.Unplaced.Count > 0;
        for (int i = 0; i < list.Count; i++)
        {
            total += list[i].Total ?? 0m;
            unplaced |= list[i].Unplaced.Count > 0;
        }
        Compare(ColumnNames.Total, whole.Total, total);
        if (unplaced) return result;
        // Every column the row or a part names, in order of first appearance.
        var columns = new List<string>();
        foreach (var c in whole.Sources) if (!columns.Contains(c.Column)) columns.Add(c.Column);
        for (int i = 0; i < list.Count; i++)
            foreach (var c in list[i].Sources) if (!columns.Contains(c.Column)) columns.Add(c.Column);
        foreach (var column in columns)
        {
            decimal sum = 0m;
            for (int i = 0; i < list.Count; i++) sum += list[i].Column(column) ?? 0m;
            Compare(column, whole.Column(column) ?? 0m, sum);
        }
        return result;
    }

    /// <summary>Why the cycle and annual values disagree (PR401), in Chinese; null when they agree.</summary>
    public static string? Inconsistency(TargetValue cycle, TargetValue annual) =>
        ValueConsistency.Compare(cycle, annual)?.Description;

    /// <summary>The values of an indicator that are not targets, each with why: 实施周期指标值“…”是计算公式.</summary>
    public static List<string> NotTargets(Indicator indicator)
    {
        var result = new List<string>();
        foreach (var (label, value) in new[] { ("实施周期指标值", indicator.Cycle), ("年度指标值", indicator.Annual) })
            if (value.Kind == ValueKind.NotATarget)
                result.Add($"{label}“{value.Text}”{Why(value.Reason)}");
        return result;

        static string Why(string? reason) => reason switch
        {
            NotATargetReason.Formula => "是计算公式",
            NotATargetReason.ScoringRule => "是评分规则",
            NotATargetReason.RestatedName => "只重复了指标名称",
            NotATargetReason.MeasureName => "只写了一个指标名称",
            _ => "不是目标值",
        };
    }

    /// <summary>A rate that cannot exceed 100%: 完成率, 合格率, 满意度 …; growth rates (增长率) can.</summary>
    public static bool IsRate(string indicatorName)
    {
        var n = indicatorName.Replace("（%）", "").Replace("(%)", "").Trim();
        if (n.Contains("增长") || n.Contains("增幅") || n.Contains("提高率")) return false;
        return n.EndsWith("率", StringComparison.Ordinal) || n.EndsWith("满意度", StringComparison.Ordinal);
    }
}
