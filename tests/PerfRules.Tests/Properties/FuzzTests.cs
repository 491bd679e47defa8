using System.Text;
using PerfRules.Fuzz;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Properties;

/// <summary>
/// The CI-sized fuzz run: generated hostile inputs (random bytes, damaged seeds, bad encodings,
/// NUL, whitespace, hostile YAML, markup) through decode → read → rules → every report format.
/// Nothing throws, each input is a model and/or a reading finding, and the JSON, SARIF, JUnit XML
/// and xlsx outputs parse back. The long run is tests/fuzz/run.sh (docs/hardening.md, "The fuzz suite").
/// </summary>
public class FuzzTests
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("PERFRULES_FUZZ_CASES"), out var n) && n > 0 ? n : 2000;

    private static FuzzHarness Harness() =>
        new(new Linter(RuleTestSupport.Builtin, TestFormats.Reader(new PerfRules.Ingest.ReadOptions { Codes = RuleTestSupport.Builtin.RuleSet.Codes })), Seeds.All.Select(File.ReadAllBytes).ToList());

    [Test]
    public void Thousands_of_hostile_inputs_never_crash_and_every_report_stays_valid()
    {
        var harness = Harness();
        var failures = new List<string>();
        var kinds = new HashSet<string>();
        const int batch = 50;
        for (int start = 0; start < Cases; start += batch)
        {
            var docs = new List<DocumentResult>();
            for (int i = start; i < Math.Min(Cases, start + batch); i++)
            {
                // Each kind once, then kinds at random.
                var (kind, name, bytes) = harness.Generate(FuzzHarness.CaseRandom(7, i), i < FuzzHarness.Kinds.Length ? FuzzHarness.Kinds[i] : null);
                kinds.Add(kind);
                if (harness.CheckDocument(bytes, $"case-{i}-{name}", out var results, kind) is { } error) failures.Add($"case {i} ({kind}): {error}");
                docs.AddRange(results);
            }
            if (FuzzHarness.CheckReports(new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = docs }) is { } e)
                failures.Add($"reports of cases {start}..: {e}");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
        kinds.ShouldBe(FuzzHarness.Kinds, ignoreOrder: true);
    }

    [Test]
    public void A_50_MB_file_is_one_PR006_and_is_reported_in_every_format()
    {
        var bytes = new byte[50 * 1024 * 1024];
        new Random(1).NextBytes(bytes);
        var harness = Harness();
        harness.CheckDocument(bytes, "big.bin", out var results).ShouldBeNull();
        results.ShouldHaveSingleItem().Findings.ShouldHaveSingleItem().RuleId.ShouldBe("PR006");
        FuzzHarness.CheckReports(new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = results }).ShouldBeNull();
    }

    [Test]
    public void A_5_MB_line_goes_through_every_format()
    {
        var text = File.ReadAllText(TestPaths.Seed("001")) + "\n" + new string('数', 5 * 1024 * 1024) + "\n";
        var harness = Harness();
        harness.CheckDocument(Encoding.UTF8.GetBytes(text), "long.txt", out var results).ShouldBeNull();
        results.ShouldHaveSingleItem().Findings.ShouldContain(f => f.RuleId == "PR007");
        var report = new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = results };
        FuzzHarness.CheckReports(report).ShouldBeNull();
        ReportFormats.Render(new JsonFormatter(), report).Length.ShouldBeLessThan(1_000_000); // the line is not copied into reports
    }
}
