using PerfRules.Rules;
using NUnit.Framework;
using PerfRules.Model;
using PerfRules.Values;
using Shouldly;

namespace PerfRules.Tests.Values;

/// <summary>
/// Deadlines keep their year and the end of the period they name; durations keep a length that
/// compares across units (DOMAIN.md: `每年4月底前`, `10月底前`, `≤30天`, `24小时`; issue 14:
/// `2025年12月底前`, 2025-06-30, 年底/年中, quarters). PR401 compares both.
/// </summary>
public class DeadlineAndDurationTests
{
    // text → year, month, day (the last day of the period named), comparator (前/内/之前 is ≤)
    [TestCase("2025年12月底前", 2025, 12, 31, Comparator.Le)]
    [TestCase("10月底前", null, 10, 31, Comparator.Le)]
    [TestCase("每年4月底前", null, 4, 30, Comparator.Le)]
    [TestCase("2025-06-30", 2025, 6, 30, Comparator.Eq)]
    [TestCase("2025/6/30前", 2025, 6, 30, Comparator.Le)]
    [TestCase("2025年6月30日前", 2025, 6, 30, Comparator.Le)]
    [TestCase("6月中旬", null, 6, 20, Comparator.Eq)]
    [TestCase("2024年2月底前", 2024, 2, 29, Comparator.Le)]
    [TestCase("年底前", null, 12, 31, Comparator.Le)]
    [TestCase("2025年底前", 2025, 12, 31, Comparator.Le)]
    [TestCase("2025年年底", 2025, 12, 31, Comparator.Eq)]
    [TestCase("2026年上半年", 2026, 6, 30, Comparator.Eq)]
    [TestCase("年中", null, 6, 30, Comparator.Eq)]
    [TestCase("第三季度末", null, 9, 30, Comparator.Eq)]
    [TestCase("2025年内", 2025, 12, 31, Comparator.Le)]
    [TestCase("2027年前", 2027, 12, 31, Comparator.Le)]
    public void A_deadline_keeps_year_month_and_day(string text, int? year, int month, int day, Comparator comparator)
    {
        var v = TargetValueParser.Parse(text);
        v.Kind.ShouldBe(ValueKind.Deadline, text);
        (v.Year, v.Month, v.Day, v.Comparator).ShouldBe((year, month, day, comparator), text);
    }

    [Test]
    public void A_day_of_every_month_has_no_month()
    {
        var v = TargetValueParser.Parse("每月15日前");
        v.Kind.ShouldBe(ValueKind.Deadline);
        (v.Year, v.Month, v.Day).ShouldBe((null, null, 15));
    }

    // text → number, unit as written, comparator, hours (null for working days)
    [TestCase("≤30天", 30, "天", Comparator.Le, 720)]
    [TestCase("24小时", 24, "小时", Comparator.Eq, 24)]
    [TestCase("1天", 1, "天", Comparator.Eq, 24)]
    [TestCase("2周内", 2, "周", Comparator.Le, 336)]
    [TestCase("30分钟以内", 30, "分钟", Comparator.Le, 0.5)]
    public void A_duration_has_a_length_in_hours(string text, decimal number, string unit, Comparator comparator, decimal hours)
    {
        var v = TargetValueParser.Parse(text);
        v.Kind.ShouldBe(ValueKind.Duration, text);
        (v.Number, v.Unit, v.Comparator, v.Hours).ShouldBe((number, unit, comparator, hours), text);
    }

    [Test]
    public void Working_days_are_a_duration_without_hours()
    {
        var v = TargetValueParser.Parse("3个工作日");
        (v.Kind, v.Number, v.Unit, v.Hours).ShouldBe((ValueKind.Duration, 3m, "个工作日", (decimal?)null));
    }

    private static ValueInconsistency? Compare(string cycle, string annual)
        => ValueConsistency.Compare(TargetValueParser.Parse(cycle), TargetValueParser.Parse(annual));

    [TestCase("2025年12月底前", "2026年12月底前")]
    [TestCase("10月底前", "12月底前")]
    [TestCase("2025-06-30", "2025年12月底前")]
    [TestCase("上半年", "年底前")]
    [TestCase("6月上旬", "6月下旬")]
    public void An_annual_deadline_after_the_cycles_is_reported_with_both_values(string cycle, string annual)
    {
        var r = Compare(cycle, annual);
        r.ShouldNotBeNull();
        r.Kind.ShouldBe(InconsistencyKind.AnnualDeadlineLater);
        r.Description.ShouldContain($"“{cycle}”");
        r.Description.ShouldContain($"“{annual}”");
    }

    [TestCase("12月底前", "10月底前")]          // the year's target earlier than the cycle's end: fine
    [TestCase("2026年12月底前", "2025年12月底前")] // a two-year project, this year's part
    [TestCase("年底前", "12月31日前")]            // the same day
    [TestCase("2025年12月底前", "12月底前")]      // the year left off one side
    [TestCase("每月15日前", "每月20日前")]        // no month: no order
    public void An_annual_deadline_not_after_the_cycles_is_consistent(string cycle, string annual)
        => Compare(cycle, annual).ShouldBeNull();

    [TestCase("≤30天", "≤60天")]
    [TestCase("24小时", "48小时")]
    [TestCase("3个工作日", "5个工作日")]
    [TestCase("≥8小时", "≥6小时")]   // a floor is looser when shorter
    public void An_annual_time_bound_looser_than_the_cycles_is_reported_with_both_values(string cycle, string annual)
    {
        var r = Compare(cycle, annual);
        r.ShouldNotBeNull();
        r.Kind.ShouldBe(InconsistencyKind.AnnualBoundLooser);
        r.Description.ShouldContain($"“{cycle}”");
        r.Description.ShouldContain($"“{annual}”");
    }

    [TestCase("≤60天", "≤30天")]
    [TestCase("24小时", "1天")]      // the same length in other units
    [TestCase("≤30天", "≤30天")]
    [TestCase("≥6小时", "≥8小时")]
    public void An_annual_time_bound_as_tight_or_tighter_is_consistent(string cycle, string annual)
        => Compare(cycle, annual).ShouldBeNull();
}
