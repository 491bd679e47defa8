using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Ingest;

public class OverallReaderTests
{
    private static SourceText SeedText(string text) => new(TestPaths.Seed("002"), text, "utf-8");

    private static SourceText Seed002()
    {
        var path = TestPaths.Seed("002");
        return new SourceText(path, File.ReadAllText(path), "utf-8");
    }

    private static Submission Read(SourceText source) => new OverallReader().Read(source, ReadOptions.Default);

    private static Submission ReadText(string text) => Read(new SourceText("case.txt", text, "utf-8"));

    private static DepartmentOverall ReadSeed() => Read(Seed002()).Overall!;

    private static string[] SeedLines() => File.ReadAllText(TestPaths.Seed("002")).Split('\n');

    /// <summary>The seed with one line put in before the given 1-based line.</summary>
    private static string SeedWithLineBefore(int line, string inserted)
    {
        var lines = SeedLines().ToList();
        lines.Insert(line - 1, inserted);
        return string.Join("\n", lines);
    }

    private const string GridHeader = "绩效指标\t一级指标\t二级指标\t三级指标\t实施周期指标值\t年度指标值";

    // ---- the seed -------------------------------------------------------------------------

    [Test]
    public void Detects_the_seed_and_not_the_project_tables()
    {
        new OverallReader().Detect(Seed002()).ShouldBeGreaterThanOrEqualTo(90);
        foreach (var prefix in new[] { "000", "001", "003", "004" })
        {
            var path = TestPaths.Seed(prefix);
            new OverallReader().Detect(new SourceText(path, File.ReadAllText(path), "utf-8")).ShouldBe(0, prefix);
        }
    }

    [Test]
    public void Detects_the_grid_without_the_title()
    {
        var text = string.Join("\n", SeedLines().Where(l => !l.Contains(OverallReader.Title)));
        new OverallReader().Detect(SeedText(text)).ShouldBeGreaterThan(0);
        new OverallReader().Detect(SeedText("")).ShouldBe(0);
    }

