using PerfRules.Runs;

namespace PerfRules.Tests.Engines;

/// <summary>Every built-in rule's examples under RulesEngine: each behaves as labelled, with the compiled engine's findings.</summary>
public class RulesEngineExampleTests
{
    private static IEnumerable<RuleExampleCase> BuiltinCases() => RuleExamples.BuiltinCases();

    [TestCaseSource(nameof(BuiltinCases))]
    public void Builtin_example_gives_the_same_findings_under_both_engines(RuleExampleCase example)
    {
        var re = RuleExamples.Run(EngineTestSupport.Builtin, example);
        re.Passed.ShouldBeTrue(re.Explanation);
        var compiled = RuleExamples.Run(PerfRules.Tests.Rules.RuleTestSupport.Builtin, example);
        FindingDiff.Describe(re.Findings).ShouldBe(FindingDiff.Describe(compiled.Findings));
    }
}
