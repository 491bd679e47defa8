using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Ingest;

/// <summary>
/// Issue 14 item 3 and issue 20: amounts glued to a name or written in another form are read where
/// that is unambiguous and reported (PR009) where not, never left in the name; the budget year is
/// read where a table states it; the department-overall grid gives each indicator's parts a span.
/// </summary>
public class AmountAndYearReadingTests
{
    private const string Heading = "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n";
    private const string Indicators = "1、1-产出指标；11-数量指标；数量；实施周期指标值:1个；年度指标值:1个。\n";

    private static Submission Read(string text) => new SubmissionReader().Read(new SourceText("t.txt", text, "utf-8"));

    /// <summary>A table: the unit row on line 4, then each project row, its goal and its indicators (lines 5, 8, 11, …).</summary>
    private static string Inline(string unit, string unitRow, params string[] projectRows) =>
        "项目支出绩效目标表（含转移支付项目）\n部门名称：测试局" + (unit.Length > 0 ? " 单位：" + unit : "") + "\n" + Heading + unitRow + "\n" +
        string.Concat(projectRows.Select(r => r + "\n目标。\n" + Indicators));

    [Test]
    public void An_amount_with_wan_glued_to_the_name_in_a_wanyuan_table_is_read_as_the_amount()
    {
        var s = Read(Inline("万元", "测试局 30.60 30.60", "    会议费 10.00 10.00", "    其他运行经费20.6万 20.60"));
        var p = s.Projects.Single(x => x.Name == "其他运行经费");
        p.Amounts.Total.ShouldBe(20.6m);
        p.Amounts.Unplaced.ShouldBe(new[] { 20.60m });
        p.Amounts.Figures.Select(f => f.Text).ShouldBe(new[] { "20.6万", "20.60" });
        // 20.6万 starts after four spaces and the six characters of the name: column 11.
        p.Amounts.TotalSpan.ShouldBe(SourceSpan.Line(8, 11, 15));
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void A_misplaced_thousands_separator_glued_to_the_name_is_taken_off_the_name_and_reported()
    {
        var s = Read(Inline("万元", "测试局 20,352.20 20,352.20", "    对口帮扶资金2,0352.20 20,352.20"));
        var p = s.Projects.Single();
        p.Name.ShouldBe("对口帮扶资金");
        p.Amounts.Total.ShouldBeNull();
        p.Amounts.Unplaced.ShouldBe(new[] { 20352.20m });
        var d = s.Diagnostics.ShouldHaveSingleItem();
        (d.RuleId, d.Message, d.Span).ShouldBe(("PR009", "金额“2,0352.20”的千分位分隔符位置不正确，无法确定金额", SourceSpan.Line(5, 11, 19)));
    }

    [Test]
    public void Wan_without_a_money_unit_cannot_be_scaled_and_is_reported()
    {
        var s = Read(Inline("", "测试局 20.60 20.60", "    其他运行经费 20.6万 20.60"));
        s.Projects.Single().Name.ShouldBe("其他运行经费");
        s.Diagnostics.Where(d => d.RuleId == "PR009").Select(d => d.Message)
            .ShouldBe(new[] { "金额“20.6万”带有数量单位，但表头没有写明金额单位（如“单位：万元”），无法换算" });
    }

    [Test]
    public void A_row_with_its_total_alone_is_reported_and_a_row_with_sources_is_not()
    {
        var s = Read(Inline("万元", "测试局 50.00 50.00", "    会议费 30.00", "    其他运行经费 20.00 20.00"));
        var d = s.Diagnostics.ShouldHaveSingleItem();
        d.RuleId.ShouldBe("PR009");
        d.Span.ShouldBe(SourceSpan.Line(5, 9, 13));
        d.Message.ShouldContain("只有一个金额“30.00”");
    }

    [Test]
    public void A_year_or_a_word_at_the_end_of_a_name_is_not_taken_for_an_amount()
    {
        var s = Read(Inline("万元", "测试局 57.13 57.13", "    市协作办2024-2025年信息化运维项目 57.13 57.13"));
        s.Projects.Single().Name.ShouldBe("市协作办2024-2025年信息化运维项目");
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void A_tabular_cell_in_another_form_is_read_or_reported_with_its_cell()
    {
        var text = "项目支出绩效目标表（含转移支付项目）\n部门名称：测试局\n" +
                   "项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\n" +
                   "测试局\t40.60\t40.60\t\t\t\n项目甲\t20.6万\t20.60\t\t\t目标。\n项目乙\t2,0000.00\t20.00\t\t\t目标。\n-----\t-----\n单位：万元\n";
        var s = Read(text);
        s.Projects.Select(p => p.Amounts.Total).ShouldBe(new decimal?[] { 20.6m, null });
        s.Projects.First().Amounts.TotalSpan.ShouldBe(SourceSpan.Line(5, 5, 9));
        var d = s.Diagnostics.Where(x => x.RuleId == "PR009").ShouldHaveSingleItem();
        (d.Span, d.Text).ShouldBe((SourceSpan.Line(6, 5, 13), "2,0000.00"));
    }

    [TestCase("2025年项目支出绩效目标表（含转移支付项目）", 2025)]
    [TestCase("2026 年度项目支出绩效目标表（含转移支付项目）", 2026)]
    public void The_budget_year_of_a_project_table_title_is_read(string title, int year)
    {
        var s = Read(title + "\n部门名称：测试局 单位：万元\n" + Heading + "测试局 1.00 1.00\n    项目甲 1.00 1.00\n目标。\n" + Indicators);
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        s.BudgetYear.ShouldBe(year);
        s.BudgetYearSpan!.StartLine.ShouldBe(1);
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void A_year_line_states_the_budget_year_and_a_table_without_one_has_none()
    {
        var body = "部门名称：测试局 单位：万元\n" + Heading + "测试局 1.00 1.00\n    项目甲 1.00 1.00\n目标。\n" + Indicators;
        var s = Read("项目支出绩效目标表（含转移支付项目）\n预算年度：2025年\n" + body);
        (s.BudgetYear, s.BudgetYearSpan).ShouldBe((2025, SourceSpan.Line(2, 6, 9)));
        s.Diagnostics.ShouldBeEmpty();
        Read("项目支出绩效目标表（含转移支付项目）\n" + body).BudgetYear.ShouldBeNull();
        Seeds.Read("000").BudgetYear.ShouldBeNull();
    }

    [Test]
    public void A_department_overall_title_with_a_year_states_it()
    {
        var path = TestPaths.Seed("002");
        var text = "2025年" + File.ReadAllText(path).TrimStart('\n');
        var s = Read(text);
        s.Kind.ShouldBe(SubmissionKind.DepartmentOverall);
        s.BudgetYear.ShouldBe(2025);
    }

    [Test]
    public void Grid_indicators_of_the_department_overall_form_point_at_their_cells()
    {
        var overall = Seeds.Read("002").Overall!;
        var lines = File.ReadAllText(TestPaths.Seed("002")).Split('\n');
        string At(SourceSpan? s) => s is null ? "（无）" : lines[s.StartLine - 1][(s.StartColumn - 1)..s.EndColumn];
        // The first grid indicator: every part is its own cell of its own row.
        var first = overall.Indicators[0];
        (At(first.Level1Span), At(first.Level2Span), At(first.NameSpan), At(first.CycleSpan), At(first.AnnualSpan))
            .ShouldBe((first.Level1.Name, first.Level2.Name, first.Name, first.Cycle.Text, first.Annual.Text));
        // An indicator whose levels are left empty ("same as above") points at the cells above it.
        foreach (var i in overall.Indicators)
        {
            At(i.NameSpan).ShouldBe(i.Name);
            At(i.Level1Span).ShouldBe(i.Level1.Name);
            if (i.Level2.Name.Length > 0) At(i.Level2Span).ShouldBe(i.Level2.Name);
            if (i.Annual.Text.Length > 0) At(i.AnnualSpan).ShouldBe(i.Annual.Text);
        }
        foreach (var t in overall.KeyTasks.Where(t => t.Funds != null))
            At(t.FundsSpan).Replace(",", "").ShouldBe(t.Funds!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
    }
}
