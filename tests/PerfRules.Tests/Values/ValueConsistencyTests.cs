using PerfRules.Model;
using PerfRules.Values;
using PerfRules.Rules;

namespace PerfRules.Tests.Values;

public class ValueConsistencyTests
{
    private static ValueInconsistency? Compare(string cycle, string annual, string? name = null)
        => ValueConsistency.Compare(TargetValueParser.Parse(cycle, name), TargetValueParser.Parse(annual, name));

    [TestCase("≥90%", "≧90%")]
    [TestCase("≥90%", "≥ 90%")]
    [TestCase("≥90%", "$\\geq 90\\%$")]
    [TestCase("≥90%", "不低于90%")]
    [TestCase("提升", "提升")]
    [TestCase("≥1.4万人", "≥1.4万人")]
    [TestCase("1.4万人", "14000人")]
    [TestCase("5000万元", "0.5亿元")]
    [TestCase("10万平米", "100000平方米")]
    [TestCase("≥500人", "≧500人")]
    [TestCase("100%", "100%。")]
    [TestCase("每年4月底前", "每年4月底前")]
    [TestCase("10次以上优秀；8-10次良好；5-8次合格", "10次以上优秀；8-10次良好；5-8次合格")]
    [TestCase("3个工作日", "3工作日")]
    [TestCase("≥10次", "≥5次")] // the year does part of the cycle's count
    [TestCase("≤10人", "≤2人")] // a tighter annual cap fits inside the cycle's
    [TestCase("≥80%", "≥90%")] // a rate does not add up over the years
    [TestCase("≤30天", "≤10天")]
    public void Consistent(string cycle, string annual)
    {
        Compare(cycle, annual).ShouldBeNull();
    }

    [TestCase("提升", "有效提升")]
    [TestCase("按时完成岗位工作任务", "按时完成")]
    [TestCase("公务活动工作人员满意度", "满意度指标低于90%不得分，大于等于90%得满分")]
    [TestCase("", "≥90%")]
    [TestCase("≥90%", "")]
    [TestCase("", "")]
    public void Neither_side_a_numeric_target_or_an_empty_side_is_left_to_other_rules(string cycle, string annual)
    {
        Compare(cycle, annual).ShouldBeNull();
    }

    [TestCase("提升", "≥90%", null)]
    [TestCase("≥90%", "较好", null)]
    [TestCase("每年4月底前", "及时", null)]
    [TestCase("按时完成", "≤30天", "工作任务完成时限")]
    public void Number_against_text(string cycle, string annual, string? name)
    {
        var r = Compare(cycle, annual, name);
        r.ShouldNotBeNull();
        r.Kind.ShouldBe(InconsistencyKind.NumberVsText);
        r.Description.ShouldContain(cycle.Trim());
        r.Description.ShouldContain(annual.Trim());
    }

    [Test]
    public void Number_against_text_says_which_side_is_words()
    {
        Compare("有效提升", "10万平米")!.Description.ShouldContain("实施周期指标值不是量化目标");
        Compare("10万平米", "有效提升")!.Description.ShouldContain("年度指标值不是量化目标");
    }

    // A value that is not a target (a restated name, a formula, a scoring rule) is words to the
    // comparison. DOMAIN.md's "not reported again here" is the rule set's: PR401 yields to PR403
    // (rules/core.yaml; RuleYieldsTests), not a special case in this comparison.
    [TestCase("本届广博会展览面积", "10万平米", "广博会展览面积")]            // restated name
    [TestCase("开展对接次数", "不少于6次", "与各对口支援协作和帮扶合作地区对接次数")]
    [TestCase("（现场投诉的参展商数量/参展商总数量）*100%", "≦3%", "广博会参展商投诉率")] // formula
    [TestCase("≥90%", "低于90%不得分", "满意度")]                             // scoring rule
    [TestCase("公务活动工作人员满意度", "≥90%", "服务对象满意率(%)")]         // another measure's name
    public void A_side_that_is_not_a_target_is_words_against_a_target(string cycle, string annual, string? name)
    {
        var c = TargetValueParser.Parse(cycle, name);
        var a = TargetValueParser.Parse(annual, name);
        (c.Kind == ValueKind.NotATarget || a.Kind == ValueKind.NotATarget).ShouldBeTrue("the case must have a side that is not a target");
        ValueConsistency.Compare(c, a)!.Kind.ShouldBe(InconsistencyKind.NumberVsText);
    }

