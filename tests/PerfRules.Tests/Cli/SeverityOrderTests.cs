using System.Text.Json;
using System.Text.RegularExpressions;
using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

/// <summary>Text output lists a document's errors, then warnings, then info; --min-severity hides the lower levels but the counts stay.</summary>
public class SeverityOrderTests
{
    private static readonly Regex FindingLine = new(@"^\S+:\d+:\d+: (error|warning|info) PR\d+:", RegexOptions.Multiline);

    private static int Rank(string severity) => severity switch { "error" => 3, "warning" => 2, _ => 1 };

    private static List<List<string>> SeveritiesByDocument(string output) =>
        output.Split("\n\n").Select(block => FindingLine.Matches(block).Select(m => m.Groups[1].Value).ToList()).Where(l => l.Count > 0).ToList();

    [Test]
    public void Errors_come_first_in_every_document()
    {
        var (code, output, err) = CliRunner.Run("lint", TestPaths.Seeds, "--fail-on", "never");
        code.ShouldBe(CliApp.Ok, err);
        var documents = SeveritiesByDocument(output);
        documents.Count.ShouldBe(5);
        foreach (var severities in documents)
            severities.Select(Rank).ShouldBe(severities.Select(Rank).OrderByDescending(x => x), string.Join(",", severities));
        // Seed 000 has info findings on earlier lines than its errors; the listing starts with an error.
        documents.Count(d => d[0] == "error" && d.Contains("info")).ShouldBeGreaterThan(0);
    }

    [Test]
    public void Min_severity_hides_lower_levels_from_the_lists_but_the_summary_counts_them()
    {
        var all = CliRunner.Run("lint", TestPaths.Seeds, "--fail-on", "never");
        var some = CliRunner.Run("lint", TestPaths.Seeds, "--fail-on", "never", "--min-severity", "warning");
        FindingLine.Matches(some.Out).Select(m => m.Groups[1].Value).ShouldNotContain("info");
        FindingLine.Matches(some.Out).Count.ShouldBe(FindingLine.Matches(all.Out).Count(m => m.Groups[1].Value != "info"));
        var counts = all.Out.Split('\n').Single(l => l.StartsWith("共检查 "));
        some.Out.ShouldContain(counts);
        var infos = FindingLine.Matches(all.Out).Count(m => m.Groups[1].Value == "info");
        some.Out.ShouldContain($"另有 {infos} 条低于“警告”级别的结果未列出（--min-severity），汇总中已计入");

        // Hidden findings still fail the run.
        CliRunner.Run("lint", Seeds.Path0("003"), "--min-severity", "error", "--fail-on", "info").Code.ShouldBe(CliApp.Findings);
    }

    [Test]
    public void Min_severity_applies_to_every_format()
    {
        var (_, output, _) = CliRunner.Run("lint", Seeds.Path0("000"), "--fail-on", "never", "--min-severity", "error", "--format", "json");
        using var json = JsonDocument.Parse(output);
        var severities = json.RootElement.GetProperty("documents").EnumerateArray()
            .SelectMany(d => d.GetProperty("findings").EnumerateArray()).Select(f => f.GetProperty("severity").GetString()).ToList();
        severities.ShouldNotBeEmpty();
        severities.ShouldAllBe(s => s == "error");
    }
}
