using System.Globalization;

namespace PerfRules.Rules;

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
}
