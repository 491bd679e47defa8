using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Ingest;

public class TabularReaderTests
{
    [Test]
    public void Seed_001_rows_columns_and_indicator_paragraphs()
    {
        var s = Seeds.Read("001");
        s.Layout.ShouldBe("tabular");
        s.Department.ShouldBe("广州开发区援建和对外经济合作局");
        s.MoneyUnit.ShouldBe("万元");
        s.GrandTotal!.Amounts.Total.ShouldBe(20611.44m);
        s.GrandTotal.Amounts.Fiscal.ShouldBe(20611.44m);
        var unit = s.Units.Single();
        unit.Name.ShouldBe("广州开发区援建和对外经济合作局");
        unit.Projects.Select(p => p.Name).ShouldBe(new[]
        {
            "综合业务工作经费", "广佛（佛冈）产业园业务工作经费补助", "区东西部协作和对口支援帮扶合作工作经费", "区东西部协作和对口支援帮扶合作专项经费",
        });
        unit.Projects.Select(p => p.Amounts.Fiscal).ShouldBe(new decimal?[] { 50.00m, 2060.00m, 760.24m, 17741.20m });
        unit.Projects.Select(p => p.Indicators.Count).ShouldBe(new[] { 4, 5, 6, 6 });
        unit.Projects.Select(p => p.IndicatorsSpan!.StartLine).ShouldBe(new[] { 21, 23, 25, 27 });
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Seed_001_full_width_colons_and_latex_values()
    {
        var p = Seeds.Read("001").Projects.ElementAt(1);
        p.Indicators[4].Name.ShouldBe("入园企业满意度");
        p.Indicators[4].Cycle.Text.ShouldBe("入园企业满意度 $\\geq 80\\%$");
        p.Indicators[0].Annual.Text.ShouldBe("≥ 1 场");
        p.Goal.ShouldStartWith("保障广佛（佛冈）产业园管委会的正常行政运行");
    }

    [Test]
    public void An_extra_indicator_paragraph_is_reported()
    {
        var text = "项目支出绩效目标表\n部门名称：测试局\n项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\n" +
                   "合计\t1.00\t1.00\t\t\t\n测试局\t1.00\t1.00\t\t\t\n项目甲\t1.00\t1.00\t\t\t目标\n---\t---\n单位：万元\n绩效指标\n" +
                   "1、1-产出指标；11-数量指标；数量；实施周期指标值：1个；年度指标值：1个。\n\n" +
                   "1、2-效益指标；22-社会效益；多出来的；实施周期指标值：1个；年度指标值：1个。\n";
        var s = new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));
        s.Layout.ShouldBe("tabular");
        s.Projects.Single().Indicators.Single().Name.ShouldBe("数量");
        s.Diagnostics.Single(d => d.RuleId == "PR002").Span!.StartLine.ShouldBe(12);
    }

    [Test]
    public void A_malformed_amount_cell_is_reported_at_its_column()
    {
        var text = "项目支出绩效目标表\n部门名称：测试局\n项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\n" +
                   "项目甲\t1,0O0.00\t1.00\t\t\t目标\n";
        var s = new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));
        // An amount that cannot be read is PR009 (an amount reading problem), at its cell.
        var d = s.Diagnostics.Single(x => x.RuleId == "PR009");
        d.Span!.StartLine.ShouldBe(4);
        d.Span.StartColumn.ShouldBe(5);
        d.Message.ShouldContain("1,0O0.00");
    }
}
