using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Yaml;

namespace PerfRules.Tests.Rules;

/// <summary>Evaluation: scopes, findings, evidence, failures, order and fingerprints.</summary>
public class RuleRuntimeTests
{
    private static Amounts A(decimal total, params decimal[] sources) => new()
    {
        Total = total,
        Sources = sources.Select((v, i) => new ColumnAmount(ColumnNames.Standard[1 + i % 3], v)).ToList(),
    };

    private static Indicator Ind(int seq, int l1, int l2, string name, int line) => new()
    {
        Seq = seq, Level1 = new CodeName(l1, l1 == 1 ? "产出指标" : "效益指标"), Level2 = new CodeName(l2, "数量指标"),
        Name = name, Span = SourceSpan.Line(line, 1, 20),
    };

    /// <summary>A table with one unit and two projects; lines are given so order can be checked.</summary>
    private static Submission Doc(int shift = 0) => new()
    {
        Kind = SubmissionKind.ProjectTargets,
        Department = "广州市某局",
        SourceFile = "/data/000.txt",
        GrandTotal = new AmountRow { Name = "合计", Amounts = A(300m, 300m), Span = SourceSpan.Line(5 + shift, 1, 30) },
        Units =
        {
            new FundingUnit
            {
                Name = "某中心", Amounts = A(300m, 250m, 49.99m), Span = SourceSpan.Line(6 + shift, 1, 30),
                Projects =
                {
                    new Project
                    {
                        Name = "会展业务费", Amounts = A(220m, 220m), Span = SourceSpan.Line(7 + shift, 1, 30),
                        Indicators = { Ind(1, 1, 11, "参会代表团个数", 9 + shift), Ind(2, 1, 15, "展会场次", 10 + shift) },
                    },
                    new Project
                    {
                        Name = "宣传费", Amounts = A(80m, 80m), Span = SourceSpan.Line(12 + shift, 1, 30),
                        Indicators = { Ind(1, 2, 22, "社会影响", 14 + shift), Ind(2, 1, 21, "错配指标", 15 + shift) },
                    },
                },
            },
        },
        Diagnostics = { new Diagnostic("PR002", "第 20 行的文字无法归入任何项目", SourceSpan.Line(20 + shift, 1, 5), "孤立文字") },
    };

    private static IReadOnlyList<Finding> Builtin(Submission doc) => RuleTestSupport.Builtin.Evaluate(doc);

    [Test]
    public void The_builtin_rules_find_exactly_the_planted_problems_in_document_order()
    {
        // The document plants one problem for each of these rules; other built-in rules see more.
        var planted = new[] { "PR101", "PR202", "PR301", "PR302", "PR002" };
        var findings = Builtin(Doc()).Where(f => planted.Contains(f.RuleId));
        findings.Select(f => (f.RuleId, f.Line)).ShouldBe(new[]
        {
            ("PR101", 6),   // unit: 300 vs 250 + 49.99
            ("PR202", 7),   // 会展业务费 has no benefit indicator
            ("PR301", 10),  // 15 is not a known level-2 code
            ("PR302", 15),  // 21 is a benefit code under level 1
            ("PR002", 20),
        });
    }

    [Test]
    public void A_finding_carries_message_evidence_path_and_rule_set()
    {
        var f = Builtin(Doc()).Single(f => f.RuleId == "PR101");
        f.Severity.ShouldBe(Severity.Error);
        // No 单位 line in this table: amounts are 万元 (PR005's default); the difference says which side is larger.
        f.Message.ShouldBe("某中心：总计 300.00 万元 不等于资金来源之和 299.99 万元，总计比资金来源之和多 0.01 万元（允许误差 ±0.005 万元）");
        f.Fix.ShouldBe("总计应为 299.99 万元（各资金来源之和），或核对各资金来源的金额");
        f.Evidence.ShouldBe(new[] { new Evidence("total", "300.00"), new Evidence("sources", "299.99"), new Evidence("difference", "0.01") });
        f.Path.ShouldBe("广州市某局 › 某中心");
        (f.Department, f.Unit, f.Project, f.IndicatorSeq).ShouldBe(("广州市某局", "某中心", (string?)null, (int?)null));
        f.File.ShouldBe("/data/000.txt");
        f.Span.ShouldBe(SourceSpan.Line(6, 1, 30));
        (f.RuleSet, f.RuleSetVersion, f.Title).ShouldBe(("core", "2026.1", "总计应等于各资金来源之和"));
        f.Fingerprint.Length.ShouldBe(16);
    }

