using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Tests.Office;

namespace PerfRules.Tests.Ingest;

/// <summary>Layout 2 (one row per indicator) read from tab-separated text, as from a sheet, a Word table or a CSV file.</summary>
public class IndicatorRowsReaderTests
{
    private const string Heading = "项目名称\t总计\t财政拨款\t绩效目标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值";

    private static Submission Read(params string[] lines)
    {
        var source = new SourceText("rows.txt", string.Join("\n", lines), "utf-8");
        var doc = new SubmissionReader().Read(source);
        LineCoverage.UncoveredLines(source, doc).ShouldBeEmpty();
        return doc;
    }

    [Test]
    public void Levels_with_or_without_codes_get_the_same_codes()
    {
        var doc = Read("部门名称：示例局\t\t\t\t\t\t\t\t单位：万元", Heading,
            "甲项目\t10.00\t10.00\t完成工作\t1-产出指标\t11-数量指标\t培训人次\t≥100人次\t≥100人次",
            "\t\t\t\t产出指标\t质量指标\t合格率\t100%\t100%",
            "\t\t\t\t2\t社会效益\t惠及人数\t≥350人\t≥350人",
            "\t\t\t\t\t\t受益面\t扩大\t扩大");
        doc.Layout.ShouldBe("rows");
        doc.Department.ShouldBe("示例局");
        doc.MoneyUnit.ShouldBe("万元");
        var p = doc.Projects.Single();
        p.Goal.ShouldBe("完成工作");
        p.Indicators.Select(i => $"{i.Seq} {i.Level1} {i.Level2} {i.Name}").ShouldBe(new[]
        {
            "1 1-产出指标 11-数量指标 培训人次",
            "2 1-产出指标 12-质量指标 合格率",
            "3 2-效益指标 22-社会效益 惠及人数",
            // Blank level cells: same as above.
            "4 2-效益指标 22-社会效益 受益面",
        });
        OfficePipeline.Findings(doc).ShouldNotContain(f => f.RuleId.StartsWith("PR30"));
    }

    [Test]
    public void A_level_name_not_in_the_code_table_is_a_PR30x_finding_not_a_crash()
    {
        var doc = Read(Heading,
            "甲项目\t10.00\t10.00\t完成工作\t产出指标\t数最指标\t培训人次\t≥100人次\t≥100人次",
            "\t\t\t\t效果指标\t社会效益\t惠及人数\t≥350人\t≥350人");
        var codes = OfficePipeline.Findings(doc).Where(f => f.RuleId.StartsWith("PR30")).ToList();
        codes.Select(f => f.RuleId).ShouldBe(new[] { "PR305", "PR305" });
        codes[0].Message.ShouldContain("二级指标“数最指标”不在指标代码表中");
        codes[1].Message.ShouldContain("一级指标“效果指标”");
        // 社会效益 is known, but under 效益指标: its code is 22.
        doc.Projects.Single().Indicators[1].Level2.Code.ShouldBe(22);
    }

    [Test]
    public void A_known_level_2_under_another_level_1_is_PR302()
    {
        var doc = Read(Heading, "甲项目\t10.00\t10.00\t完成工作\t产出指标\t社会效益\t惠及人数\t≥350人\t≥350人");
        OfficePipeline.Findings(doc).Where(f => f.RuleId.StartsWith("PR30")).Select(f => f.RuleId).ShouldBe(new[] { "PR302" });
    }

    [Test]
    public void Units_total_rows_and_projects_are_told_apart()
    {
        var doc = Read(Heading,
            "合计\t30.00\t30.00",
            "示例中心\t30.00\t30.00",
            "甲项目\t10.00\t10.00\t完成甲\t1-产出指标\t11-数量指标\t甲数\t1个\t1个",
            "乙项目\t20.00\t20.00\t完成乙\t1-产出指标\t11-数量指标\t乙数\t2个\t2个");
        doc.GrandTotal!.Amounts.Total.ShouldBe(30m);
        doc.Units.Single().Name.ShouldBe("示例中心");
        doc.Units.Single().Projects.Select(p => p.Name).ShouldBe(new[] { "甲项目", "乙项目" });
    }

