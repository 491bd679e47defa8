using PerfRules.Engines.NRules;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// A run of one document skips the NRules network (its groups go to the core directly, as the reference engine
/// makes them): the same findings as the network's, also where a lone document does get cross-document findings,
/// and no session factory compiled; a run of two documents is matched in NRules sessions as before.
/// </summary>
public class OneDocumentRunTests
{
    // A department rule that fires on a department of one document, and a batch rule that fires on a key
    // repeated within one document: cross-document scopes, yet a lone document gets findings from both.
    private const string LoneFindings = """
        ruleset: t
        rules:
          - id: D1
            scope: department
            assert: department.OverallTables.Count == 1
            message: '部门“{department.Name}”缺少部门整体表'
          - id: B1
            scope: batch
            match: { each: project, key: project.Name }
            assert: group.Count == 1
            message: "{item.Name} 共 {group.Count} 处"
        """;

    private static Submission Doc(string file, string department, params string[] projects) =>
        CanonicalReader.Parse($"kind: projectTargets\ndepartment: {department}\nunits: [ {{ name: 中心, projects: [ {string.Join(", ", projects.Select(p => "{ name: " + p + " }"))} ] }} ]\n", file);

    private static IReadOnlyList<Finding> Run(CompiledRuleSet set, ICrossDocumentEngine engine, IReadOnlyList<Submission> docs) =>
        set.WithOptions(set.Options with { CrossDocument = engine }).EvaluateDepartments(docs);

    [Test]
    public void A_lone_document_gets_the_same_cross_document_findings_without_a_network()
    {
        var set = RuleSetCompiler.Compile(RuleTestSupport.LoadText(LoneFindings), RuleTestSupport.Options);
        var direct = new NRulesCrossDocumentEngine(oneDocumentDirect: true);
        var network = new NRulesCrossDocumentEngine(oneDocumentDirect: false);
        var docs = new[] { Doc("a.yaml", "甲", "会展业务费", "培训费", "会展业务费") };

        var found = Run(set, direct, docs);
        found.Select(f => (f.RuleId, f.File, f.Project)).ShouldBe(new (string, string, string?)[]
        {
            ("D1", "a.yaml", null), ("B1", "a.yaml", "会展业务费"), ("B1", "a.yaml", "会展业务费"),
        });
        found.ShouldBe(Run(set, network, docs));
        found.ShouldBe(Run(set, ReferenceCrossDocumentEngine.Instance, docs));
        direct.FactoriesCompiled.ShouldBe(0);
        network.FactoriesCompiled.ShouldBe(2);
    }

    [Test]
    public void Two_documents_are_matched_in_NRules_sessions()
    {
        var set = RuleSetCompiler.Compile(RuleTestSupport.LoadText(LoneFindings), RuleTestSupport.Options);
        var direct = new NRulesCrossDocumentEngine(oneDocumentDirect: true);
        var docs = new[] { Doc("a.yaml", "甲", "会展业务费"), Doc("b.yaml", "乙", "会展业务费") };
        var found = Run(set, direct, docs);
        found.Count(f => f.RuleId == "B1").ShouldBe(2);
        found.ShouldBe(Run(set, ReferenceCrossDocumentEngine.Instance, docs));
        direct.FactoriesCompiled.ShouldBe(2);
        // Every condition and action of the definitions has its delegate: no expression is compiled.
        direct.LambdasCompiled.ShouldBe(0);
    }

    [TestCase("seeds")]
    [TestCase("batch")]
    [TestCase("cases")]
    public void Each_fixture_alone_gives_the_networks_findings(string folder)
    {
        var reader = new SubmissionReader();
        var direct = new NRulesCrossDocumentEngine(oneDocumentDirect: true);
        var network = new NRulesCrossDocumentEngine(oneDocumentDirect: false);
        var files = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, folder), "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        files.ShouldNotBeEmpty();
        var cross = 0;
        foreach (var file in files)
        {
            var docs = reader.ReadFile(file).Documents.Select(d => d.Submission).ToList();
            if (docs.Count != 1) continue;
            var found = Run(RuleTestSupport.Builtin, direct, docs);
            found.ShouldBe(Run(RuleTestSupport.Builtin, network, docs), file);
            cross += found.Count;
        }
        direct.FactoriesCompiled.ShouldBe(0);
        network.FactoriesCompiled.ShouldBeGreaterThan(0);
        TestContext.Out.WriteLine($"{folder}: {files.Count} files, {cross} cross-document findings on lone documents");
    }
}
