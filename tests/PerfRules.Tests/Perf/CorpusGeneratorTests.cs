using PerfRules.Corpus;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The generated corpus is only a fair benchmark if it is what it claims: the same bytes for the
/// same seed, every layout, every injected error found where the manifest says, and nothing else.
/// </summary>
public class CorpusGeneratorTests
{
    private const int Count = 24;
    private static readonly CorpusOptions Options = new() { Seed = 20260101, ErrorRate = 0.5 };

    private static List<GeneratedDocument> Generate(CorpusOptions? options = null) =>
        new CorpusGenerator(options ?? Options).Generate(0, Count).ToList();

    private static readonly Lazy<List<(GeneratedDocument Doc, DocumentResult Result)>> Linted = new(() =>
    {
        var linter = new Linter(RuleTestSupport.Builtin);
        return Generate().Select(d => (d, linter.Check(System.Text.Encoding.UTF8.GetBytes(d.Text), d.File).One())).ToList();
    });

    [Test]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        var a = Generate();
        var b = Generate();
        a.Select(d => d.Text).ShouldBe(b.Select(d => d.Text));
        ManifestJson.Serialize(new CorpusManifest { Documents = a.Select(Entry).ToList() })
            .ShouldBe(ManifestJson.Serialize(new CorpusManifest { Documents = b.Select(Entry).ToList() }));
        // Each document depends only on the seed and its index.
        new CorpusGenerator(Options).Generate(17).Text.ShouldBe(a[17].Text);
        var other = Generate(Options with { Seed = Options.Seed + 1 });
        other.Zip(a).Count(p => p.First.Text == p.Second.Text).ShouldBe(0);

        static ManifestDocument Entry(GeneratedDocument d) => new()
        {
            File = d.File, Layout = d.Layout.ToString(), Department = d.Department, Errors = d.Errors.ToList(),
        };
    }

    [Test]
    public void Documents_come_in_all_three_layouts_and_are_read_in_the_layout_they_were_written_in()
    {
        var linted = Linted.Value;
        linted.Select(x => x.Doc.Layout).Distinct().Count().ShouldBe(3);
        foreach (var (doc, result) in linted)
            result.Submission.Layout.ShouldBe(doc.Layout.ToString().ToLowerInvariant(), doc.File);
    }

    [Test]
    public void The_documents_vary_names_and_amounts_and_keep_clean_amounts_consistent()
    {
        var linted = Linted.Value;
        linted.Select(x => x.Doc.Department).Distinct().Count().ShouldBeGreaterThan(Count / 3);
        var projects = linted.SelectMany(x => x.Result.Submission.Projects).ToList();
        projects.Select(p => p.Name).Distinct().Count().ShouldBeGreaterThan(projects.Count / 2);
        projects.Select(p => p.Amounts.Total).Distinct().Count().ShouldBeGreaterThan(projects.Count / 2);
        // Where no amount error was injected, every unit is the sum of its projects.
        foreach (var (doc, result) in linted.Where(x => x.Doc.Layout != CorpusLayout.Overall && x.Doc.Errors.Count == 0))
            foreach (var unit in result.Submission.Units)
                unit.Amounts.Total.ShouldBe(unit.Projects.Sum(p => p.Amounts.Total), doc.File + " " + unit.Name);
    }

    [Test]
    public void Every_injected_error_is_found_with_its_rule_id_where_the_manifest_says()
    {
        var linted = Linted.Value;
        linted.Count(x => x.Doc.Errors.Count > 0).ShouldBeGreaterThan(Count / 4);
        foreach (var (doc, result) in linted)
        {
            var errors = result.Findings.Where(f => f.Severity == Severity.Error).ToList();
            foreach (var e in doc.Errors)
                errors.ShouldContain(f => f.RuleId == e.RuleId
                                          && (e.Unit == null || f.Unit == e.Unit)
                                          && (e.Project == null || f.Project == e.Project)
                                          && (e.IndicatorSeq == null || f.IndicatorSeq == e.IndicatorSeq),
                    $"{doc.File}: {e.RuleId} ({e.Description}) not found; found: {string.Join("; ", errors)}");
            // Nothing at error level beyond what was injected (and what it trips as a consequence).
            var expected = doc.Errors.SelectMany(e => e.AlsoTrips.Prepend(e.RuleId)).ToHashSet();
            errors.Where(f => !expected.Contains(f.RuleId)).ShouldBeEmpty(doc.File);
        }
    }

    [Test]
    public void The_manifest_is_written_beside_the_documents_and_reads_back()
    {
        var dir = Path.Combine(Path.GetTempPath(), "perfrules-corpus-test-" + Environment.ProcessId);
        try
        {
            var written = new CorpusGenerator(Options).WriteCorpus(dir, 6);
            Directory.GetFiles(Path.Combine(dir, "docs")).Length.ShouldBe(6);
            var back = ManifestJson.Deserialize(File.ReadAllText(Path.Combine(dir, "manifest.json")));
            back.Seed.ShouldBe(Options.Seed);
            back.Documents.Select(d => d.File).ShouldBe(written.Documents.Select(d => d.File));
            back.Documents.SelectMany(d => d.Errors).ShouldNotBeEmpty();
            ManifestJson.Serialize(back).ShouldBe(ManifestJson.Serialize(written));
            foreach (var d in back.Documents)
                new FileInfo(Path.Combine(dir, d.File)).Length.ShouldBe(d.Bytes);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
