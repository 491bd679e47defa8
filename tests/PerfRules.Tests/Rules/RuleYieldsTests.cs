using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>
/// <c>yields:</c>, one problem one finding: a rule gives way to another on the same object. Load
/// checks (file, line, column), the run (chains, off rules, failures), the examples, and the
/// built-in rules on the seeds.
/// </summary>
public class RuleYieldsTests
{
    // A flags names with 甲, B with 乙, C with 丙; A yields to B, B to C. T throws on 丁; E (戊) yields to T.
    private const string Chain = """
        ruleset: y
        rules:
          - id: A
            scope: indicator
            assert: '!indicator.Name.Contains("甲")'
            yields: [B]
          - id: B
            scope: indicator
            assert: '!indicator.Name.Contains("乙")'
            yields: C
          - id: C
            scope: indicator
            assert: '!indicator.Name.Contains("丙")'
          - id: T
            scope: indicator
            assert: 'indicator.Name.Contains("丁") ? indicator.Name[99] == (char)120 : true'
          - id: E
            scope: indicator
            assert: '!indicator.Name.Contains("戊")'
            yields: [T]
        """;

    private static readonly Lazy<CompiledRuleSet> ChainSet = new(() => RuleTestSupport.CompileText(Chain, "y.yaml"));

    private static Submission Doc(params string[] names) => CanonicalReader.Parse(
        "units: [ { name: 单位, projects: [ { name: 项目, indicators: [ "
        + string.Join(", ", names.Select(n => $"{{ level1: 1-产出指标, level2: 11-数量指标, name: {n}, cycle: 1个, annual: 1个 }}"))
        + " ] } ] } ]\n", "doc.yaml");

    // By indicator (the canonical documents carry no lines to order by), then in report order.
    private static List<string> Found(IEnumerable<Finding> findings) =>
        findings.OrderBy(f => f.IndicatorSeq).Select(f => $"{f.IndicatorSeq}:{f.RuleId}{(f.IsRuleFailure ? "!" : "")}").ToList();

    [Test]
    public void A_rule_gives_way_only_on_the_object_where_the_other_rule_found_something()
    {
        var findings = ChainSet.Value.Evaluate(Doc("甲", "甲乙", "乙丙", "甲乙丙", "乙"));
        Found(findings).ShouldBe(new[]
        {
            "1:A",          // A alone
            "2:B",          // A gives way to B
            "3:C",          // B gives way to C
            "4:C",          // all three: the chain leaves C alone
            "5:B",
        });
    }

    // Past 64 findings the rules that fired are looked up in a set, below that in the list: the same answer.
    [Test]
    public void Many_findings_give_way_as_few_do()
    {
        var names = new[] { "甲", "甲乙", "乙丙", "甲乙丙", "乙" };
        var many = Enumerable.Range(0, 20).SelectMany(_ => names).ToArray();
        var found = Found(ChainSet.Value.Evaluate(Doc(many)));
        found.Count.ShouldBe(100);   // each of the 100 indicators keeps one finding
        found.ShouldBe(Enumerable.Range(0, 100).Select(k => $"{k + 1}:{new[] { "A", "B", "C", "C", "B" }[k % 5]}"));
    }

    [Test]
    public void A_rule_failure_neither_yields_nor_takes_a_finding_away()
    {
        // T throws on 丁: E, which yields to T, still reports.
        Found(ChainSet.Value.Evaluate(Doc("丁戊"))).ShouldBe(new[] { "1:T!", "1:E" });
    }

    [Test]
    public void EvaluateRule_runs_the_rule_with_those_it_yields_to_and_returns_its_own_findings()
    {
        Found(ChainSet.Value.EvaluateRule(Doc("甲", "甲乙", "甲乙丙"), "A")).ShouldBe(new[] { "1:A" });
        // B gives way to C on 3 only.
        Found(ChainSet.Value.EvaluateRule(Doc("甲", "甲乙", "甲乙丙"), "B")).ShouldBe(new[] { "2:B" });
    }

    [Test]
    public void A_rule_switched_off_takes_nothing_away()
    {
        var set = RuleSetLoader.Load(new[]
        {
            new RuleFile("y.yaml", Chain),
            new RuleFile("z.yaml", "ruleset: z\nextends: y\noverrides:\n  B: off\nrules: []\n"),
        }, "z");
        var compiled = RuleTestSupport.Compile(set);
        // B is off: A reports where B would have; C still takes B's place where B is not run at all.
        Found(compiled.Evaluate(Doc("甲乙", "甲乙丙"))).ShouldBe(new[] { "1:A", "2:A", "2:C" });
        Found(compiled.EvaluateRule(Doc("甲乙"), "A")).ShouldBe(new[] { "1:A" });
    }

