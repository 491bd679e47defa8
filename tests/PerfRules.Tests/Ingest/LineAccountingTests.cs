using PerfRules.Ingest;

namespace PerfRules.Tests.Ingest;

/// <summary>Nothing in the input may be dropped silently: every non-blank line is in the model or in a diagnostic.</summary>
public class LineAccountingTests
{
    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Every_non_blank_line_of_the_seed_is_accounted_for(string prefix)
    {
        var source = Seeds.Text(prefix);
        var s = new SubmissionReader().Read(source);
        LineCoverage.UncoveredLines(source, s).ShouldBeEmpty();
        s.Diagnostics.ShouldBeEmpty();
    }

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Every_line_of_a_line_shuffled_seed_is_accounted_for(string prefix)
    {
        var lines = Seeds.Text(prefix).Lines.ToList();
        var rng = new Random(7);
        for (int round = 0; round < 25; round++)
        {
            var copy = lines.ToList();
            for (int i = 0; i < 6; i++)
            {
                int a = rng.Next(copy.Count), b = rng.Next(copy.Count);
                (copy[a], copy[b]) = (copy[b], copy[a]);
            }
            var source = new SourceText("shuffled.txt", string.Join("\n", copy), "utf-8");
            var s = new SubmissionReader().Read(source);
            LineCoverage.UncoveredLines(source, s).ShouldBeEmpty($"round {round}");
        }
    }
}
