using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>Every example of every built-in rule, run as a test (ESLint style: the tests are data).</summary>
public class RuleExampleTests
{
    private static IEnumerable<RuleExampleCase> BuiltinCases() => RuleExamples.BuiltinCases();

    private static CompiledRuleSet Compiled => RuleTestSupport.Builtin;

    [TestCaseSource(nameof(BuiltinCases))]
    public void Builtin_example_behaves_as_labelled(RuleExampleCase example)
    {
        var result = RuleExamples.Run(Compiled, example);
        result.Passed.ShouldBeTrue(result.Explanation);
    }

    [Test]
    public void Every_builtin_rule_has_a_valid_and_an_invalid_example()
    {
        var set = RuleSetLoader.LoadBuiltin();
        foreach (var rule in set.Rules)
        {
            rule.ValidExamples.ShouldNotBeEmpty(rule.Id);
            rule.InvalidExamples.ShouldNotBeEmpty(rule.Id);
        }
    }

    [Test]
    public void The_required_core_rules_are_shipped()
    {
        var ids = RuleSetLoader.LoadBuiltin().Rules.Select(r => r.Id).ToList();
        // The fixed core ids (the product's public contract) are all there.
        new[]
        {
            "PR001", "PR002", "PR004", "PR101", "PR102", "PR103", "PR104", "PR105", "PR201", "PR202",
            "PR301", "PR302", "PR303", "PR304", "PR401",
        }.ShouldBeSubsetOf(ids);
        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Test]
    public void A_rule_whose_example_is_mislabelled_fails_with_an_explanation()
    {
        // PR202's valid example labelled invalid: the runner must say so.
        var set = RuleTestSupport.LoadText("""
            ruleset: t
            rules:
              - id: X1
                scope: document
                assert: doc.Department == "甲"
                message: 部门不是甲
                examples:
                  valid:
                    - { department: 乙 }
                  invalid:
                    - { department: 甲 }
            """);
        var compiled = RuleTestSupport.Compile(set);
        var results = RuleExamples.Cases(set).Select(c => RuleExamples.Run(compiled, c)).ToList();
        results.Count.ShouldBe(2);
        results.ShouldAllBe(r => !r.Passed);
        results[0].Explanation.ShouldContain("正确的示例不应有结果");
        results[1].Explanation.ShouldContain("错误的示例应至少有一个结果");
        results[0].Case.Name.ShouldBe("t/X1/valid[0]");
    }
}