    [Test]
    public void A_unit_column_a_number_column_and_a_two_row_heading()
    {
        var doc = Read(
            "序号\t资金使用单位\t项目名称\t资金来源\t\t绩效目标\t绩效指标",
            "\t\t\t总计（万元）\t财政拨款\t\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值",
            "1\t示例中心\t甲项目\t10.00\t10.00\t完成甲\t产出指标\t数量指标\t甲数\t1个\t1个",
            "2\t示例所\t乙项目\t5.00\t5.00\t完成乙\t效益指标\t社会效益指标\t乙数\t提升\t提升");
        doc.MoneyUnit.ShouldBe("万元");
        doc.Columns.ShouldBe(new[] { "总计", "财政拨款" });
        doc.Units.Select(u => u.Name + ":" + string.Join(",", u.Projects.Select(p => p.Name))).ShouldBe(new[] { "示例中心:甲项目", "示例所:乙项目" });
        doc.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void What_does_not_fit_is_PR002_at_its_cell()
    {
        var doc = Read(Heading + "\t备注",
            "甲项目\t10.00\t10.00\t完成工作\t1-产出指标\t11-数量指标\t培训人次\t≥100人次\t≥100人次\t见附件",
            "\t5.00\t\t\t\t\t\t1个\t1个",
            "\t\t\t\t\t\t乙数\t二十\t十");
        var unplaced = doc.Diagnostics.Where(d => d.RuleId == "PR002").ToList();
        unplaced.ShouldContain(d => d.Message.Contains("“备注”列不是绩效目标表的列") && d.Text == "见附件");
        unplaced.ShouldContain(d => d.Message.Contains("所在行没有项目名称") && d.Span!.StartLine == 3);
        unplaced.ShouldContain(d => d.Message.Contains("有指标值但缺少三级指标名称") && d.Span!.StartLine == 3);
        doc.Projects.Single().Indicators.Count.ShouldBe(2);
    }

    [Test]
    public void Rows_before_the_heading_that_are_not_headers_are_PR002()
    {
        var doc = Read("2025年度项目支出绩效目标表", "编制说明：见附件", Heading, "甲项目\t10.00\t10.00\t完成工作\t1-产出指标\t11-数量指标\t培训人次\t1个\t1个");
        doc.Diagnostics.Single().Text.ShouldBe("编制说明：见附件");
    }

    [Test]
    public void The_tabular_reader_takes_a_number_column_before_the_names()
    {
        var doc = Read("项目支出绩效目标表", "部门名称\t示例局\t\t\t单位：万元",
            "序号\t项目名称（资金使用单位）\t总计\t财政拨款\t绩效目标\t绩效指标",
            "\t合计\t10.00\t10.00",
            "1\t甲项目\t10.00\t10.00\t完成工作\t1、1-产出指标；11-数量指标；培训人次；实施周期指标值：1个；年度指标值：1个。");
        doc.Layout.ShouldBe("tabular");
        doc.Department.ShouldBe("示例局");
        doc.MoneyUnit.ShouldBe("万元");
        doc.Projects.Single().Name.ShouldBe("甲项目");
        doc.Projects.Single().Indicators.Single().Name.ShouldBe("培训人次");
    }

    [Test]
    public void Figures_in_the_unplaced_columns_stay_unplaced_and_keep_their_order()
    {
        var doc = Read("部门名称：示例局\t\t\t\t\t\t\t\t\t\t单位：万元",
            "资金使用单位\t项目名称\t总计\t财政拨款\t未分列金额\t未分列金额2\t绩效目标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值",
            "合计\t\t30.00\t\t25.00\t5.00",
            "示例中心\t\t30.00\t\t25.00\t5.00",
            "示例中心\t甲项目\t30.00\t10.00\t二十\t\t完成甲\t1-产出指标\t11-数量指标\t甲数\t1个\t1个",
            "\t\t\t\t3.00");
        doc.Columns.ShouldBe(new[] { "总计", "财政拨款" });
        doc.GrandTotal!.Amounts.Unplaced.ShouldBe(new[] { 25.00m, 5.00m });
        doc.GrandTotal.Amounts.Sources.ShouldBeEmpty();
        var p = doc.Projects.Single();
        p.Amounts.Fiscal.ShouldBe(10.00m);
        p.Amounts.Unplaced.ShouldBeEmpty();
        // An unreadable figure is an amount problem like any column's (PR009, on its cell); a
        // figure on a row without a project cannot be placed in the table (PR002).
        doc.Diagnostics.Select(d => (d.RuleId, d.Message)).ShouldBe(new[]
        {
            ("PR009", "“未分列金额”列的金额“二十”无法识别"),
            ("PR002", "第 6 行无法归入表格结构：“未分列金额”列的金额“3.00”所在行没有项目名称"),
        });
    }

    [Test]
    public void An_empty_department_cell_is_no_department_and_the_unit_after_it_is_still_read()
    {
        // "部门名称：" with its cell left empty, as a blank form has it; and the label without a colon.
        foreach (var header in new[] { "部门名称：\t\t\t\t单位：万元", "部门名称\t\t\t\t单位：万元" })
        {
            var doc = Read(header, Heading, "甲项目\t10.00\t10.00\t完成工作\t1-产出指标\t11-数量指标\t培训人次\t≥100人次\t≥100人次");
            doc.Department.ShouldBeNullOrEmpty(header);
            doc.MoneyUnit.ShouldBe("万元", header);
            OfficePipeline.Findings(doc).Select(f => f.RuleId).ShouldContain("PR003", header);
        }
    }
}
