using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Tests.Values;

public class TargetValueParserTests
{
    private const ValueKind Q = ValueKind.Quantity, P = ValueKind.Percentage, D = ValueKind.Duration,
        DL = ValueKind.Deadline, QL = ValueKind.Qualitative, N = ValueKind.NotATarget, G = ValueKind.GradedScale;
    private const Comparator Eq = Comparator.Eq, Ge = Comparator.Ge, Le = Comparator.Le, Gt = Comparator.Gt, Lt = Comparator.Lt;

    // ---- every distinct form in the project seeds (000, 001, 003, 004)
    [TestCase("≥90%", P, Ge, "90", "%")]
    [TestCase("≧90%", P, Ge, "90", "%")]
    [TestCase("10个", Q, Eq, "10", "个")]
    [TestCase("2亿元", Q, Eq, "200000000", "元")]
    [TestCase("≥200篇次", Q, Ge, "200", "篇次")]
    [TestCase("≤10%", P, Le, "10", "%")]
    [TestCase("≥350人", Q, Ge, "350", "人")]
    [TestCase("≥15次", Q, Ge, "15", "次")]
    [TestCase("≥5个", Q, Ge, "5", "个")]
    [TestCase("≥4期", Q, Ge, "4", "期")]
    [TestCase("78个", Q, Eq, "78", "个")]
    [TestCase("5次", Q, Eq, "5", "次")]
    [TestCase("10家", Q, Eq, "10", "家")]
    [TestCase("≥85%", P, Ge, "85", "%")]
    [TestCase("20亿元", Q, Eq, "2000000000", "元")]
    [TestCase("50家次", Q, Eq, "50", "家次")]
    [TestCase("5000万元", Q, Eq, "50000000", "元")]
    [TestCase("100%", P, Eq, "100", "%")]
    [TestCase("≥40户", Q, Ge, "40", "户")]
    [TestCase("≤2%", P, Le, "2", "%")]
    [TestCase("≥1.4万人", Q, Ge, "14000", "人")]
    [TestCase("≧2万人", Q, Ge, "20000", "人")]
    [TestCase("≧500人", Q, Ge, "500", "人")]
    [TestCase("≤30天", D, Le, "30", "天")]
    [TestCase("≥30万人", Q, Ge, "300000", "人")]
    [TestCase("≥7万人", Q, Ge, "70000", "人")]
    [TestCase("≧1000人", Q, Ge, "1000", "人")]
    [TestCase("1亿元", Q, Eq, "100000000", "元")]
    [TestCase("≥5万人次", Q, Ge, "50000", "人次")]
    [TestCase("≥50万人次", Q, Ge, "500000", "人次")]
    [TestCase("0次", Q, Eq, "0", "次")]
    [TestCase("≧5亿元", Q, Ge, "500000000", "元")]
    [TestCase("≧15%", P, Ge, "15", "%")]
    [TestCase("≥12篇", Q, Ge, "12", "篇")]
    [TestCase("≥2场次", Q, Ge, "2", "场次")]
    [TestCase("10万平米", Q, Eq, "100000", "平米")]
    [TestCase("12万人次", Q, Eq, "120000", "人次")]
    [TestCase("1万人次", Q, Eq, "10000", "人次")]
    [TestCase("≦3%", P, Le, "3", "%")]
    [TestCase("采购率大于80%即达标", P, Gt, "80", "%")]
    [TestCase("不少于6次", Q, Ge, "6", "次")]
    [TestCase("不少于2次", Q, Ge, "2", "次")]
    [TestCase("不低于90%", P, Ge, "90", "%")]
    [TestCase(" ≥ 1 场", Q, Ge, "1", "场")]
    [TestCase(" ≥ 10 家", Q, Ge, "10", "家")]
    [TestCase(" ≥ 10 项", Q, Ge, "10", "项")]
    [TestCase("带动就业人员 ≥ 3000 人", Q, Ge, "3000", "人")]
    [TestCase("入园企业满意度 $\\geq 80\\%$ ", P, Ge, "80", "%")]
    [TestCase(" $\\geq 95\\%$ ", P, Ge, "95", "%")]
    [TestCase(" $\\geq 90\\%$ ", P, Ge, "90", "%")]
    [TestCase("5个", Q, Eq, "5", "个")]
    [TestCase("24", Q, Eq, "24", null)]
    [TestCase("12", Q, Eq, "12", null)]
    [TestCase("200", Q, Eq, "200", null)]
    [TestCase("0", Q, Eq, "0", null)]
    [TestCase("4", Q, Eq, "4", null)]
    [TestCase("4辆", Q, Eq, "4", "辆")]
    [TestCase("大于等于18摄氏度", Q, Ge, "18", "摄氏度")]
    [TestCase("95%", P, Eq, "95", "%")]
    [TestCase("95%以上", P, Ge, "95", "%")]
    [TestCase("98%", P, Eq, "98", "%")]
    [TestCase("大于4000件", Q, Gt, "4000", "件")]
    [TestCase("≥3", Q, Ge, "3", null)]
    [TestCase("＜3人", Q, Lt, "3", "人")]
    [TestCase("≥100人次", Q, Ge, "100", "人次")]
    [TestCase("≥2次", Q, Ge, "2", "次")]
    [TestCase("≤2人", Q, Le, "2", "人")]
    [TestCase("≥30批次", Q, Ge, "30", "批次")]
    [TestCase("每年4月底前", DL, Le, null, null)]
    [TestCase("10月底前", DL, Le, null, null)]
    // ---- seed 002 (department-overall grid)
    [TestCase("≥8000人", Q, Ge, "8000", "人")]
    [TestCase("≥3万人", Q, Ge, "30000", "人")]
    [TestCase("≥10万人", Q, Ge, "100000", "人")]
    [TestCase("5亿元", Q, Eq, "500000000", "元")]
    [TestCase("10次以上优秀；8-10次良好；5-8次合格", G, null, null, "次")]
    // ---- the grammar beyond the seeds
    [TestCase(">=90%", P, Ge, "90", "%")]
    [TestCase("<=5%", P, Le, "5", "%")]
    [TestCase("大于等于90%", P, Ge, "90", "%")]
    [TestCase("至少3次", Q, Ge, "3", "次")]
    [TestCase("90%及以上", P, Ge, "90", "%")]
    [TestCase("不高于5%", P, Le, "5", "%")]
    [TestCase("不超过10天", D, Le, "10", "天")]
    [TestCase("30天以内", D, Le, "30", "天")]
    [TestCase("10天内", D, Le, "10", "天")]
    [TestCase("5人以下", Q, Le, "5", "人")]
    [TestCase("小于等于3次", Q, Le, "3", "次")]
    [TestCase("超过100人", Q, Gt, "100", "人")]
    [TestCase("高于80%", P, Gt, "80", "%")]
    [TestCase("> 60%", P, Gt, "60", "%")]
    [TestCase("小于5%", P, Lt, "5", "%")]
    [TestCase("低于2%", P, Lt, "2", "%")]
    [TestCase("< 1%", P, Lt, "1", "%")]
    [TestCase("= 100%", P, Eq, "100", "%")]
    [TestCase("＝100%", P, Eq, "100", "%")]
    [TestCase("$\\leq 5\\%$", P, Le, "5", "%")]
    [TestCase("\\ge 60\\%", P, Ge, "60", "%")]
    [TestCase("\\le 3", Q, Le, "3", null)]
    [TestCase("１２０人", Q, Eq, "120", "人")]
    [TestCase("≥９０％", P, Ge, "90", "%")]
    [TestCase("１，０５０．００元", Q, Eq, "1050", "元")]
    [TestCase("1,050.00万元", Q, Eq, "10500000", "元")]
    [TestCase("3千人", Q, Eq, "3000", "人")]
    [TestCase("5万元", Q, Eq, "50000", "元")]
    [TestCase("0.5亿元", Q, Eq, "50000000", "元")]
    [TestCase("1.4万", Q, Eq, "14000", null)]
    [TestCase("5千米", Q, Eq, "5", "千米")]
    [TestCase("100平方米", Q, Eq, "100", "平方米")]
    [TestCase("≥20℃", Q, Ge, "20", "℃")]
    [TestCase("3所", Q, Eq, "3", "所")]
    [TestCase("24小时", D, Eq, "24", "小时")]
    [TestCase("3个工作日", D, Eq, "3", "个工作日")]
    [TestCase("5工作日", D, Eq, "5", "工作日")]
    [TestCase("3个月", D, Eq, "3", "个月")]
    [TestCase("1年", D, Eq, "1", "年")]
    [TestCase("30分钟", D, Eq, "30", "分钟")]
    [TestCase("≥90%。", P, Ge, "90", "%")]
    [TestCase("  ≥90%  ", P, Ge, "90", "%")]
    [TestCase("≥\n90%", P, Ge, "90", "%")]
    [TestCase("不少于两次", Q, Ge, "2", "次")]
    [TestCase("十二个", Q, Eq, "12", "个")]
    [TestCase("≥2次/年", Q, Ge, "2", "次/年")]
    [TestCase("≤500元/人", Q, Le, "500", "元/人")]
    [TestCase("8-10次", Q, Ge, "8", "次")] // a range is read as "at least its low end"
    [TestCase("90%-95%", P, Ge, "90", "%")]
    [TestCase("3-5个工作日", D, Ge, "3", "个工作日")]
    [TestCase("不少于10次以上", Q, Ge, "10", "次")]
    [TestCase("2024-2025年度", QL, null, null, null)]
    [TestCase("-5%", P, Eq, "-5", "%")]
    [TestCase("≥4.5分", Q, Ge, "4.5", "分")]
    [TestCase("考核得分≥90分", Q, Ge, "90", "分")]
    [TestCase("2024年完成10个", Q, Eq, "10", "个")]
    [TestCase("年底前", DL, Le, null, null)]
    [TestCase("年内", DL, Le, null, null)]
    [TestCase("12月31日前", DL, Le, null, null)]
    [TestCase("6月30日之前", DL, Le, null, null)]
    [TestCase("2024年12月31日前", DL, Le, null, null)]
    [TestCase("12月31日", DL, Eq, null, null)]
    [TestCase("每月15日前", DL, Le, null, null)]
    [TestCase("第三季度末前", DL, Le, null, null)]
    // ---- qualitative
    [TestCase("提升", QL, null, null, null)]
    [TestCase("正向提升", QL, null, null, null)]
    [TestCase("有效提升", QL, null, null, null)]
    [TestCase("有效改善", QL, null, null, null)]
    [TestCase("较好", QL, null, null, null)]
    [TestCase("较安全", QL, null, null, null)]
    [TestCase("符合", QL, null, null, null)]
    [TestCase("及时、合法", QL, null, null, null)]
    [TestCase("无规模性返贫风险", QL, null, null, null)]
    [TestCase("按职级标准发放", QL, null, null, null)]
    [TestCase("服务人员稳定", QL, null, null, null)]
    [TestCase("按时完成岗位工作任务", QL, null, null, null)]
    [TestCase("按时完成", QL, null, null, null)]
    [TestCase("准确高效完成工作任务", QL, null, null, null)]
    [TestCase("准确高效", QL, null, null, null)]
    [TestCase("车辆安全检测", QL, null, null, null)]
    [TestCase("完善基础设施，提升服务企业的水平", QL, null, null, null)]
    [TestCase("加强了对外交流，显著提升花都区国际形象", QL, null, null, null)]
    [TestCase("广州市对口帮扶工作的社会影响力较好", QL, null, null, null)]
    [TestCase("社会影响力较好", QL, null, null, null)]
    [TestCase("影响力较好", QL, null, null, null)]
    [TestCase("服务人员遵守甲方制定的安全生产、劳动纪律、操作规范、岗位责任制等各项管理规则制度，完成甲方布置的工作任务。", QL, null, null, null)]
    [TestCase("完成2024年度工作任务", QL, null, null, null)]
    [TestCase("5G网络覆盖", QL, null, null, null)]
    [TestCase("一次性发放到位", QL, null, null, null)]
    [TestCase("提高工作效率", QL, null, null, null)]
    // ---- not targets
    [TestCase("（现场投诉的参展商数量/参展商总数量）*100%", N, null, null, null)]
    [TestCase("完成率=完成数/计划数×100%", N, null, null, null)]
    [TestCase("满意度指标低于90%不得分，大于等于90%得满分", N, null, null, null)]
    [TestCase("低于90%不得分", N, null, null, null)]
    [TestCase("每少1次扣2分", N, null, null, null)]
    [TestCase("本届广博会展览面积", N, null, null, null)]
    [TestCase("公务活动工作人员满意度", N, null, null, null)]
    [TestCase("开展对接次数", N, null, null, null)]
    [TestCase("采购工作完成率", N, null, null, null)]
    [TestCase("召开各合作园区园区培训及调研、会议数量", N, null, null, null)]
    [TestCase("各合作园区、扶贫工作组和被帮扶单位满意度", N, null, null, null)]
    [TestCase("本届广博会参观人次", N, null, null, null)]
    [TestCase("新增企业总投资额", N, null, null, null)]
    [TestCase("服务对象满意率(%)", N, null, null, null)]
    // ---- empty
    [TestCase("", ValueKind.Empty, null, null, null)]
    [TestCase("   ", ValueKind.Empty, null, null, null)]
    [TestCase("。", ValueKind.Empty, null, null, null)]
    public void Parses(string text, ValueKind kind, Comparator? comparator, string? number, string? unit)
    {
        var v = TargetValueParser.Parse(text);

        v.Text.ShouldBe(text);
        v.Kind.ShouldBe(kind);
        v.Comparator.ShouldBe(comparator);
        v.Number.ShouldBe(number is null ? null : decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
        v.Unit.ShouldBe(unit);
    }

    [Test]
    public void Null_text_is_empty_with_empty_text()
    {
        var v = TargetValueParser.Parse(null);
        v.Kind.ShouldBe(ValueKind.Empty);
        v.Text.ShouldBe("");
    }

    [TestCase("带动就业人员 ≥ 3000 人", "带动就业人员")]
    [TestCase("入园企业满意度 $\\geq 80\\%$ ", "入园企业满意度")]
    [TestCase("采购率大于80%即达标", "采购率")]
    [TestCase("完成率为95%", "完成率")]
    [TestCase("满意度：≥90%", "满意度")]
    [TestCase("≥90%", null)]
    [TestCase(" ≥ 1 场", null)]
    [TestCase("大于4000件", null)]
    public void Keeps_words_before_the_number_as_subject(string text, string? subject)
    {
        TargetValueParser.Parse(text).Subject.ShouldBe(subject);
    }

    [TestCase("每年4月底前", 4)]
    [TestCase("10月底前", 10)]
    [TestCase("年底前", 12)]
    [TestCase("12月31日前", 12)]
    [TestCase("6月30日之前", 6)]
    [TestCase("2025年3月底", 3)]
    [TestCase("第三季度末前", 9)]
    [TestCase("上半年", 6)]
    public void Deadline_names_its_month(string text, int month)
    {
        var v = TargetValueParser.Parse(text);
        v.Kind.ShouldBe(ValueKind.Deadline);
        v.Month.ShouldBe(month);
        v.Number.ShouldBeNull();
    }

    [Test]
    public void A_month_count_is_a_duration_not_a_deadline()
    {
        var v = TargetValueParser.Parse("3个月内");
        v.Kind.ShouldBe(ValueKind.Duration);
        v.Comparator.ShouldBe(Comparator.Le);
        v.Month.ShouldBeNull();
    }

    [TestCase("（现场投诉的参展商数量/参展商总数量）*100%", NotATargetReason.Formula)]
    [TestCase("受益人数/总人数", NotATargetReason.Formula)]
    [TestCase("满意度指标低于90%不得分，大于等于90%得满分", NotATargetReason.ScoringRule)]
    [TestCase("按时完成得5分", NotATargetReason.ScoringRule)]
    // Without the indicator's name a value can only be seen to name a measure, not to restate the name.
    [TestCase("本届广博会展览面积", NotATargetReason.MeasureName)]
    [TestCase("开展对接次数", NotATargetReason.MeasureName)]
    public void Not_a_target_says_why(string text, string reason)
    {
        var v = TargetValueParser.Parse(text);
        v.Kind.ShouldBe(ValueKind.NotATarget);
        v.Reason.ShouldBe(reason);
    }

    [TestCase("采购工作完成率", "采购工作完成率")]
    [TestCase("本届广博会展览面积", "广博会展览面积")]
    [TestCase("开展对接次数", "与各对口支援协作和帮扶合作地区对接次数")]
    [TestCase("工作任务量", "工作任务量")]
    [TestCase("本年度工作任务量", "工作任务量")]
    [TestCase("东西部协作资金下达时限", "东西部协作资金下达时限")]
    [TestCase("专业水平", "西部地区人才素质和专业水平")]
    [TestCase("服务人员稳定", "服务人员稳定")] // 003 line 81: the name word for word, though it is a state (issue 14)
    [TestCase("社会影响力提升", "社会影响力提升")] // even when the name is a statement
    public void A_value_naming_the_measure_is_a_restated_name(string text, string name)
    {
        var v = TargetValueParser.Parse(text, name);
        v.Kind.ShouldBe(ValueKind.NotATarget);
        v.Reason.ShouldBe(NotATargetReason.RestatedName);
    }

    // A measure, but not the indicator's: no target, and no restatement either.
    [TestCase("公务活动工作人员满意度", "服务对象满意率(%)")] // 000 line 618: other people's satisfaction
    [TestCase("本届广博会参观人次", "广博会展览面积")]
    [TestCase("开展对接次数", null)]
    public void A_value_naming_another_measure_is_a_measure_name(string text, string? name)
    {
        var v = TargetValueParser.Parse(text, name);
        v.Kind.ShouldBe(ValueKind.NotATarget);
        v.Reason.ShouldBe(NotATargetReason.MeasureName);
    }

    [TestCase("工作任务量", null)] // 量 alone is too loose without a name that ends in it
    [TestCase("服务人员稳定", "服务人员")] // a state of the measure, not the name again
    [TestCase("广州市对口帮扶工作的社会影响力较好", "广州市对口帮扶工作的社会影响力")]
    [TestCase("保持较高水平", "西部地区人才素质和专业水平")]
    [TestCase("车辆安全检测", "车辆安全保障")]
    public void A_statement_about_the_measure_is_not_a_restated_name(string text, string? name)
    {
        TargetValueParser.Parse(text, name).Kind.ShouldBe(ValueKind.Qualitative);
    }

    [Test]
    public void Graded_scale_keeps_each_grade()
    {
        var v = TargetValueParser.Parse("10次以上优秀；8-10次良好；5-8次合格");

        v.Kind.ShouldBe(ValueKind.GradedScale);
        v.Number.ShouldBeNull();
        v.Grades.ShouldNotBeNull();
        v.Grades.Select(g => g.Label).ShouldBe(["优秀", "良好", "合格"]);
        v.Grades[0].ShouldBe(new Grade { Label = "优秀", Text = "10次以上优秀", Comparator = Comparator.Ge, Low = 10, High = null, Unit = "次" });
        v.Grades[1].ShouldBe(new Grade { Label = "良好", Text = "8-10次良好", Comparator = null, Low = 8, High = 10, Unit = "次" });
        v.Grades[2].ShouldBe(new Grade { Label = "合格", Text = "5-8次合格", Comparator = null, Low = 5, High = 8, Unit = "次" });
    }

    [Test]
    public void Graded_scale_with_labels_first_and_caps()
    {
        var v = TargetValueParser.Parse("优秀：≥95%；合格：≥80%；不合格：<80%");

        v.Kind.ShouldBe(ValueKind.GradedScale);
        v.Unit.ShouldBe("%");
        v.Grades!.Select(g => (g.Label, g.Comparator, g.Low, g.High)).ShouldBe(
        [
            ("优秀", (Comparator?)Comparator.Ge, (decimal?)95m, (decimal?)null),
            ("合格", Comparator.Ge, 80m, null),
            ("不合格", Comparator.Lt, null, 80m),
        ]);
    }

    [TestCase("及时、合法")]
    [TestCase("90%以上优秀")]
    [TestCase("10次以上优秀；其余一般")]
    public void Not_every_list_is_a_graded_scale(string text)
    {
        TargetValueParser.Parse(text).Kind.ShouldNotBe(ValueKind.GradedScale);
    }

    [Test]
    public void Text_is_kept_exactly_while_fields_are_normalised()
    {
        const string text = " ≥１．４万人。\n";
        var v = TargetValueParser.Parse(text);
        v.Text.ShouldBe(text);
        v.Number.ShouldBe(14000m);
        v.Number.ToString().ShouldBe("14000"); // scale normalised: prints as a person would write it
        v.Unit.ShouldBe("人");
    }

    [Test]
    public void Overflowing_numbers_do_not_throw()
    {
        var v = TargetValueParser.Parse("99999999999999999999999999亿元");
        v.Text.ShouldBe("99999999999999999999999999亿元");
        v.Number.ShouldBeNull();
    }
}
