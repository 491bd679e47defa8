using PerfRules.Ingest;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;

namespace PerfRules.Tests.Rules;

/// <summary>
/// Rule parameters (params:): typed values read by expressions, changed through overrides without
/// code, checked when the rules load, and never written into the generated source.
/// </summary>
public class RuleParamsTests
{
    private static RuleFile F(string name, string text) => new(name, text);

    /// <summary>A set whose one rule flags satisfaction targets below a floor named in params.</summary>
    private const string Base = """
        ruleset: base
        version: 1
        rules:
          - id: B1
            title: 满意度不低于下限
            severity: warning
            scope: indicator
            params:
              floor: 85
              words: [满意度, 满意率]
              label: 满意度
            when: param.List("words").Any(w => indicator.Name.Contains(w)) && indicator.Annual.Number != null
            assert: indicator.Annual.Number >= param.Number("floor")
            message: "{param.Text(\"label\")}“{indicator.Annual.Text}”低于 {param.Number(\"floor\")}"
        """;

    private static readonly Model.Submission Doc = CanonicalReader.Parse("""
        units:
          - name: 中心
            projects:
              - name: 项目甲
                indicators:
                  - { level1: 3-满意度指标, level2: 31-服务对象满意度, name: 游客满意率, cycle: ≥80%, annual: ≥80% }
                  - { level1: 3-满意度指标, level2: 31-服务对象满意度, name: 企业满意度, cycle: ≥90%, annual: ≥90% }
                  - { level1: 1-产出指标, level2: 11-数量指标, name: 完成率, cycle: ≥50%, annual: ≥50% }
        """);

    private static IReadOnlyList<Finding> Run(params RuleFile[] files) =>
        RuleTestSupport.Compile(RuleSetLoader.Load(files)).Evaluate(Doc);

    [Test]
    public void Declared_params_are_read_as_typed_values()
    {
        var set = RuleSetLoader.Load(new[] { F("base.yaml", Base) });
        var ps = set.Rules.ShouldHaveSingleItem().Params;
        ps["floor"].ShouldSatisfyAllConditions(p => p.Kind.ShouldBe(ParamKind.Number), p => p.Number.ShouldBe(85m), p => p.Line.ShouldBe(9));
        ps["words"].List.ShouldBe(new[] { "满意度", "满意率" });
        ps["label"].Text.ShouldBe("满意度");

        var f = Run(F("base.yaml", Base)).ShouldHaveSingleItem();
        f.Message.ShouldBe("满意度“≥80%”低于 85.00");
    }

    [Test]
    public void An_override_changes_a_threshold_and_a_keyword_list_without_code()
    {
        var district = """
            ruleset: district
            extends: base
            overrides:
              B1: { params: { floor: 95, words: [满意率] } }
            """;
        // 95 now catches 企业满意度 ≥90% too, but the words list no longer names 满意度.
        var f = Run(F("base.yaml", Base), F("district.yaml", district)).ShouldHaveSingleItem();
        f.Message.ShouldBe("满意度“≥80%”低于 95.00");
        f.Severity.ShouldBe(Severity.Warning);

        var wider = district.Replace("words: [满意率]", "words: [满意率, 满意度]");
        Run(F("base.yaml", Base), F("district.yaml", wider)).Count.ShouldBe(2);
    }

    [Test]
    public void An_override_may_change_severity_and_params_together_and_keeps_the_rest()
    {
        var district = """
            ruleset: district
            extends: base
            overrides:
              B1: { severity: info, params: { label: 满意率 } }
            """;
        var set = RuleSetLoader.Load(new[] { F("base.yaml", Base), F("district.yaml", district) });
        var rule = set.Rules.ShouldHaveSingleItem();
        rule.Severity.ShouldBe(Severity.Info);
        rule.Params["floor"].Number.ShouldBe(85m);
        (rule.Params["label"].Text, rule.Params["label"].File, rule.Params["label"].Line).ShouldBe(("满意率", "district.yaml", 4));
        RuleTestSupport.Compile(set).Evaluate(Doc).ShouldHaveSingleItem().Message.ShouldStartWith("满意率“≥80%”");
        // The parent set is untouched.
        RuleSetLoader.Load(new[] { F("base.yaml", Base) }).Rules[0].Params["label"].Text.ShouldBe("满意度");
    }