    [Test]
    public void Indicator_findings_have_the_indicator_path_and_span()
    {
        var f = Builtin(Doc()).Single(f => f.RuleId == "PR301");
        f.Path.ShouldBe("广州市某局 › 某中心 › 会展业务费 › 指标 2");
        (f.Project, f.IndicatorSeq).ShouldBe(("会展业务费", (int?)2));
        f.Message.ShouldBe("指标“展会场次”的二级指标代码 15 不是已知代码（15-数量指标）");
        // 数量指标 under 产出指标 is code 11 in rules/indicator-codes.yaml.
        f.Fix.ShouldBe("二级指标“数量指标”的代码是 11，写作“11-数量指标”");
    }

    [Test]
    public void Diagnostic_findings_use_the_diagnostic_message_and_span()
    {
        var f = Builtin(Doc()).Single(f => f.RuleId == "PR002");
        f.Message.ShouldBe("第 20 行的文字无法归入任何项目");
        f.Span.ShouldBe(SourceSpan.Line(20, 1, 5));
    }

    [Test]
    public void Fingerprints_do_not_depend_on_line_numbers_but_on_what_was_found()
    {
        var a = Builtin(Doc()).Select(f => f.Fingerprint).ToList();
        var b = Builtin(Doc(shift: 40)).Select(f => f.Fingerprint).ToList();
        b.ShouldBe(a);
        a.Distinct().Count().ShouldBe(a.Count);

        var changed = Doc();
        changed.Units[0].Amounts.Sources[1] = new ColumnAmount(ColumnNames.FiscalSpecial, 49.90m);
        Builtin(changed).Single(f => f.RuleId == "PR101").Fingerprint.ShouldNotBe(a[0]);
    }

    [Test]
    public void Every_scope_sees_its_objects()
    {
        var yaml = """
            ruleset: scopes
            rules:
              - { id: S-doc, scope: document, assert: "false", message: "{doc.Department}" }
              - { id: S-diag, scope: diagnostic, assert: "false", message: "{diagnostic.RuleId}" }
              - { id: S-unit, scope: unit, assert: "false", message: "{unit.Name}" }
              - { id: S-proj, scope: project, assert: "false", message: "{unit.Name}/{project.Name}" }
              - { id: S-ind, scope: indicator, assert: "false", message: "{unit?.Name ?? \"-\"}/{project?.Name ?? \"-\"}/{indicator.Seq}" }
              - { id: S-row, scope: amountRow, assert: "false", message: "{rowKind}:{name}:{amounts.Total}:{unit?.Name ?? \"-\"}:{project?.Name ?? \"-\"}" }
            """;
        var compiled = RuleTestSupport.CompileText(yaml);
        var doc = Doc();
        doc.Overall = new DepartmentOverall { Indicators = { Ind(7, 1, 11, "整体指标", 30) } };
        var findings = compiled.Evaluate(doc);
        string[] Of(string id) => findings.Where(f => f.RuleId == id).Select(f => f.Message).ToArray();

        Of("S-doc").ShouldBe(new[] { "广州市某局" });
        Of("S-diag").ShouldBe(new[] { "PR002" });
        Of("S-unit").ShouldBe(new[] { "某中心" });
        Of("S-proj").ShouldBe(new[] { "某中心/会展业务费", "某中心/宣传费" });
        Of("S-ind").ShouldBe(new[] { "某中心/会展业务费/1", "某中心/会展业务费/2", "某中心/宣传费/1", "某中心/宣传费/2", "-/-/7" });
        Of("S-row").ShouldBe(new[] { "total:合计:300.00:-:-", "unit:某中心:300.00:某中心:-", "project:会展业务费:220.00:某中心:会展业务费", "project:宣传费:80.00:某中心:宣传费" });
        findings.Single(f => f.RuleId == "S-ind" && f.IndicatorSeq == 7).Path.ShouldBe("广州市某局 › 部门整体 › 指标 7");
        findings.Single(f => f.RuleId == "S-row" && f.Path.EndsWith("合计")).Span.ShouldBe(SourceSpan.Line(5, 1, 30));
    }

