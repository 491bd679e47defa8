using PerfRules.Engines.NRules;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Runs;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// A batch of several files has its NRules network built while the files are checked (<see cref="ICrossDocumentEngine.Prepare"/>):
/// the same findings as without it, each session factory built once whoever asks first, nothing built for one file.
/// </summary>
public class PreparedNetworkTests
{
    private static string Dir => Path.Combine(TestPaths.Fixtures, "batch");

    private static string Text(ICrossDocumentEngine engine, int jobs, int files = int.MaxValue)
    {
        var rules = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = engine });
        var paths = Directory.GetFiles(Dir).Order(StringComparer.Ordinal).Take(files).ToList();
        return ReportFormats.Render(new TextFormatter(), new Linter(rules).CheckAll(paths, new CheckOptions { Jobs = jobs }));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void A_batch_prepares_the_network_and_finds_what_the_reference_engine_finds(int jobs)
    {
        var engine = new NRulesCrossDocumentEngine(oneDocumentDirect: true);
        var text = Text(engine, jobs);
        text.ShouldBe(Text(ReferenceCrossDocumentEngine.Instance, jobs));
        text.ShouldContain("PR109");
        engine.Prepared.ShouldBe(1);
        // The prepared factories are the step's: two, not four.
        engine.FactoriesCompiled.ShouldBe(2);
        engine.LambdasCompiled.ShouldBe(0);
    }

    [Test]
    public void One_file_prepares_nothing()
    {
        var engine = new NRulesCrossDocumentEngine(oneDocumentDirect: true);
        Text(engine, jobs: 2, files: 1).ShouldBe(Text(ReferenceCrossDocumentEngine.Instance, jobs: 2, files: 1));
        engine.Prepared.ShouldBe(0);
        engine.FactoriesCompiled.ShouldBe(0);
    }

    [Test]
    public void Preparing_builds_both_factories_and_evaluates_no_rule()
    {
        var engine = new NRulesCrossDocumentEngine(oneDocumentDirect: true);
        var set = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = engine });
        var run = set.CrossDocumentOf(Enumerable.Range(0, set.RuleSet.Rules.Count));
        run.DepartmentRules.ShouldNotBeEmpty();
        run.BatchRules.ShouldNotBeEmpty();
        engine.StartPrepare(run).Join();
        engine.FactoriesCompiled.ShouldBe(2);
        // The throw-away sessions fired nothing: no department was evaluated, no batch group made or kept.
        var found = run.FinishFound();
        found.Department.ShouldBeEmpty();
        found.Batch.Count.ShouldBe(0);
        // A second run of the same rule set takes the built factories.
        engine.StartPrepare(set.CrossDocumentOf(Enumerable.Range(0, set.RuleSet.Rules.Count))).Join();
        engine.FactoriesCompiled.ShouldBe(2);
    }

    [Test]
    public void Departments_are_ordered_largest_first_and_stable_within_a_size()
    {
        var random = new Random(17);
        for (var round = 0; round < 200; round++)
        {
            var departments = Enumerable.Range(0, random.Next(0, 40)).Select(_ => Enumerable.Range(0, random.Next(1, 12)).ToList()).ToList();
            CrossDocumentRun.LargestFirst(departments)
                .ShouldBe(Enumerable.Range(0, departments.Count).OrderByDescending(d => departments[d].Count).ToArray());
        }
    }
}
