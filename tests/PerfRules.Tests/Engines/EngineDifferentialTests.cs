using PerfRules.Corpus;
using PerfRules.Runs;
using PerfRules.Tests.Cli;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Engines;

/// <summary>
/// The two engines are independent implementations of the same rules: on the seeds, every case
/// file and 2,000 generated documents with injected errors they must give the same findings (rule,
/// severity, message, fix, span, related span, path, evidence, fingerprint). A difference is a bug in
/// one of them.
/// </summary>
public class EngineDifferentialTests
{
    private const int Generated = 2000;

    private static readonly Lazy<Linter> Compiled = new(() => new Linter(RuleTestSupport.Builtin));
    private static readonly Lazy<Linter> Dynamic = new(() => new Linter(EngineTestSupport.Builtin));

    private static void Same(byte[] bytes, string name)
    {
        var a = Compiled.Value.Check(bytes, name).SelectMany(d => d.Findings).ToList();
        var b = Dynamic.Value.Check(bytes, name).SelectMany(d => d.Findings).ToList();
        FindingDiff.ShouldBeSame(b, a, name);
    }

    [Test]
    public void The_seeds_give_the_same_findings_under_both_engines()
    {
        var total = 0;
        foreach (var seed in Seeds.All)
        {
            Same(File.ReadAllBytes(seed), Path.GetFileName(seed));
            total += Compiled.Value.Check(seed).Sum(d => d.Findings.Count);
        }
        total.ShouldBeGreaterThan(0); // the seeds do trip rules: the comparison is not of two empty lists
    }

    [Test]
    public void Every_case_file_gives_the_same_findings_under_both_engines()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Repo, "fixtures", "cases"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".expect.yaml", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThan(40);
        foreach (var f in files) Same(File.ReadAllBytes(f), Path.GetRelativePath(TestPaths.Repo, f));
    }

    [Test]
    public void Generated_documents_with_injected_errors_give_the_same_findings_under_both_engines()
    {
        var generator = new CorpusGenerator(new CorpusOptions { Seed = 20261130, ErrorRate = 0.5 });
        var found = 0;
        foreach (var d in generator.Generate(0, Generated))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(d.Text);
            var a = Compiled.Value.Check(bytes, d.File).SelectMany(x => x.Findings).ToList();
            var b = Dynamic.Value.Check(bytes, d.File).SelectMany(x => x.Findings).ToList();
            FindingDiff.ShouldBeSame(b, a, d.File);
            found += a.Count;
        }
        found.ShouldBeGreaterThan(Generated / 4);
    }

    [Test]
    public void Lint_of_the_seeds_as_json_is_the_same_under_rulesengine()
    {
        var (code, compiled, _) = CliRunner.Run("lint", Seeds.Dir, "--format", "json");
        var (code2, dynamic, err) = CliRunner.Run("lint", Seeds.Dir, "--engine", "rulesengine", "--format", "json");
        code2.ShouldBe(code, err);
        compiled.ShouldContain("\"fingerprint\"");
        dynamic.ShouldBe(compiled);
    }

    [Test]
    public void An_unknown_engine_is_a_usage_error()
    {
        var (code, _, err) = CliRunner.Run("lint", Seeds.Dir, "--engine", "nrules");
        code.ShouldBe(2);
        err.ShouldContain("nrules");
    }
}