    [Test]
    public void When_filters_and_lets_see_earlier_lets()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                when: project.Name.StartsWith("会展")
                let:
                  count: project.Indicators.Count
                  twice: count * 2
                  names: project.Indicators.Select(i => i.Name)
                assert: twice > 10
                message: "{project.Name}: {twice}"
            """;
        var f = RuleTestSupport.CompileText(yaml).Evaluate(Doc()).ShouldHaveSingleItem();
        f.Message.ShouldBe("会展业务费: 4");
        f.Evidence.ShouldBe(new[] { new Evidence("count", "2"), new Evidence("twice", "4"), new Evidence("names", "参会代表团个数、展会场次") });
    }

    [Test]
    public void Lets_the_assert_does_not_need_are_worked_out_only_for_failing_objects()
    {
        // `boom` throws wherever it is worked out: on passing objects it must not be.
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                let:
                  count: project.Indicators.Count
                  boom: project.Indicators[count + 5].Name
                  wanted: "project.Name.StartsWith(\"会展\") ? 100 : 0"
                assert: count >= wanted
                message: "{project.Name}"
              - id: T2
                scope: project
                let:
                  count: project.Indicators.Count
                  label: project.Name + "：" + count
                assert: count > 5
                message: "{label}"
            """;
        var findings = RuleTestSupport.CompileText(yaml).Evaluate(Doc());
        // 宣传费 passes T1 without touching `boom`; 会展业务费 fails it, and working out the evidence throws.
        var t1 = findings.Where(f => f.RuleId == "T1").ShouldHaveSingleItem();
        t1.IsRuleFailure.ShouldBeTrue();
        t1.Project.ShouldBe("会展业务费");
        // A deferred let that does not throw is evidence in declaration order, like any other.
        findings.Where(f => f.RuleId == "T2").Select(f => (f.Message, string.Join(",", f.Evidence.Select(e => e.Name + "=" + e.Value))))
            .ShouldBe(new[] { ("会展业务费：2", "count=2,label=会展业务费：2"), ("宣传费：2", "count=2,label=宣传费：2") });
    }

    [Test]
    public void A_let_that_names_a_later_let_is_still_a_compile_error()
    {
        var errors = RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: T1
                scope: project
                let:
                  first: second + 1
                  second: project.Indicators.Count
                assert: second > 0
            """);
        errors.ShouldNotBeEmpty();
        errors[0].Line.ShouldBe(6);
    }

    [Test]
    public void Amount_rows_as_evidence_show_their_figures()
    {
        // PR103's `parts` are amount rows; evidence showed their type name before.
        var f = Builtin(Doc()).Single(f => f.RuleId == "PR103");
        f.Evidence.Single(e => e.Name == "parts").Value.ShouldBe("总计 300.00（财政拨款 250.00，财政专户拨款 49.99）");
        PerfRules.Rules.Runtime.RuleValue.Format(new Amounts { Total = null, Unplaced = { 1493.57m } }).ShouldBe("总计 （空）（未归列 1,493.57）");
    }

    [Test]
    public void A_rule_that_throws_becomes_a_finding_and_the_run_goes_on()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: BOOM
                scope: project
                severity: info
                assert: project.Indicators[5].Seq > 0
              - id: AFTER
                scope: project
                assert: "false"
                message: "{project.Name}"
            """;
        var findings = RuleTestSupport.CompileText(yaml).Evaluate(Doc());
        var boom = findings.Where(f => f.RuleId == "BOOM").ToList();
        boom.Count.ShouldBe(2);
        boom[0].Severity.ShouldBe(Severity.Error);
        boom[0].IsRuleFailure.ShouldBeTrue();
        boom[0].Message.ShouldBe("规则 BOOM 在 广州市某局 › 某中心 › 会展业务费 上执行失败：ArgumentOutOfRangeException");
        findings.Count(f => f.RuleId == "AFTER").ShouldBe(2);
    }

    [Test]
    public void After_a_rule_throws_the_rules_after_it_on_the_same_object_still_run()
    {
        // The rules of a scope share one try; each object must still see every rule, in order.
        var yaml = """
            ruleset: t
            rules:
              - { id: A1, scope: indicator, assert: "false", message: "{indicator.Name}" }
              - { id: BOOM1, scope: indicator, assert: "indicator.Name[40] == 'x'" }
              - { id: A2, scope: indicator, assert: "indicator.Seq != 2", message: "{indicator.Name}" }
              - { id: OFF, scope: indicator, severity: off, assert: "false" }
              - { id: BOOM2, scope: indicator, assert: "project!.Indicators[indicator.Seq + 5] != null" }
            """;
        var findings = RuleTestSupport.CompileText(yaml).Evaluate(Doc());
        findings.Count(f => f.RuleId == "A1").ShouldBe(4);
        findings.Count(f => f.RuleId == "A2").ShouldBe(2);
        findings.Where(f => f.RuleId is "BOOM1" or "BOOM2").ShouldAllBe(f => f.IsRuleFailure);
        findings.Count(f => f.RuleId == "BOOM1").ShouldBe(4);
        findings.Count(f => f.RuleId == "BOOM2").ShouldBe(4);
        findings.ShouldNotContain(f => f.RuleId == "OFF");
        // Findings of one object come together, in rule order.
        findings.Where(f => f.Line == 10).Select(f => f.RuleId).ShouldBe(new[] { "A1", "BOOM1", "A2", "BOOM2" });
    }

    [Test]
    public void Rules_that_are_off_do_not_run_but_can_be_run_alone()
    {
        var yaml = """
            ruleset: t
            rules:
              - { id: OFF1, scope: document, severity: off, assert: "false" }
              - { id: ON1, scope: document, severity: warning, assert: "false" }
            """;
        var compiled = RuleTestSupport.CompileText(yaml);
        compiled.Evaluate(Doc()).Select(f => (f.RuleId, f.Severity)).ShouldBe(new[] { ("ON1", Severity.Warning) });
        compiled.EvaluateRule(Doc(), "OFF1").ShouldHaveSingleItem().RuleId.ShouldBe("OFF1");
    }

    [Test]
    public void Overrides_change_the_severity_of_findings()
    {
        var set = RuleSetLoader.Load(new[] { new RuleFile("d.yaml", "ruleset: d\nextends: core\noverrides:\n  PR101: info\n  PR202: off\nrules: []\n") });
        var findings = RuleTestSupport.Compile(set).Evaluate(Doc());
        findings.Single(f => f.RuleId == "PR101").Severity.ShouldBe(Severity.Info);
        findings.ShouldNotContain(f => f.RuleId == "PR202");
        findings.ShouldAllBe(f => f.RuleSet == "d");
    }

    [Test]
    public void Same_rule_and_path_with_same_evidence_still_get_distinct_fingerprints()
    {
        var doc = Doc();
        doc.Diagnostics.Add(new Diagnostic("PR002", "第 20 行的文字无法归入任何项目", SourceSpan.Line(21, 1, 5), "孤立文字"));
        var fps = Builtin(doc).Where(f => f.RuleId == "PR002").Select(f => f.Fingerprint).ToList();
        fps.Count.ShouldBe(2);
        fps.Distinct().Count().ShouldBe(2);
    }

    [Test]
    public void Helpers_format_and_compare_amounts()
    {
        RuleHelpers.Fmt(1493.57m).ShouldBe("1,493.57");
        RuleHelpers.Fmt(1234567.891m).ShouldBe("1,234,567.89");
        RuleHelpers.Fmt(null).ShouldBe("（空）");
        RuleHelpers.Near(1.004m, 1.000m).ShouldBeTrue();
        RuleHelpers.Near(1.006m, 1.000m).ShouldBeFalse();
        RuleHelpers.Near(1.5m, 1.0m, 0.5m).ShouldBeTrue();
        RuleHelpers.Sum(new decimal?[] { 1.5m, null, 2m }).ShouldBe(3.5m);
        RuleHelpers.FirstDigit(23).ShouldBe(2);
        RuleHelpers.FirstDigit(3).ShouldBe(3);
    }

    [Test]
    public void Helpers_print_amounts_with_their_unit_and_say_which_side_is_larger()
    {
        RuleHelpers.Money(20611.44m, "万元").ShouldBe("20,611.44 万元");
        RuleHelpers.Money(5m, null).ShouldBe("5.00 万元");
        RuleHelpers.Money(5m, "元").ShouldBe("5.00 元");
        RuleHelpers.Money(null).ShouldBe("（空）");
        RuleHelpers.Difference("项目金额之和", 163m, "单位金额", 100m).ShouldBe("项目金额之和比单位金额多 63.00 万元");
        RuleHelpers.Difference("项目金额之和", 37m, "单位金额", 100m).ShouldBe("项目金额之和比单位金额少 63.00 万元");
        RuleHelpers.Difference("甲", 1m, "乙", 1m).ShouldBe("甲与乙相等");
        RuleHelpers.Parts(new[] { new NamedAmount { Name = "基本支出", Value = 10m }, new NamedAmount { Name = "项目支出", Value = 90m } })
            .ShouldBe("基本支出 10.00 万元 + 项目支出 90.00 万元");
    }

    [Test]
    public void Sum_helpers_name_each_column_off_its_sum_and_what_it_should_be()
    {
        var unit = new Amounts { Total = 100m, Sources = { new ColumnAmount("财政拨款", 100m) } };
        var parts = new[]
        {
            new Amounts { Total = 100m, Sources = { new ColumnAmount("财政拨款", 100m) } },
            new Amounts { Total = 63m, Sources = { new ColumnAmount("财政拨款", 60m), new ColumnAmount("其他资金", 3m) } },
        };
        RuleHelpers.SumMismatches(unit, parts, "各项目之和").ShouldBe(new[]
        {
            "总计 100.00 万元 ≠ 各项目之和 163.00 万元（各项目之和比总计多 63.00 万元，允许误差 ±0.005 万元）",
            "财政拨款 100.00 万元 ≠ 各项目之和 160.00 万元（各项目之和比财政拨款多 60.00 万元，允许误差 ±0.005 万元）",
            "其他资金 0.00 万元 ≠ 各项目之和 3.00 万元（各项目之和比其他资金多 3.00 万元，允许误差 ±0.005 万元）",
        });
        RuleHelpers.SumCorrections(unit, parts).ShouldBe(new[] { "总计应为 163.00 万元", "财政拨款应为 160.00 万元", "其他资金应为 3.00 万元" });
        RuleHelpers.SumCorrections(unit, parts.Take(1)).ShouldBeEmpty();
    }

    [Test]
    public void FirstPast_finds_where_a_running_total_goes_past_a_limit()
    {
        RuleHelpers.FirstPast(new decimal?[] { 60m, 40m, 10m }, 90m).ShouldBe(1);
        RuleHelpers.FirstPast(new decimal?[] { 95m, 1m }, 90m).ShouldBe(0);
        RuleHelpers.FirstPast(new decimal?[] { 60m, null, 30.004m }, 90m).ShouldBe(-1); // within the tolerance
        RuleHelpers.FirstPast(new decimal?[] { 60m, null, 30.01m }, 90m).ShouldBe(2);
    }

    [Test]
    public void Code_choices_list_the_coded_entries_of_the_table()
    {
        var codes = CodeTableYaml.Builtin;
        RuleHelpers.Level1Choices(codes).ShouldBe("1-产出指标、2-效益指标、3-满意度指标");
        RuleHelpers.Level2Choices(codes, new CodeName(1, "产出指标")).ShouldBe("11-数量指标、12-质量指标、13-时效指标、14-成本指标");
        // By name when the code is missing; nothing for a level-1 indicator not in the table.
        RuleHelpers.Level2Choices(codes, new CodeName(null, "满意度指标")).ShouldStartWith("31-");
        RuleHelpers.Level2Choices(codes, new CodeName(9, "其他指标")).ShouldBe("");
    }
}