    [TestCase("4", "4辆")]
    [TestCase("10个", "10家")]
    [TestCase("90%", "90人")]
    [TestCase("≤30天", "≤30小时")]
    [TestCase("每年4月底前", "≤30天")]
    public void Different_units(string cycle, string annual)
    {
        var r = Compare(cycle, annual);
        r.ShouldNotBeNull();
        r.Kind.ShouldBe(InconsistencyKind.DifferentUnits);
        r.Description.ShouldContain($"“{cycle}”");
        r.Description.ShouldContain($"“{annual}”");
    }

    [Test]
    public void Different_units_names_both_units()
    {
        var r = Compare("4", "4辆")!;
        r.Description.ShouldContain("无单位");
        r.Description.ShouldContain("“辆”");
    }

    [TestCase("95%", "95%以上")]
    [TestCase("≥90%", ">90%")]
    [TestCase("≤5人", "＜5人")]
    [TestCase("10次", "≥10次")]
    [TestCase("10次以上优秀；8-10次良好；5-8次合格", "10次")]
    public void Different_comparators(string cycle, string annual)
    {
        var r = Compare(cycle, annual);
        r.ShouldNotBeNull();
        r.Kind.ShouldBe(InconsistencyKind.DifferentComparators);
        r.Description.ShouldContain(cycle);
        r.Description.ShouldContain(annual);
    }

    [Test]
    public void Different_comparators_names_both_comparators()
    {
        var r = Compare("95%", "95%以上")!;
        r.Description.ShouldContain("等于（=）");
        r.Description.ShouldContain("不低于（≥）");
    }

    [TestCase("≥10次", "≥12次")]
    [TestCase("10次", "12次")]
    [TestCase("≥1万人", "≥1.2万人")]
    [TestCase(">10家", ">11家")]
    [TestCase("≤2人", "≤5人")] // an annual cap looser than the whole cycle's
    [TestCase("<3起", "<4起")]
    public void Annual_beyond_cycle_for_cumulative_counts(string cycle, string annual)
    {
        var r = Compare(cycle, annual);
        r.ShouldNotBeNull();
        r.Kind.ShouldBe(InconsistencyKind.AnnualBeyondCycle);
        r.Description.ShouldContain(cycle);
        r.Description.ShouldContain(annual);
    }

    [Test]
    public void Annual_beyond_cycle_compares_after_scaling()
    {
        Compare("≥1万人", "≥9000人").ShouldBeNull();
        Compare("≥1万人", "≥10001人")!.Kind.ShouldBe(InconsistencyKind.AnnualBeyondCycle);
    }

    [Test]
    public void Text_side_is_judged_with_the_indicator_name()
    {
        // With its indicator's name, 工作任务量 only restates it: not a target (PR403's finding; PR401 yields to it).
        TargetValueParser.Parse("工作任务量", "工作任务量").Kind.ShouldBe(ValueKind.NotATarget);
        Compare("工作任务量", "≥10项", "工作任务量")!.Kind.ShouldBe(InconsistencyKind.NumberVsText);
        // Without the name, 量 alone does not make it a measure: words against a number.
        Compare("工作任务量", "≥10项")!.Kind.ShouldBe(InconsistencyKind.NumberVsText);
    }

    // ---- the same indicator in two tables (PR515) -----------------------------------------------

    [TestCase("≥1.4万人", "≥14000人")]
    [TestCase("≤24小时", "≤1天")]
    [TestCase("2025年12月底前", "12月底前")]
    [TestCase("每年4月底前", "4月底前")]
    [TestCase("提升", "较好")]
    [TestCase("10次以上优秀；8-10次良好", "10次以上优秀；8-10次良好")]
    [TestCase("", "≥10个")]
    public void Same_targets_in_two_tables(string a, string b) =>
        ValueConsistency.DifferentTargets(TargetValueParser.Parse(a, null), TargetValueParser.Parse(b, null)).ShouldBeFalse($"{a} / {b}");

    [TestCase("≥10万人", "≥30万人")]
    [TestCase("≥90%", "≥95%")]
    [TestCase("≥90%", "90%")]
    [TestCase("10个", "10家")]
    [TestCase("2025年12月底前", "2026年12月底前")]
    [TestCase("10月底前", "12月底前")]
    [TestCase("10次以上优秀；8-10次良好；5-8次合格", "10次")]
    [TestCase("提升", "≥90%")]
    public void Different_targets_in_two_tables(string a, string b) =>
        ValueConsistency.DifferentTargets(TargetValueParser.Parse(a, null), TargetValueParser.Parse(b, null)).ShouldBeTrue($"{a} / {b}");
}
