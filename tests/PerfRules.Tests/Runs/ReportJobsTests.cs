using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Runs;

/// <summary>
/// The run's --jobs bounds the threads its JSON/SARIF writers and summary use too, so it must reach
/// every report derived from the run (a shared server given --jobs 1 gets one core throughout).
/// </summary>
public class ReportJobsTests
{
    [TestCase(1)]
    [TestCase(3)]
    public void Jobs_reach_the_report_and_every_report_derived_from_it(int jobs)
    {
        var report = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { TestPaths.Seeds }, new CheckOptions { Jobs = jobs });
        report.Jobs.ShouldBe(jobs);
        report.AtLeast(Severity.Warning).Jobs.ShouldBe(jobs);
        report.Limit(2).Jobs.ShouldBe(jobs);
        Baseline.From(report).Apply(report).Jobs.ShouldBe(jobs);
    }
}
