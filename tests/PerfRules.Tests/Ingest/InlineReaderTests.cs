using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Ingest;

public class InlineReaderTests
{
    [Test]
    public void Seed_000_has_30_projects_in_two_units()
    {
        var s = Seeds.Read("000");
        s.Layout.ShouldBe("inline");
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        s.Department.ShouldBe("广州市协作办公室");
        s.MoneyUnit.ShouldBe("万元");
        s.Units.Select(u => u.Name).ShouldBe(new[] { "广州市协作办公室", "广州市国内合作服务中心" });
        s.Units.Select(u => u.Projects.Count).ShouldBe(new[] { 26, 4 });
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Seed_000_keeps_figures_whose_column_the_text_does_not_reveal()
    {
        var s = Seeds.Read("000");
        var total = s.GrandTotal.ShouldNotBeNull();
        total.Line.ShouldBe(7);
        total.Amounts.Total.ShouldBe(266954.05m);
        total.Amounts.Sources.ShouldBeEmpty();
        total.Amounts.Unplaced.ShouldBe(new[] { 265460.48m, 1493.57m });
        s.Units[1].Amounts.Total.ShouldBe(1493.57m);
        s.Units[1].Amounts.Unplaced.ShouldBe(new[] { 1493.57m });
    }

    [Test]
    public void Seed_000_indicator_counts_per_project_match_the_text()
    {
        var s = Seeds.Read("000");
        s.Projects.Select(p => p.Indicators.Count).ShouldBe(new[]
        {
            8, 7, 8, 7, 6, 8, 7, 7, 7, 7, 6, 9, 4, 12, 6, 8, 6, 7, 5, 3, 4, 4, 8, 6, 7, 4,
            2, 7, 1, 1,
        });
        // Numbering runs 1..n in every project of the seed.
        foreach (var p in s.Projects) p.Indicators.Select(i => i.Seq).ShouldBe(Enumerable.Range(1, p.Indicators.Count));
    }

    [TestCase("我市组团赴外省市参加经贸暨博览会工作经费", 94, 97, 25.00)]
    [TestCase("乡村振兴驻镇帮镇扶村工作经费", 133, 136, 1050.00)]
    [TestCase("加强疏附县“三农”扶持工作专项资金", 250, 253, 1000.00)]
    [TestCase("市协作办2024-2025年信息化运维项目", 539, 542, 57.13)]
    [TestCase("广州市援藏工作组工作经费", 151, 151, 575.00)]
    public void Seed_000_wrapped_names_are_joined_with_their_amounts(string name, int first, int last, decimal total)
    {
        var p = Seeds.Read("000").Projects.Single(x => x.Name == name);
        p.Span!.StartLine.ShouldBe(first);
        p.Span.EndLine.ShouldBe(last);
        p.Amounts.Total.ShouldBe(total);
    }

    [Test]
    public void Seed_000_indicator_split_over_lines_and_inside_a_number()
    {
        var p = Seeds.Read("000").Projects.Single(x => x.Name == "会展业务费");
        var first = p.Indicators[0];
        first.Level1.ShouldBe(new CodeName(1, "产出指标"));
        first.Level2.ShouldBe(new CodeName(11, "数量指标"));
        first.Name.ShouldBe("专业展举办完成率");
        first.Cycle.Text.ShouldBe("≥90%");
        first.Annual.Text.ShouldBe("≥90%");
        first.Span!.StartLine.ShouldBe(16);
        first.Span.EndLine.ShouldBe(17);
        var money = p.Indicators[4];
        money.Name.ShouldBe("贸易及合同意向金额");
        money.Cycle.Text.ShouldBe("2亿元");
        money.Annual.Text.ShouldBe("2亿元"); // "2" ends line 22, "亿元" starts line 23
        money.Annual.Span!.StartLine.ShouldBe(22);
        money.Annual.Span.EndLine.ShouldBe(23);
        p.Goal.ShouldBe("通过举办广州博览会，宣传推介广州城市形象和投资环境，增强广州的城市影响力，促进广州市与国内外友好地区和城市的政务往来、经贸合作、文化交流。");
    }

    [Test]
    public void Seed_003_values_keep_their_own_full_stop_only_where_written()
    {
        var p = Seeds.Read("003").Projects.Single(x => x.Name == "驻京政务服务及外事业务保障");
        var i = p.Indicators[2];
        i.Name.ShouldBe("服从管理、完成工作任务");
        i.Cycle.Text.ShouldEndWith("完成甲方布置的工作任务。");
        i.Annual.Text.ShouldEndWith("完成甲方布置的工作任务");
    }

    [Test]
    public void Seed_003_and_004_project_counts()
    {
        Seeds.Read("003").Projects.Count().ShouldBe(5);
        var s = Seeds.Read("004");
        s.Projects.Count().ShouldBe(8);
        s.Units.Single().Name.ShouldBe("广州市花都区人民政府办公室");
        s.Projects.Sum(p => p.Amounts.Total ?? 0).ShouldBe(280.96m);
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Seed_004_wrapped_column_heading_gives_the_standard_columns()
    {
        Seeds.Read("004").Columns.ShouldBe(new[] { "总计", "财政拨款", "财政专户拨款", "其他资金" });
    }

    [Test]
    public void A_number_wrapped_onto_a_line_of_its_own_stays_in_the_indicator()
    {
        var text = "项目支出绩效目标表\n部门名称：测试局 单位：万元\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n" +
                   "测试局 5.00 5.00\n    项目甲 5.00 5.00\n目标。\n" +
                   "1、1-产出指标；11-数量指标；资金；实施周期指标值:≥\n12.50\n万元；年度指标值:≥\n1.4\n万人。\n";
        var s = new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));
        s.Diagnostics.ShouldBeEmpty();
        var i = s.Projects.Single().Indicators.Single();
        i.Cycle.Text.ShouldBe("≥12.50万元");
        i.Annual.Text.ShouldBe("≥1.4万人");
    }