public class RuleAtExpressionTests
{
    [Test]
    public void At_expression_says_where_a_document_finding_points()
    {
        var set = RuleTestSupport.LoadText("""
            ruleset: t
            rules:
              - id: X1
                scope: document
                assert: doc.GrandTotal == null
                at: doc.GrandTotal!.Span
                message: 有合计行
              - id: X2
                scope: document
                assert: doc.GrandTotal == null
                message: 有合计行
            """);
        var doc = new Submission
        {
            SourceFile = "a.txt",
            GrandTotal = new AmountRow { Name = "合计", Span = SourceSpan.Line(7, 1, 20) },
        };
        var findings = RuleTestSupport.Compile(set).Evaluate(doc);
        findings.Single(f => f.RuleId == "X1").Span.ShouldBe(SourceSpan.Line(7, 1, 20));
        findings.Single(f => f.RuleId == "X2").Span.ShouldBeNull();
    }

    [Test]
    public void At_expression_errors_are_reported_at_their_yaml_line()
    {
        var e = Should.Throw<RuleLoadException>(() => RuleTestSupport.Compile(RuleTestSupport.LoadText("""
            ruleset: t
            rules:
              - id: X1
                scope: document
                assert: "true"
                at: doc.Nowhere
                message: m
            """)));
        e.Errors.ShouldContain(x => x.Line == 6);
    }
}
