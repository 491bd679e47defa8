using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests;

public class LineCoverageTests
{
    private static readonly SourceText Text = new("t.txt", "title\n\t\ngoal\nindicator\ncategory", "utf-8");

    [Test]
    public void Reports_the_non_blank_lines_no_span_reaches()
    {
        var s = new Submission();
        s.Furniture.Add(Text.LineSpan(1));
        s.Units.Add(new FundingUnit { Projects = { new Project { GoalSpan = Text.LineSpan(3) } } });
        LineCoverage.UncoveredLines(Text, s).ShouldBe(new[] { 4, 5 });
    }

    [Test]
    public void Finds_spans_deep_in_the_model()
    {
        var s = new Submission();
        s.Diagnostics.Add(new Diagnostic("PR002", "x", Text.Range(1, 3)));
        s.Overall = new DepartmentOverall
        {
            Indicators = { new Indicator { Annual = new TargetValue { Text = "1个", Span = SourceSpan.Line(4, 2, 3) } } },
            EmptyCategories = { new IndicatorCategory { Span = Text.LineSpan(5) } },
        };
        LineCoverage.UncoveredLines(Text, s).ShouldBeEmpty();
        LineCoverage.Spans(s).Count().ShouldBe(3);
    }
}
