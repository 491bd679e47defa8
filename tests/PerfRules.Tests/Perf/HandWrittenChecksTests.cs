using PerfRules.Benchmarks;
using PerfRules.Corpus;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The benchmark compares the engine with hand-written checks; that is fair only if both find the
/// same things. Rule id and location (span, unit, project, indicator) must agree finding for finding.
/// </summary>
public class HandWrittenChecksTests
{
    private static List<string> Engine(Submission doc) =>
        RuleTestSupport.Builtin.Evaluate(doc)
            .Where(f => HandWrittenChecks.RuleIds.Contains(f.RuleId))
            .Select(f => Key(f.RuleId, f.Span, f.Unit, f.Project, f.IndicatorSeq))
            .Order(StringComparer.Ordinal).ToList();

    private static List<string> Hand(Submission doc) =>
        new HandWrittenChecks().Check(doc)
            .Select(f => Key(f.RuleId, f.Span, f.Unit, f.Project, f.IndicatorSeq))
            .Order(StringComparer.Ordinal).ToList();

    private static string Key(string id, SourceSpan? span, string? unit, string? project, int? seq) =>
        $"{id} @{span} {unit} › {project} › {seq}";

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void On_each_seed_the_hand_written_checks_find_what_the_engine_finds(string prefix)
    {
        var doc = Seeds.Read(prefix);
        var engine = Engine(doc);
        Hand(doc).ShouldBe(engine);
    }

    // The full floor builds the engine's output too: the same findings, field for field, in the same order.
    private static List<Finding> EngineFull(Submission doc) =>
        RuleTestSupport.Builtin.Evaluate(doc).Where(f => HandWrittenChecks.RuleIds.Contains(f.RuleId)).ToList();

    private static List<Finding> HandFull(Submission doc) =>
        new HandWrittenChecks(set: RuleTestSupport.Builtin.RuleSet).CheckFull(doc);

    private static void ShouldBeTheSame(List<Finding> hand, List<Finding> engine, string file)
    {
        hand.Count.ShouldBe(engine.Count, file);
        for (var k = 0; k < engine.Count; k++)
        {
            // Field by field first, so that a difference says where it is.
            hand[k].RuleId.ShouldBe(engine[k].RuleId, file);
            hand[k].Message.ShouldBe(engine[k].Message, file);
            hand[k].Path.ShouldBe(engine[k].Path, file);
            hand[k].Evidence.ShouldBe(engine[k].Evidence, file);
            hand[k].ShouldBe(engine[k], file);
        }
    }

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void On_each_seed_the_full_hand_written_checks_give_the_engines_findings(string prefix)
    {
        var doc = Seeds.Read(prefix);
        ShouldBeTheSame(HandFull(doc), EngineFull(doc), prefix);
    }

    [Test]
    public void On_a_generated_corpus_the_full_hand_written_checks_give_the_engines_findings()
    {
        var reader = new SubmissionReader();
        var docs = new CorpusGenerator(new CorpusOptions { Seed = 77, ErrorRate = 0.8 }).Generate(0, 80)
            .Select(d => reader.Read(System.Text.Encoding.UTF8.GetBytes(d.Text), d.File).One()).ToList();
        var rules = new HashSet<string>();
        foreach (var doc in docs)
        {
            var engine = EngineFull(doc);
            ShouldBeTheSame(HandFull(doc), engine, doc.SourceFile);
            rules.UnionWith(engine.Select(f => f.RuleId));
        }
        rules.Count.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Test]
    public void The_seeds_give_findings_of_several_of_the_rules()
    {
        // Guards against an equivalence that holds because neither side finds anything.
        var ids = Seeds.Prefixes.SelectMany(p => Hand(Seeds.Read(p))).Select(k => k[..5]).Distinct().ToList();
        ids.ShouldContain("PR104");
        ids.ShouldContain("PR202");
        ids.ShouldContain("PR401");
    }

    [Test]
    public void On_a_generated_corpus_the_hand_written_checks_find_what_the_engine_finds()
    {
        var reader = new SubmissionReader();
        var docs = new CorpusGenerator(new CorpusOptions { Seed = 99, ErrorRate = 0.8 }).Generate(0, 60)
            .Select(d => reader.Read(System.Text.Encoding.UTF8.GetBytes(d.Text), d.File).One()).ToList();
        int findings = 0;
        var rules = new HashSet<string>();
        foreach (var doc in docs)
        {
            var engine = Engine(doc);
            Hand(doc).ShouldBe(engine, doc.SourceFile);
            findings += engine.Count;
            rules.UnionWith(engine.Select(k => k[..5]));
        }
        findings.ShouldBeGreaterThan(30);
        rules.Count.ShouldBeGreaterThanOrEqualTo(10);
    }
}
