using FsCheck;
using FsCheck.Fluent;
using PerfRules.Corpus;
using PerfRules.Engines.NRules;
using PerfRules.Ingest;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Tests.Properties;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// The NRules engine (its delegates in place of compiled expressions, its own GroupBy: KeyGroups) gives the
/// reference engine's findings on random runs: documents drawn with repeats from the fixtures' batch, the seeds
/// and generated documents, renamed and in random order, so groups grow, repeat across departments and
/// come in any order. The fixtures alone test a handful of fixed orders.
/// </summary>
public class EnginePropertyTests
{
    private static readonly Lazy<List<(string Name, byte[] Bytes)>> Pool = new(() =>
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "batch"))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "seeds")))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));
        // Generated documents: other departments, units and projects, a few of them repeated by the draw.
        var generated = new CorpusGenerator(new CorpusOptions { Seed = 20261203, ErrorRate = 0.3 }).Generate(0, 12)
            .Select(d => (d.File, System.Text.Encoding.UTF8.GetBytes(d.Text)));
        return files.Concat(generated).ToList();
    });

    [Test]
    public void The_engines_give_the_same_findings_on_random_runs()
    {
        var pool = Pool.Value;
        var reader = new SubmissionReader();
        var nrules = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = NRulesCrossDocumentEngine.Instance });
        var reference = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = ReferenceCrossDocumentEngine.Instance });
        var draws = from n in Gen.Choose(1, 14) from picks in Gen.Choose(0, pool.Count - 1).ArrayOf(n) select picks;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Prop.ForAll(draws.ToArbitrary(), picks =>
        {
            var docs = picks.Select((p, i) => reader.Read(pool[p].Bytes, $"d{i:00}_{pool[p].Name}").One()).ToList();
            var expected = reference.EvaluateDepartments(docs);
            nrules.EvaluateDepartments(docs).ShouldBe(expected);
            foreach (var f in expected) seen.Add(f.RuleId);
        }).Check(PropertyRuns.Config(40));
        // The draws reach every cross-document rule, so the comparison is not vacuous.
        foreach (var rule in new[] { "PR108", "PR109", "PR110", "PR515" }) seen.ShouldContain(rule);
    }
}
