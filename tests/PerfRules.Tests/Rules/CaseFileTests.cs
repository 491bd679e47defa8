using PerfRules.Rules;

namespace PerfRules.Tests.Rules;

/// <summary>
/// fixtures/cases/&lt;rule&gt;/: small documents in the seed layouts. Each trip-* file must trip its
/// rule; each ok-* file is a near miss that must not.
/// </summary>
public class CaseFileTests
{
    private static string CasesDir => Path.Combine(TestPaths.Fixtures, "cases");

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.GetDirectories(CasesDir).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Where(f => !f.EndsWith(".expect.yaml", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
            .Select(f => new TestCaseData(Path.GetFileName(Path.GetDirectoryName(f)!), Path.GetFileName(f))
                .SetName($"{Path.GetFileName(Path.GetDirectoryName(f))}/{Path.GetFileName(f)}"));

    [TestCaseSource(nameof(Cases))]
    public void Case_file_trips_exactly_when_named_so(string ruleId, string file)
    {
        var result = new Linter(RuleTestSupport.Builtin).Check(Path.Combine(CasesDir, ruleId, file));
        var hits = result.Findings.Where(f => f.RuleId == ruleId).ToList();
        if (file.StartsWith("trip-", StringComparison.Ordinal))
            hits.ShouldNotBeEmpty($"{ruleId}/{file} should trip {ruleId}; found: {string.Join("; ", result.Findings.Select(f => f.RuleId))}");
        else
            hits.ShouldBeEmpty($"{ruleId}/{file} is a near miss; {ruleId} should not fire");
        result.Findings.ShouldNotContain(f => f.IsRuleFailure);
    }

    [Test]
    public void Every_fixed_core_rule_has_a_tripping_case_and_a_near_miss()
    {
        var core = new[]
        {
            "PR001", "PR002", "PR004", "PR101", "PR102", "PR103", "PR104", "PR105", "PR201", "PR202",
            "PR301", "PR302", "PR303", "PR304", "PR401",
        };
        foreach (var id in core)
        {
            var files = Directory.GetFiles(Path.Combine(CasesDir, id)).Select(Path.GetFileName).ToList();
            files.ShouldContain(f => f!.StartsWith("trip-"), id);
            files.ShouldContain(f => f!.StartsWith("ok-"), id);
        }
    }
}
