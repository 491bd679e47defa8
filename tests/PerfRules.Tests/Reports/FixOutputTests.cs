using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Runs;
using PerfRules.Rules;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Reports;

/// <summary>Every finding says what to change (the rule's fix), and every format shows it.</summary>
public class FixOutputTests
{
    private static LintReport Seed003()
    {
        var relative = Path.GetRelativePath(Seeds.RepoRoot, Seeds.Path0("003")).Replace('\\', '/');
        var result = new Linter(RuleTestSupport.Builtin).Check(File.ReadAllBytes(Seeds.Path0("003")), relative).One();
        return new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new[] { result } };
    }

    [Test]
    public void Text_output_shows_the_fix_as_an_indented_line_under_its_finding()
    {
        var report = Seed003();
        var findings = report.Findings.ToList();
        findings.ShouldNotBeEmpty();
        var lines = ReportFormats.Render(new TextFormatter(), report).Split('\n');
        foreach (var f in findings)
        {
            var at = Array.FindIndex(lines, l => l.EndsWith($" {f.RuleId}: {f.Message}", StringComparison.Ordinal));
            at.ShouldBeGreaterThanOrEqualTo(0, f.Message);
            lines[at + 1].ShouldBe("    修改建议：" + f.Fix);
        }
    }

    [Test]
    public void Json_output_has_the_fix_of_each_finding()
    {
        var report = Seed003();
        using var doc = JsonDocument.Parse(ReportFormats.Render(new JsonFormatter(), report));
        var fixes = doc.RootElement.GetProperty("documents")[0].GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("fix").GetString()).ToList();
        fixes.ShouldBe(report.Findings.Select(f => f.Fix));
        // 003 line 36 (4 against 4辆): the fix writes the unit the cycle value left off.
        fixes.ShouldContain("在实施周期指标值中补上单位，写作“4辆”");
    }

    [Test]
    public void Html_output_shows_the_fix_under_each_finding()
    {
        var report = Seed003();
        var html = ReportFormats.Render(new HtmlFormatter(), report);
        foreach (var f in report.Findings)
            html.ShouldContain($"<div class=\"fix\">修改建议：{HtmlFormatter.E(f.Fix)}</div>");
    }

    [Test]
    public void A_finding_of_a_rule_without_a_fix_has_none_and_the_formats_leave_it_out()
    {
        // fix is optional outside the built-in set.
        var set = RuleTestSupport.CompileText("ruleset: x\nrules:\n  - id: X1\n    scope: document\n    assert: \"false\"\n    message: 总是报告\n");
        var result = new Linter(set).Check("部门名称：示例局\n"u8.ToArray(), "x.txt").One();
        var f = result.Findings.Single(x => x.RuleId == "X1");
        f.Fix.ShouldBeNull();
        var report = new LintReport { RuleSet = set.RuleSet, Documents = new[] { result } };
        ReportFormats.Render(new TextFormatter(), report).ShouldNotContain("修改建议");
        using var json = JsonDocument.Parse(ReportFormats.Render(new JsonFormatter(), report));
        json.RootElement.GetProperty("documents")[0].GetProperty("findings")[0].TryGetProperty("fix", out _).ShouldBeFalse();
    }
}