    [Test]
    public void Units_stay_units_when_every_project_name_wraps()
    {
        var text = "项目支出绩效目标表\n部门名称：测试局 单位：万元\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n" +
                   "合计 30.00 30.00\n测试局 10.00 10.00\n    很长很长的项目名称第一\n部分\n10.00 10.00\n目标。\n" +
                   "1、1-产出指标；11-数量指标；数量；实施周期指标值:1个；年度指标值:1个。\n" +
                   "测试中心 20.00 20.00\n    另一个很长的项目名称第\n二部分\n20.00 20.00\n目标。\n" +
                   "1、1-产出指标；11-数量指标；数量；实施周期指标值:1个；年度指标值:1个。\n";
        var s = new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));
        s.Units.Select(u => u.Name).ShouldBe(new[] { "测试局", "测试中心" });
        s.Projects.Select(p => p.Name).ShouldBe(new[] { "很长很长的项目名称第一部分", "另一个很长的项目名称第二部分" });
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Every_source_column_filled_reveals_the_columns()
    {
        var text = "项目支出绩效目标表\n部门名称：测试局 单位：万元\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n" +
                   "合计 6.00 1.00 2.00 3.00\n测试局 6.00 1.00 2.00 3.00\n    项目甲 6.00 1.00 2.00 3.00\n目标。\n" +
                   "1、1-产出指标；11-数量指标；数量；实施周期指标值:1个；年度指标值:1个。\n";
        var s = new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));
        var a = s.Projects.Single().Amounts;
        a.Fiscal.ShouldBe(1.00m);
        a.FiscalSpecial.ShouldBe(2.00m);
        a.Other.ShouldBe(3.00m);
        a.Unplaced.ShouldBeEmpty();
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Text_that_cannot_be_placed_is_reported_with_its_line()
    {
        var text = "项目支出绩效目标表\n部门名称：测试局 单位：万元\n项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n" +
                   "这一行不属于任何项目\n测试局 5.00 5.00\n9.99 9.99\n    项目甲 5.00 5.00\n目标。\n" +
                   "1、1-产出指标；11-数量指标；数量；实施周期指标值:1个；年度指标值:1个。2、乱码文本没有格式\n";
        var s = new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));
        var lines = s.Diagnostics.Where(d => d.RuleId == "PR002").Select(d => d.Span!.StartLine).ToList();
        lines.ShouldContain(4);   // before any row
        lines.ShouldContain(6);   // amounts with no name
        lines.ShouldContain(9);   // numbered text that is not an indicator
        var only = s.Projects.Single().Indicators.ShouldHaveSingleItem();
        only.Annual.Text.ShouldBe("1个");
    }
}
