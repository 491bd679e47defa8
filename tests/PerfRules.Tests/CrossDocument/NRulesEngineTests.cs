using System.Collections;
using NRules.RuleModel;
using PerfRules.Engines.NRules;
using PerfRules.Model;
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
            // The engine's GroupBy (KeyGroups): by a key read from the fact alone.
            aggregate.Name.ShouldBe(KeyGroups<BatchItem, object>.Name);
            aggregate.CustomFactoryType.ShouldBe(d.Name is "PR109" or "PR110" ? typeof(BatchKeyGroups) : typeof(DepartmentGroups), d.Name);
            aggregate.Expressions.Count.ShouldBe(0, d.Name);
            // The facts' own conditions name the fact alone (alpha conditions, evaluated once per fact).
            foreach (var c in aggregate.Source.Expressions)
                string.Join(",", c.Imports.Select(x => x.Name)).ShouldBe(aggregate.Source.Declaration.Name, d.Name);
            // The group's condition names the group and the run fact, never another fact pattern.
            foreach (var c in patterns[1].Expressions)
                string.Join(",", c.Imports.Select(x => x.Name).Order(StringComparer.Ordinal)).ShouldBe("group,run", d.Name);
        }
    }

    [TestCase("nrules")]
    [TestCase("reference")]
    public void A_department_session_holds_handles_and_reads_only_the_models_a_rule_asks_for(string engine)
    {
        // A department of one overall table and 49 project tables whose models are read as asked (a
        // spilled batch's): a rule on the counts reads only the department's home table (where its
        // finding is filed). The engine's session holds positions, not models (it used to insert all 50).
        var yaml = """
            ruleset: t
            rules:
              - id: X9
                scope: department
                assert: department.ProjectTables.Count < 10
                message: '部门“{department.Name}”有 {department.ProjectTables.Count} 份项目表'
            """;
        var options = RuleTestSupport.Options with
        {
            CrossDocument = engine == "nrules" ? NRulesCrossDocumentEngine.Instance : ReferenceCrossDocumentEngine.Instance,
        };
        var set = RuleTestSupport.CompileText(yaml).WithOptions(options);
        var models = Enumerable.Range(0, 50).Select(k => new Submission
        {
            Department = "甲局",
            SourceFile = $"{k:D2}.yaml",
            Kind = k == 0 ? SubmissionKind.DepartmentOverall : SubmissionKind.ProjectTargets,
            Overall = k == 0 ? new DepartmentOverall() : null,
        }).ToList();
        var all = new Reads(models);
        var overall = new Reads(models.Take(1).ToList());
        var projects = new Reads(models.Skip(1).ToList());
        var modelReads = 0;
        var found = set.CrossDocumentOf(Enumerable.Range(0, set.RuleSet.Rules.Count))
            .RunAll(models.Count, _ => "甲局", k => { modelReads++; return models[k]; },
                (name, members) => new DepartmentDocs(name, all, projects, overall));
        var f = found.ShouldHaveSingleItem();
        (f.RuleId, f.File, f.Message).ShouldBe(("X9", "00.yaml", "部门“甲局”有 49 份项目表"));
        modelReads.ShouldBe(0);
        (all.Read + overall.Read + projects.Read).ShouldBe(1);
    }

    /// <summary>A department's models, counting each read (as SpilledModels would decode one).</summary>
    private sealed class Reads(IReadOnlyList<Submission> models) : IReadOnlyList<Submission>
    {
        public int Read;
        public int Count => models.Count;
        public Submission this[int index] { get { Read++; return models[index]; } }
        public IEnumerator<Submission> GetEnumerator() { for (var k = 0; k < models.Count; k++) yield return this[k]; }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