    private static IReadOnlyList<RuleLoadError> LoadErrors(string rules) =>
        Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("bad.yaml", "ruleset: bad\nrules:\n" + rules) })).Errors;

    [Test]
    public void Yielding_to_an_unknown_rule_is_a_load_error_at_the_entry()
    {
        var e = LoadErrors("""
              - id: A
                scope: indicator
                assert: "true"
                yields: [PR999]
            """).ShouldHaveSingleItem();
        (e.File, e.Line, e.Column).ShouldBe(("bad.yaml", 6, 14));
        e.Message.ShouldBe("yields 指向的规则“PR999”不存在");
        e.ToString().ShouldStartWith("bad.yaml:6:14");
    }

    [Test]
    public void Yielding_to_itself_to_another_scope_or_in_a_circle_is_a_load_error()
    {
        var errors = LoadErrors("""
              - id: A
                scope: indicator
                assert: "true"
                yields: [A, P]
              - id: P
                scope: project
                assert: "true"
              - id: B
                scope: indicator
                assert: "true"
                yields: C
              - id: C
                scope: indicator
                assert: "true"
                yields: [B]
            """).OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        errors.Select(e => (e.Line, e.Column)).ShouldBe(new[] { (6, 14), (6, 17), (13, 13), (17, 14) });
        errors[0].Message.ShouldContain("不能让位于自己");
        errors[1].Message.ShouldBe("规则 A 只能让位于同一作用域的规则：A 是 indicator，P 是 project");
        errors[2].Message.ShouldBe("yields 形成了循环：B → C → B");
        errors[3].Message.ShouldBe("yields 形成了循环：C → B → C");
    }

    [Test]
    public void A_repeated_or_malformed_yields_entry_is_a_load_error()
    {
        var errors = LoadErrors("""
              - id: A
                scope: indicator
                assert: "true"
                yields: [B, B, "not an id"]
              - id: B
                scope: indicator
                assert: "true"
            """);
        errors.Select(e => e.Message).ShouldBe(new[] { "yields 中“B”重复", "yields 中的规则 id“not an id”无效" }, ignoreOrder: true);
    }

    [Test]
    public void A_district_rule_may_yield_to_an_inherited_one()
    {
        var set = RuleSetLoader.Load(new[]
        {
            new RuleFile("district.yaml", "ruleset: district\nextends: core\nrules:\n  - id: D1\n    scope: indicator\n    assert: \"true\"\n    yields: [PR403]\n"),
        });
        set.Find("D1")!.Yields.ShouldBe(new[] { "PR403" });
    }

    // ---- the built-in rules

    private static IEnumerable<(string Seed, Finding Finding)> SeedFindings(CompiledRuleSet rules) =>
        Seeds.Prefixes.SelectMany(p => new Linter(rules).Check(File.ReadAllBytes(Seeds.Path0(p)), p + ".txt").One().Findings.Select(f => (p, f)));

    /// <summary>The pairs the built-in rules merge with <c>yields</c>: (the rule that gives way, the one that reports).</summary>
    private static readonly (string Yields, string To)[] MergedPairs = { ("PR401", "PR403"), ("PR401", "PR406") };

    [Test]
    public void On_the_seeds_no_indicator_carries_two_findings_of_a_merged_pair()
    {
        var byElement = SeedFindings(RuleTestSupport.Builtin).Where(x => x.Finding.IndicatorSeq is not null)
            .GroupBy(x => (x.Seed, x.Finding.Path)).ToList();
        byElement.ShouldNotBeEmpty();
        foreach (var (a, b) in MergedPairs)
            byElement.Where(g => g.Any(x => x.Finding.RuleId == a) && g.Any(x => x.Finding.RuleId == b))
                .Select(g => $"{g.Key.Seed} {g.Key.Path}").ShouldBeEmpty($"{a} and {b} on one indicator");
    }

    [Test]
    public void Seed_003s_unit_left_off_one_side_is_a_warning_and_not_an_error()
    {
        // Line 36: 长期租赁小型客车数量, cycle 4 (line 37, where the findings point) against annual 4辆.
        var at37 = SeedFindings(RuleTestSupport.Builtin).Where(x => x.Seed == "003" && x.Finding.Line == 37).Select(x => x.Finding).ToList();
        at37.Select(f => (f.RuleId, f.Severity)).ShouldBe(new[] { ("PR406", Severity.Warning) });
    }

    [Test]
    public void Without_its_yields_the_core_set_reports_the_merged_pairs_twice_on_the_seeds()
    {
        // The merging is the rule file's yields, not a special case in code: strip them and the pairs come back.
        var text = RuleSetLoader.BuiltinFiles().Single(f => f.Name == "core.yaml").Content;
        var stripped = string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("yields:", StringComparison.Ordinal)));
        stripped.ShouldNotBe(text);
        var compiled = RuleTestSupport.Compile(RuleSetLoader.Load(new[] { new RuleFile("core.yaml", stripped) }));
        var byElement = SeedFindings(compiled).Where(x => x.Finding.IndicatorSeq is not null).GroupBy(x => (x.Seed, x.Finding.Path)).ToList();
        foreach (var (a, b) in MergedPairs)
            byElement.Count(g => g.Any(x => x.Finding.RuleId == a) && g.Any(x => x.Finding.RuleId == b))
                .ShouldBeGreaterThan(0, $"{a} and {b} never meet on the seeds: the pair's yields is not measured");
    }
}
