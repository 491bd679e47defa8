using PerfRules.Ingest;
using PerfRules.Rules;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Engines;

/// <summary>
/// Dynamic LINQ alone would run DateTime.Now, Guid.NewGuid() and Enumerable.Range(0, 2000000000).Count()
/// (docs/engines.md): under rulesengine the allow-list still refuses the first two at load and the
/// run-time budget still stops the third. A rule Dynamic LINQ cannot run is named at its file and line.
/// </summary>
public class RulesEngineSandboxTests
{
    private static string Rule(string assert, string extra = "") => $$"""
        ruleset: t
        rules:
          - id: X1
            scope: document
            assert: '{{assert}}'
            message: 不对
        {{extra}}
        """;

    [TestCase("DateTime.Now.Year > 2000", "DateTime.Now")]
    [TestCase("Guid.NewGuid().ToString().Length > 0", "Guid")]
    public void Forbidden_names_are_refused_at_load_under_rulesengine(string assert, string named)
    {
        var e = Should.Throw<RuleLoadException>(() => EngineTestSupport.Prepare(Rule(assert)));
        e.Errors.ShouldContain(x => x.File == "test.yaml" && x.Line == 5);
        e.Errors.Select(x => x.Message).ShouldContain(m => m.Contains(named));
    }

    [Test]
    public void A_huge_range_is_stopped_by_the_budget_under_rulesengine()
    {
        var set = EngineTestSupport.Prepare(Rule("Enumerable.Range(0, 2000000000).Count() > 0"));
        set.Engine.ShouldBe("rulesengine");
        var findings = set.Evaluate(CanonicalReader.Parse("department: 甲\n", "a.yaml"));
        var f = findings.ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue();
        f.Message.ShouldContain("X1");
        f.Message.ShouldContain("上限");
    }

    // Runaways of several shapes, each 9e6 × 9e6 steps: nothing but the time budget can stop them.
    // None reads the document, so nothing but the guard stops them anywhere (RulesEngine's compile
    // run at Prepare included, where no budget runs).
    private const string NestedCount = "Enumerable.Range(0, 9000000).Select(i => Enumerable.Range(0, 9000000).Count(j => j == i)).Sum() > 0";
    private const string NestedAnyAll = "Enumerable.Range(0, 9000000).Any(i => Enumerable.Range(0, 9000000).All(j => j != i - 9000000) && i < 0)";
    private const string NestedWhere = "Enumerable.Range(0, 9000000).Where(i => Enumerable.Range(0, 9000000).Where(j => j == -1).Any()).Count() > 0";
    private const string SelectManyRepeat = "Enumerable.Range(0, 9000000).SelectMany(i => Enumerable.Repeat(i, 9000000)).Max() < 0";

