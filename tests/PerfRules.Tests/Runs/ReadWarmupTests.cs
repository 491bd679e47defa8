using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Runs;

namespace PerfRules.Tests.Runs;

public class ReadWarmupTests
{
    // The warm-up only helps if its sample goes the way a real table goes: read as a table, with projects and indicators.
    [Test]
    public void The_sample_reads_as_a_table_with_projects_and_indicators()
    {
        var read = new SubmissionReader().Read(Encoding.UTF8.GetBytes(ReadWarmup.Sample), "示例.txt");
        var s = read.Documents.ShouldHaveSingleItem().Submission;
        s.Layout.ShouldBe("inline");
        s.Kind.ShouldBe(SubmissionKind.ProjectTargets);
        s.Projects.Count().ShouldBe(2);
        s.AllIndicators.Count().ShouldBe(8);
        s.Diagnostics.ShouldBeEmpty();
    }

    [Test]
    public void Running_it_never_throws() => Should.NotThrow(() => ReadWarmup.Run(InputFormats.Default()));

    // With the run's rules it checks the sample too (their code compiled ahead): the rules run and find something.
    [Test]
    public void With_rules_it_checks_the_sample() => ReadWarmup.Check(InputFormats.Default(), PerfRules.Tests.Rules.RuleTestSupport.Builtin).ShouldBeGreaterThan(0);
}