    [Test]
    public void An_unknown_param_in_an_override_is_an_error_at_its_line()
    {
        var district = """
            ruleset: district
            extends: base
            overrides:
              B1:
                params:
                  flor: 90
            """;
        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { F("base.yaml", Base), F("district.yaml", district) }))
            .Errors.ShouldHaveSingleItem();
        (e.File, e.Line, e.Column).ShouldBe(("district.yaml", 6, 7));
        e.Message.ShouldContain("没有参数“flor”");
        e.Message.ShouldContain("floor");
    }

    [TestCase("floor: 很高", 6, 14, "声明为数字")]
    [TestCase("floor: \"90\"", 6, 14, "声明为数字")]
    [TestCase("floor: [90]", 6, 14, "声明为数字")]
    [TestCase("words: 满意度", 6, 14, "声明为字符串列表")]
    [TestCase("label: [甲, 乙]", 6, 14, "声明为字符串")]
    [TestCase("words: [甲, { a: 1 }]", 6, 18, "每一项应是一个值")]
    [TestCase("floor: ~", 6, 14, "值是空的")]
    public void A_value_of_the_wrong_type_in_an_override_is_an_error_at_its_line(string entry, int line, int column, string message)
    {
        var district = $"""
            ruleset: district
            extends: base
            overrides:
              B1:
                params:
                  {entry}
            """;
        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { F("base.yaml", Base), F("district.yaml", district) }))
            .Errors.ShouldHaveSingleItem();
        (e.File, e.Line, e.Column).ShouldBe(("district.yaml", line, column));
        e.Message.ShouldContain(message);
    }

    [Test]
    public void Any_scalar_is_a_string_params_value()
    {
        var district = """
            ruleset: district
            extends: base
            overrides:
              B1: { params: { label: 100 } }
            """;
        RuleSetLoader.Load(new[] { F("base.yaml", Base), F("district.yaml", district) }).Rules[0].Params["label"].Text.ShouldBe("100");
    }

    [TestCase("params: [1, 2]", "params 应是映射")]
    [TestCase("params: { 9lives: 1 }", "参数名“9lives”无效")]
    [TestCase("params: { x: { a: 1 } }", "应是数字、字符串或字符串列表")]
    [TestCase("params: { x: }", "值是空的")]
    public void A_bad_params_declaration_is_an_error_at_its_line(string declaration, string message)
    {
        var yaml = $"""
            ruleset: t
            rules:
              - id: T1
                scope: document
                {declaration}
                assert: "true"
            """;
        var e = Should.Throw<RuleLoadException>(() => RuleTestSupport.LoadText(yaml)).Errors.ShouldHaveSingleItem();
        e.Line.ShouldBe(5);
        e.Message.ShouldContain(message);
    }

    [Test]
    public void Overrides_of_severity_alone_still_work_and_an_empty_override_is_an_error()
    {
        var ok = "ruleset: d\nextends: base\noverrides:\n  B1: off\n";
        RuleSetLoader.Load(new[] { F("base.yaml", Base), F("d.yaml", ok) }).Rules[0].Severity.ShouldBe(Severity.Off);
        var empty = "ruleset: d\nextends: base\noverrides:\n  B1: {}\n";
        Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { F("base.yaml", Base), F("d.yaml", empty) }))
            .Errors.ShouldHaveSingleItem().Message.ShouldContain("缺少 severity 或 params");
    }

    private static string Use(string expression) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: indicator
            params: { floor: 85, words: [满意度] }
            assert: {{expression}}
        """;

    [TestCase("indicator.Annual.Number >= param.Number(\"flor\")", 6, 53, "没有参数“flor”")]
    [TestCase("param.Number(\"words\") > 0", 6, 26, "应使用 param.List(\"words\")")]
    [TestCase("param.Text(\"floor\") != \"\"", 6, 24, "应使用 param.Number(\"floor\")")]
    [TestCase("param.Number(indicator.Name) > 0", 6, 13, "字符串常量")]
    [TestCase("new[] { \"floor\" }.Select(param.Number).First() > 0", 6, 38, "只能直接调用")]
    public void A_param_read_that_does_not_match_its_declaration_is_an_error_at_its_column(string expression, int line, int column, string message)
    {
        var e = RuleTestSupport.Errors(Use(expression)).ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((line, column));
        e.Message.ShouldContain(message);
    }

    [Test]
    public void A_constant_name_may_be_a_const_expression()
    {
        RuleTestSupport.CompileText(Use("indicator.Annual.Number >= param.Number(\"fl\" + \"oor\") || true")).ShouldNotBeNull();
    }

    [Test]
    public void A_let_may_not_be_named_param()
    {
        var yaml = Use("\"true\"").Replace("    assert:", "    let: { param: \"1\" }\n    assert:");
        Should.Throw<RuleLoadException>(() => RuleTestSupport.LoadText(yaml)).Errors.ShouldHaveSingleItem().Message.ShouldContain("重名");
    }

    [Test]
    public void Param_values_never_reach_the_generated_source()
    {
        // A value that would be code if it were spliced in: it is only data, and it comes back as data.
        const string hostile = "\"); System.IO.File.Delete(\"x\"); //";
        var yaml = $$"""
            ruleset: t
            rules:
              - id: T1
                scope: document
                params: { text: '{{hostile}}', words: ['{{hostile}}'], n: 12345.678 }
                assert: "false"
                message: "{param.Text(\"text\")}|{param.List(\"words\")[0]}|{param.Number(\"n\")}"
            """;
        var set = RuleTestSupport.LoadText(yaml);
        var source = RuleSourceGenerator.Generate(set).Text;
        source.ShouldNotContain("File.Delete");
        source.ShouldNotContain("12345");
        RoslynRuleCompiler.GuardedSource(set).ShouldNotContain("File.Delete");
        var f = RuleTestSupport.Compile(set).Evaluate(new Model.Submission()).ShouldHaveSingleItem();
        f.Message.ShouldBe(hostile + "|" + hostile + "|12,345.68");
    }

    [Test]
    public void The_rule_page_lists_params_with_the_values_in_force()
    {
        var district = "ruleset: district\nextends: base\noverrides:\n  B1: { params: { floor: 95 } }\n";
        var set = RuleSetLoader.Load(new[] { F("base.yaml", Base), F("district.yaml", district) });
        var page = RuleDocs.Page(set, set.Rules[0]);
        page.ShouldContain("## 参数");
        page.ShouldContain("| `floor` | 数字 | 95（由 district.yaml:4 的 overrides 设定） |");
        page.ShouldContain("| `words` | 字符串列表 | [满意度, 满意率] |");
    }
}