    [TestCase(NestedCount)]
    [TestCase(NestedAnyAll)]
    [TestCase(NestedWhere)]
    [TestCase(SelectManyRepeat)]
    public void A_runaway_lambda_is_stopped_by_the_time_budget_under_rulesengine(string assert)
    {
        var compiled = RuleTestSupport.CompileText(Rule(assert))
            .WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.FromMilliseconds(200) });
        var set = new PerfRules.Engines.RulesEngine.RulesEngineEngine().Prepare(compiled);
        set.Engine.ShouldBe("rulesengine");
        var f = set.Evaluate(CanonicalReader.Parse("department: 甲\n", "a.yaml")).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue();
        f.Message.ShouldContain("X1");
        f.Message.ShouldContain("超出时间上限");
        // The same finding as the compiled engine's: the guard, not the engine, stops the rule.
        var c = compiled.Evaluate(CanonicalReader.Parse("department: 甲\n", "a.yaml")).ShouldHaveSingleItem();
        (c.RuleId, c.IsRuleFailure, c.Message).ShouldBe((f.RuleId, f.IsRuleFailure, f.Message));
    }

    [Test]
    public void Preparing_a_set_runs_no_rule_loop_even_without_a_budget()
    {
        // RulesEngine compiles a workflow by running it once; that run happens outside any budget and
        // used to run a rule that reads no input to its end (hours at 100% CPU). With no budget at
        // all, Prepare must still return: the compile run stops at the first lambda or built sequence.
        // A rule text of its own: prepared sets are cached by rule text, and another test's would skip the compile run.
        var compiled = RuleTestSupport.CompileText(Rule(NestedCount.Replace("> 0", "> -7", StringComparison.Ordinal)))
            .WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.Zero });
        var prepare = Task.Run(() => new PerfRules.Engines.RulesEngine.RulesEngineEngine().Prepare(compiled));
        // A hang guard, not a speed check: preparing one rule takes well under a second.
        prepare.Wait(TimeSpan.FromMinutes(2)).ShouldBeTrue("Prepare ran the rule's loop");
        prepare.Result.Engine.ShouldBe("rulesengine");
    }

    [Test]
    public void A_rule_stopped_in_the_compile_run_still_runs_in_full_on_a_document()
    {
        // The compile run's stop must not leak into evaluation: a rule with lambdas and a built range gives its real result.
        var yaml = Rule("Enumerable.Range(0, 5).Select(i => i * 2).Where(i => i > 2).Sum() == 18");
        var set = EngineTestSupport.Prepare(yaml);
        set.Evaluate(CanonicalReader.Parse("department: 甲\n", "a.yaml")).ShouldBeEmpty();
        var failing = EngineTestSupport.Prepare(Rule("Enumerable.Repeat(3, 4).Select(i => i + 1).Sum() == 15"));
        failing.Evaluate(CanonicalReader.Parse("department: 甲\n", "a.yaml")).ShouldHaveSingleItem().RuleId.ShouldBe("X1");
    }

    [Test]
    public void A_rule_dynamic_linq_cannot_run_is_named_at_its_file_and_line_only_under_rulesengine()
    {
        var yaml = Rule("doc.Department is \"甲\"");
        RuleTestSupport.CompileText(yaml).ShouldNotBeNull(); // the compiled engine runs it
        var e = Should.Throw<RuleLoadException>(() => EngineTestSupport.Prepare(yaml));
        var error = e.Errors.ShouldHaveSingleItem();
        (error.File, error.Line).ShouldBe(("test.yaml", 5));
        error.Message.ShouldContain("X1");
        error.Message.ShouldContain("is 模式");
    }

    [Test]
    public void Findings_of_a_custom_rule_match_the_compiled_engine_with_lets_holes_and_at()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: X2
                scope: project
                let:
                  count: project.Indicators.Count(i => i.Level1Code == 2)
                  names: project.Indicators.Select(i => i.Name).ToList()
                assert: count > 0
                message: '项目“{project.Name}”没有效益指标（{string.Join("、", names)}，{names.Count} 个）'
                fix: '{(names.Count > 1 ? "增设" : "补充")}效益指标'
                at: project.GoalSpan
            """;
        var doc = CanonicalReader.Parse("""
            department: 甲
            units:
              - name: 乙
                projects:
                  - name: 丙
                    indicators:
                      - { seq: 1, level1: 1-产出指标, level2: 11-数量指标, name: 次数, cycle: 1次, annual: 1次 }
                      - { seq: 2, level1: 1-产出指标, level2: 12-质量指标, name: 合格率, cycle: 90%, annual: 90% }
            """, "a.yaml");
        var a = RuleTestSupport.CompileText(yaml).Evaluate(doc);
        var b = EngineTestSupport.Prepare(yaml).Evaluate(doc);
        a.ShouldHaveSingleItem().Message.ShouldBe("项目“丙”没有效益指标（次数、合格率，2 个）");
        FindingDiff.Describe(b).ShouldBe(FindingDiff.Describe(a));
    }
}