    [Test]
    public void The_pipeline_picks_this_reader_for_the_seed()
    {
        var s = new SubmissionReader().ReadFile(TestPaths.Seed("002")).One();
        s.Layout.ShouldBe("overall");
        s.Overall!.Indicators.Count.ShouldBe(SeedIndicators.Length);
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Reads_the_header()
    {
        var s = Read(Seed002());
        s.Kind.ShouldBe(SubmissionKind.DepartmentOverall);
        s.Layout.ShouldBe("overall");
        s.Department.ShouldBe("广州市协作办公室");
        s.MoneyUnit.ShouldBe("万元");
    }

    [TestCase("Expenditure", 0, "基本支出", "4,381.54", 4381.54, 7, 7, 14)]
    [TestCase("Expenditure", 1, "项目支出", "270,769.27", 270769.27, 8, 7, 16)]
    [TestCase("Income", 0, "财政拨款", "275,150.81", 275150.81, 7, 21, 30)]
    [TestCase("Income", 1, "其他资金", "2,536.49", 2536.49, 8, 23, 30)]
    [TestCase("Development", 0, "财政专项资金", "0.00", 0, 10, 9, 12)]
    [TestCase("Development", 1, "其他事业发展性支出", "0.00", 0, 11, 12, 15)]
    [TestCase("BudgetLevels", 0, "市本级使用资金", "275,150.81", 275150.81, 10, 22, 31)]
    [TestCase("BudgetLevels", 1, "拟用于对下转移支付资金", "0.00", 0, 11, 29, 32)]
    public void Reads_each_amount_with_the_span_of_its_cell(string list, int index, string name, string text, double value, int line, int startCol, int endCol)
    {
        var o = ReadSeed();
        var amounts = list switch
        {
            "Expenditure" => o.Expenditure,
            "Income" => o.Income,
            "Development" => o.Development,
            _ => o.BudgetLevels,
        };
        amounts.Count.ShouldBe(2);
        var a = amounts[index];
        a.Name.ShouldBe(name);
        a.Text.ShouldBe(text);
        a.Value.ShouldBe((decimal)value);
        a.Span.ShouldBe(SourceSpan.Line(line, startCol, endCol));
        // The span points at exactly the printed figure.
        SeedLines()[line - 1].Substring(startCol - 1, endCol - startCol + 1).ShouldBe(text);
    }

    [Test]
    public void Reads_the_goals_without_paragraph_tags()
    {
        var o = ReadSeed();
        o.Goals.ShouldNotBeNull();
        o.Goals.ShouldStartWith("1. 全面对标对表中央部署要求，推动东西部协作工作走在");
        o.Goals.ShouldEndWith("服务国际国内双循环的重要平台。");
        o.Goals.ShouldNotContain("<p>");
        o.Goals.ShouldNotContain("</p>");
        o.Goals.Length.ShouldBe(204 - "<p></p>".Length);
        o.GoalsSpan!.StartLine.ShouldBe(12);
        o.OtherTasks.ShouldBeNull();
    }

    [Test]
    public void Reads_the_key_tasks_anchored_on_their_funds()
    {
        var tasks = ReadSeed().KeyTasks;
        tasks.Select(t => t.Name).ShouldBe(new[]
        {
            "推动国内区域合作、深化“双向赋能”行动及“广博会+”战略布局",
            "开展省内帮扶工作",
            "加强省外支援协作",
            "加强省外支援协作", // line 18: merged 名称 cell, same task name as the row above
        });
        tasks.Select(t => t.Funds).ShouldBe(new decimal?[] { 10030.00m, 234657.50m, 21172.00m, 400.00m });
        tasks.Select(t => t.Line).ShouldBe(new[] { 14, 15, 17, 18 });
        tasks[0].Content.ShouldStartWith("协调落实广州市与国内各省、市政府间");
        tasks[0].Outcome.ShouldStartWith("紧紧围绕国家发展改革委");
        tasks[3].Content.ShouldBe("对口支援新疆疏附县、西藏波密县和重庆三峡库区巫山县");
        tasks[3].Outcome.ShouldStartWith("继续深入做实民生支援");
        tasks[3].Outcome.ShouldEndWith("助推巫山县经济社会高质量发展。");
    }

    private static readonly (string L1, string L2, string Name, string Cycle, string Annual, int Line)[] SeedIndicators =
    {
        ("产出指标", "数量指标", "协助国内各地市来穗开展招商推介和经贸考察交流活动次数", "10次以上优秀；8-10次良好；5-8次合格", "10次以上优秀；8-10次良好；5-8次合格", 21),
        ("产出指标", "数量指标", "广州对口帮扶省内镇数量", "78个", "78个", 22),
        ("产出指标", "时效指标", "东西部协作资金下达时限", "每年4月底前", "每年4月底前", 24),
        ("效益指标", "经济效益指标", "国内省市企业达成经贸签约数额", "2亿元", "2亿元", 25),
        ("效益指标", "经济效益指标", "广州企业达成经贸签约数额", "5亿元", "5亿元", 26),
        ("效益指标", "社会效益指标", "驻镇帮镇扶村帮助已脱贫人口实现就业数", "≥8000人", "≥8000人", 27),
        ("效益指标", "社会效益指标", "帮助转移就业人数", "≥1.4万人", "≥1.4万人", 28),
        ("效益指标", "社会效益指标", "驻镇帮镇扶村项目带动脱贫群众增收人数", "≥3万人", "≥3万人", 29),
        ("效益指标", "社会效益指标", "驻镇帮镇扶村项目带动当地农户人数", "≥10万人", "≥10万人", 30),
        ("效益指标", "社会效益指标", "广州市对口帮扶工作的社会影响力", "广州市对口帮扶工作的社会影响力较好", "影响力较好", 31),
        ("满意度指标", "服务对象满意度指标", "产业园服务企业满意度", "≥90%", "≥90%", 33),
    };

    [Test]
    public void Reads_every_indicator_of_the_grid()
    {
        var indicators = ReadSeed().Indicators;
        indicators.Count.ShouldBe(SeedIndicators.Length);
        for (int i = 0; i < indicators.Count; i++)
        {
            var (l1, l2, name, cycle, annual, line) = SeedIndicators[i];
            var ind = indicators[i];
            ind.Seq.ShouldBe(i + 1);
            ind.Level1.Name.ShouldBe(l1, $"indicator {i + 1}");
            ind.Level2.Name.ShouldBe(l2, $"indicator {i + 1}");
            ind.Name.ShouldBe(name);
            ind.Cycle.Text.ShouldBe(cycle);
            ind.Annual.Text.ShouldBe(annual);
            ind.Line.ShouldBe(line);
            ind.Cycle.Span!.StartLine.ShouldBe(line);
            ind.Annual.Span!.StartLine.ShouldBe(line);
        }
    }

    [Test]
    public void Value_spans_point_at_the_value_cells()
    {
        var lines = SeedLines();
        foreach (var ind in ReadSeed().Indicators)
        {
            foreach (var v in new[] { ind.Cycle, ind.Annual })
            {
                var s = v.Span!;
                lines[s.StartLine - 1].Substring(s.StartColumn - 1, s.EndColumn - s.StartColumn + 1).ShouldBe(v.Text);
            }
        }
    }

    [Test]
    public void The_shifted_row_lands_under_social_benefit()
    {
        var ind = ReadSeed().Indicators.Single(i => i.Line == 31);
        ind.Level1.ShouldBe(new CodeName(2, "效益指标"));
        ind.Level2.ShouldBe(new CodeName(22, "社会效益指标"));
        ind.Name.ShouldBe("广州市对口帮扶工作的社会影响力");
        ind.Cycle.Text.ShouldBe("广州市对口帮扶工作的社会影响力较好");
        ind.Annual.Text.ShouldBe("影响力较好");
        ind.Cycle.Span.ShouldBe(SourceSpan.Line(31, 18, 34));
        ind.Annual.Span.ShouldBe(SourceSpan.Line(31, 36, 40));
    }

    [Test]
    public void Codes_come_from_the_code_table()
    {
        var indicators = ReadSeed().Indicators;
        indicators.Select(i => i.Level1Code).ShouldBe(new int?[] { 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3 });
        indicators.Select(i => i.Level2Code).ShouldBe(new int?[] { 11, 11, 13, 21, 21, 22, 22, 22, 22, 22, 31 });
    }

    [Test]
    public void Keeps_the_categories_listed_without_indicators()
    {
        var empty = ReadSeed().EmptyCategories;
        empty.Select(c => (c.Level1.Name, c.Level2.Name, c.Span!.StartLine)).ShouldBe(new[]
        {
            ("产出指标", "质量指标", 23),
            ("效益指标", "生态效益指标", 32),
            ("成本指标", "经济成本指标", 34),
            ("成本指标", "社会成本指标", 35),
            ("成本指标", "生态环境成本指标", 36),
        });
        empty[0].Level2.Code.ShouldBe(12);
        empty[1].Level2.Code.ShouldBe(23);
        empty[2].Level1.Code.ShouldBeNull();   // 成本指标 has no known code
        empty[2].Level2.Code.ShouldBeNull();
    }

    [Test]
    public void The_seed_reads_without_diagnostics()
    {
        Read(Seed002()).Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Title_and_heading_rows_are_furniture()
    {
        Read(Seed002()).Furniture.Select(f => f.StartLine).ShouldBe(new[] { 3, 5, 6, 9, 13, 19, 20 });
    }

    [Test]
    public void Every_line_of_the_seed_is_accounted_for()
    {
        var source = Seed002();
        LineCoverage.UncoveredLines(source, Read(source)).ShouldBeEmpty();
    }

    [TestCase("\r\n")]
    [TestCase("\r")]
    public void Other_line_ends_give_the_same_model(string newline)
    {
        var source = SeedText(string.Join(newline, SeedLines()));
        var s = Read(source);
        s.Diagnostics.ShouldBeEmpty();
        s.Overall!.Indicators.Count.ShouldBe(SeedIndicators.Length);
        s.Overall.KeyTasks.Count.ShouldBe(4);
        s.Overall.Expenditure[0].Span.ShouldBe(SourceSpan.Line(7, 7, 14));
        LineCoverage.UncoveredLines(source, s).ShouldBeEmpty();
    }

    // ---- the grid's shifted rows ----------------------------------------------------------

    [Test]
    public void A_row_that_lost_cells_is_put_back_in_place()
    {
        var s = ReadText(string.Join("\n",
            GridHeader,
            "\t产出指标\t数量指标\t完成项目数\t10个\t10个",
            "\t完成培训人次\t200人次\t200人次",          // lost 一级 and 二级: name sits in the 一级 column
            "\t质量指标\t验收合格率\t100%\t100%",          // lost 一级: 二级 sits in the 一级 column
            "效益指标\t社会效益指标\t受益人数\t≥500人\t≥500人")); // lost the label cell
        s.Diagnostics.ShouldBeEmpty();
        var ind = s.Overall!.Indicators;
        ind.Select(i => (i.Level1.Name, i.Level2.Name, i.Name, i.Cycle.Text, i.Annual.Text)).ShouldBe(new[]
        {
            ("产出指标", "数量指标", "完成项目数", "10个", "10个"),
            ("产出指标", "数量指标", "完成培训人次", "200人次", "200人次"),
            ("产出指标", "质量指标", "验收合格率", "100%", "100%"),
            ("效益指标", "社会效益指标", "受益人数", "≥500人", "≥500人"),
        });
        ind[1].Cycle.Span.ShouldBe(SourceSpan.Line(3, 9, 13));
        ind[2].Level2.Code.ShouldBe(12);
        ind[3].Level1.Code.ShouldBe(2);
        s.Overall.EmptyCategories.ShouldBeEmpty();
    }

    [Test]
    public void A_level1_row_followed_by_its_level2_rows_is_not_an_empty_category()
    {
        var s = ReadText(string.Join("\n",
            GridHeader,
            "\t产出指标\t\t\t\t",
            "\t\t数量指标\t完成项目数\t10个\t10个",
            "\t满意度指标\t\t\t\t"));
        s.Overall!.Indicators.Single().Level1.Name.ShouldBe("产出指标");
        s.Overall.EmptyCategories.Select(c => (c.Level1.Name, c.Level2.Name)).ShouldBe(new[] { ("满意度指标", "") });
    }

    [Test]
    public void A_garbage_line_in_the_grid_is_reported_with_its_line()
    {
        var text = SeedWithLineBefore(27, "第 2 页 共 3 页 ※※※");
        var source = SeedText(text);
        var s = Read(source);
        var d = s.Diagnostics.ShouldHaveSingleItem();
        d.RuleId.ShouldBe("PR002");
        d.Span!.StartLine.ShouldBe(27);
        d.Message.ShouldContain("第 27 行");
        // The rows around it are still read, in place.
        s.Overall!.Indicators.Count.ShouldBe(SeedIndicators.Length);
        s.Overall.Indicators.Single(i => i.Name == "帮助转移就业人数").Level2.Name.ShouldBe("社会效益指标");
        LineCoverage.UncoveredLines(source, s).ShouldBeEmpty();
    }

    [Test]
    public void An_extra_cell_past_the_grid_is_reported_and_the_indicator_kept()
    {
        var s = ReadText(string.Join("\n",
            GridHeader,
            "\t产出指标\t数量指标\t完成项目数\t10个\t10个\t多出来的说明"));
        s.Overall!.Indicators.Single().Annual.Text.ShouldBe("10个");
        var d = s.Diagnostics.ShouldHaveSingleItem();
        d.RuleId.ShouldBe("PR002");
        d.Span.ShouldBe(SourceSpan.Line(2, 26, 31));
        d.Text.ShouldBe("多出来的说明");
    }

    [Test]
    public void Values_without_an_indicator_name_are_reported()
    {
        var s = ReadText(string.Join("\n",
            GridHeader,
            "\t产出指标\t数量指标\t完成项目数\t10个\t10个",
            "\t\t\t\t5个\t5个"));
        s.Overall!.Indicators.Count.ShouldBe(1);
        s.Diagnostics.ShouldHaveSingleItem().Span!.StartLine.ShouldBe(3);
    }

    [Test]
    public void An_indicator_before_any_category_is_reported()
    {
        var s = ReadText(GridHeader + "\n\t\t\t完成项目数\t10个\t10个");
        s.Overall!.Indicators.ShouldBeEmpty();
        s.Diagnostics.ShouldHaveSingleItem().Span!.StartLine.ShouldBe(2);
    }

    // ---- amounts and tasks ----------------------------------------------------------------

    [Test]
    public void A_malformed_amount_keeps_no_value_and_is_reported()
    {
        var lines = SeedLines();
        lines[6] = lines[6].Replace("4,381.54", "4,38l.54");
        var s = Read(SeedText(string.Join("\n", lines)));
        var basic = s.Overall!.Expenditure[0];
        basic.Name.ShouldBe("基本支出");
        basic.Text.ShouldBe("4,38l.54");
        basic.Value.ShouldBeNull();
        var d = s.Diagnostics.ShouldHaveSingleItem();
        d.RuleId.ShouldBe("PR002");
        d.Span.ShouldBe(SourceSpan.Line(7, 7, 14));
        s.Overall.Income[0].Value.ShouldBe(275150.81m);
    }

    [Test]
    public void A_task_row_shifted_by_a_lost_cell_is_anchored_on_its_funds()
    {
        var s = ReadText(string.Join("\n",
            "年度重点工作任务\t名称\t主要实施内容\t拟投入的资金（万元）\t期望达到的目标（概述）",
            "\t任务甲\t内容一\t100.00\t目标一",
            "内容二\t50.00\t目标二",                        // 名称 merged and the label cell lost
            "\t\t任务乙\t内容三\t7.5\t目标三\t"));           // an extra empty cell in front
        s.Diagnostics.ShouldBeEmpty();
        s.MoneyUnit.ShouldBe("万元");
        s.Overall!.KeyTasks.Select(t => (t.Name, t.Content, t.Funds, t.Outcome)).ShouldBe(new[]
        {
            ("任务甲", "内容一", (decimal?)100.00m, "目标一"),
            ("任务甲", "内容二", (decimal?)50.00m, "目标二"),
            ("任务乙", "内容三", (decimal?)7.5m, "目标三"),
        });
    }

    [Test]
    public void A_task_row_without_funds_is_reported()
    {
        var s = ReadText("年度重点工作任务\t名称\t主要实施内容\n一段没有表格结构的文字");
        s.Overall!.KeyTasks.ShouldBeEmpty();
        s.Diagnostics.ShouldHaveSingleItem().Span!.StartLine.ShouldBe(2);
    }

    [Test]
    public void Goals_split_over_two_rows_are_one_text()
    {
        var s = ReadText("总体绩效目标\t<p>第一段。</p><p>第二段</p>\t\n\t续写的一段。</p>");
        s.Diagnostics.ShouldBeEmpty();
        s.Overall!.Goals.ShouldBe("第一段。\n第二段\n续写的一段。");
        s.Overall.GoalsSpan!.StartLine.ShouldBe(1);
        s.Overall.GoalsSpan.EndLine.ShouldBe(2);
    }

    [Test]
    public void Other_tasks_are_read_when_filled()
    {
        var s = ReadText("其他需完成的任务（可选填）\t完成年度考核\t\t");
        s.Overall!.OtherTasks.ShouldBe("完成年度考核");
        s.Overall.OtherTasksSpan.ShouldBe(SourceSpan.Line(1, 15, 20));
    }

    // ---- degenerate input -----------------------------------------------------------------

    [TestCase("")]
    [TestCase("\n\n\t\t\t\n")]
    [TestCase("部门整体预算绩效目标申报表")]
    [TestCase("\r\n部门整体预算绩效目标申报表\t\t\r\n")]
    public void Empty_documents_read_to_an_empty_model(string text)
    {
        var source = new SourceText("empty.txt", text, "utf-8");
        var s = Read(source);
        s.Kind.ShouldBe(SubmissionKind.DepartmentOverall);
        s.Overall.ShouldNotBeNull();
        s.Overall.Indicators.ShouldBeEmpty();
        s.Overall.KeyTasks.ShouldBeEmpty();
        s.Diagnostics.ShouldBeEmpty();
        LineCoverage.UncoveredLines(source, s).ShouldBeEmpty();
    }

    [Test]
    public void Text_outside_any_section_is_reported()
    {
        var s = ReadText("部门整体预算绩效目标申报表\n附件二：说明");
        s.Diagnostics.ShouldHaveSingleItem().Span!.StartLine.ShouldBe(2);
    }

    [Test]
    public void Mangled_seeds_never_throw_and_drop_nothing()
    {
        // Fixed seed: the same mangled documents every run.
        var random = new Random(2026);
        var lines = SeedLines();
        for (int round = 0; round < 150; round++)
        {
            var mangled = lines.Select(line =>
            {
                var cells = line.Split('\t').ToList();
                switch (random.Next(6))
                {
                    case 0 when cells.Count > 1: cells.RemoveAt(random.Next(cells.Count)); break;
                    case 1: cells.Insert(random.Next(cells.Count + 1), ""); break;
                    case 2: cells.Insert(random.Next(cells.Count + 1), "x1,2.3"); break;
                    case 3 when cells.Count > 1: (cells[0], cells[^1]) = (cells[^1], cells[0]); break;
                }
                return string.Join("\t", cells);
            }).Where(_ => random.Next(10) > 0);
            var source = SeedText(string.Join(random.Next(2) == 0 ? "\n" : "\r\n", mangled));
            var s = Read(source);
            var uncovered = LineCoverage.UncoveredLines(source, s);
            uncovered.ShouldBeEmpty($"round {round}: " + string.Join(" | ", uncovered.Select(l => source[l].Replace("\t", "→"))));
        }
    }
}
