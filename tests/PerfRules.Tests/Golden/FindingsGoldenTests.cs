using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Golden;

/// <summary>
/// The findings of the built-in rules on every seed, exactly. fixtures/golden/README.md says, for
/// each, why it is a genuine problem of the seed.
/// </summary>
public class FindingsGoldenTests
{
    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Seed_findings_match_their_golden_file(string prefix)
    {
        var relative = Path.GetRelativePath(Seeds.RepoRoot, Seeds.Path0(prefix)).Replace('\\', '/');
        var linter = new Linter(RuleTestSupport.Builtin);
        var result = linter.Check(File.ReadAllBytes(Seeds.Path0(prefix)), relative).One();
        var report = new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new[] { result } };
        GoldenFiles.Check($"{prefix}.findings.txt", ReportFormats.Render(new TextFormatter(), report));
    }
}
