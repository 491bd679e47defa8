using NRules.RuleModel;
using PerfRules.Engines.NRules;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// The NRules engine's rule definitions keep the work linear: NRules 1.0.4 tries a beta condition on
/// every pair of facts (no hashed joins), so no definition may join facts with each other. Checked on
/// the definitions themselves: this cannot flake the way a timing would.
/// </summary>
public class NRulesEngineTests
{
    private static CrossDocumentRun Run() =>
        RuleTestSupport.Builtin.CrossDocumentOf(Enumerable.Range(0, RuleTestSupport.Builtin.RuleSet.Rules.Count));

    [Test]
    public void Every_cross_document_rule_is_one_aggregate_over_one_pattern_with_no_join_between_facts()
    {
        var run = Run();
        run.DepartmentRules.Select(i => run.Rule(i).Id).ShouldBe(new[] { "PR108", "PR515" });
        run.BatchRules.Select(i => run.Rule(i).Id).ShouldBe(new[] { "PR109", "PR110" });
        var definitions = run.DepartmentRules.Select(i => NRulesCrossDocumentEngine.DepartmentRule(run, i))
            .Concat(run.BatchRules.Select(i => NRulesCrossDocumentEngine.BatchRule(run, i))).ToList();
        foreach (var d in definitions)
        {
            var patterns = d.LeftHandSide.ChildElements.Cast<PatternElement>().ToList();
            // The run fact (one per session), then the grouping: nothing else is matched.
            patterns.Select(p => p.ValueType).First().Name.ShouldBe("RunFact");
            patterns.Count.ShouldBe(2, d.Name);
            var aggregate = patterns[1].Source.ShouldBeOfType<AggregateElement>();
            aggregate.Name.ShouldBe(AggregateElement.GroupByName);
            // The facts' own conditions name the fact alone (alpha conditions, evaluated once per fact).
            foreach (var c in aggregate.Source.Expressions)
                string.Join(",", c.Imports.Select(x => x.Name)).ShouldBe(aggregate.Source.Declaration.Name, d.Name);
            // The group's condition names the group and the run fact, never another fact pattern.
            foreach (var c in patterns[1].Expressions)
                string.Join(",", c.Imports.Select(x => x.Name).Order(StringComparer.Ordinal)).ShouldBe("group,run", d.Name);
        }
    }
}
