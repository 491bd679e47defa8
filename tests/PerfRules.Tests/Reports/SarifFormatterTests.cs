using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Reports;

public class SarifFormatterTests
{
    private static JsonElement SeedsSarif(out LintReport report)
    {
        var linter = new Linter(RuleTestSupport.Builtin);
        report = new LintReport
        {
            RuleSet = RuleTestSupport.Builtin.RuleSet,
            Documents = Seeds.All.Select(f => linter.Check(File.ReadAllBytes(f), f).One()).ToList(),
        };
        var text = ReportFormats.Render(new SarifFormatter { BaseDirectory = Seeds.RepoRoot }, report);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Test]
    public void Driver_describes_the_tool_and_every_rule()
    {
        var run = SeedsSarif(out var report).GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        driver.GetProperty("name").GetString().ShouldBe("PerfRules");
        driver.GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        rules.Select(r => r.GetProperty("id").GetString()).ShouldBe(report.RuleSet.Rules.Select(r => r.Id));
        foreach (var r in rules)
        {
            r.GetProperty("shortDescription").GetProperty("text").GetString().ShouldNotBeNullOrEmpty();
            r.GetProperty("fullDescription").GetProperty("text").GetString().ShouldNotBeNullOrEmpty();
            r.GetProperty("help").GetProperty("text").GetString().ShouldNotBeNullOrEmpty();
        }
        // A rule's help says how to fix what it finds: the fix template, its values left as …
        var pr101 = rules.Single(r => r.GetProperty("id").GetString() == "PR101").GetProperty("help").GetProperty("text").GetString()!;
        pr101.ShouldEndWith("\n修改建议：总计应为 …（各资金来源之和），或核对各资金来源的金额");
    }

    [Test]
    public void A_results_message_carries_the_findings_fix()
    {
        var run = SeedsSarif(out var report).GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var findings = report.Findings.ToList();
        findings.ShouldAllBe(f => f.Fix != null && f.Fix.Length > 0);
        results.Select(r => r.GetProperty("message").GetProperty("text").GetString())
            .ShouldBe(findings.Select(f => f.Message + "\n修改建议：" + f.Fix));
    }

    [Test]
    public void Results_carry_location_fingerprints_and_logical_properties()
    {
        var run = SeedsSarif(out var report).GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(report.Findings.Count());
        var pr202 = results.First(r => r.GetProperty("ruleId").GetString() == "PR202");
        pr202.GetProperty("level").GetString().ShouldBe("error");
        pr202.GetProperty("message").GetProperty("text").GetString()!.ShouldContain("没有效益指标");
        var physical = pr202.GetProperty("locations")[0].GetProperty("physicalLocation");
        physical.GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("fixtures/seeds/000_7f774831c9bf6acc.txt");
        var region = physical.GetProperty("region");
        region.GetProperty("startLine").GetInt32().ShouldBe(607);
        region.GetProperty("startColumn").GetInt32().ShouldBe(5);
        region.GetProperty("endColumn").GetInt32().ShouldBeGreaterThan(region.GetProperty("startColumn").GetInt32());
        var fp = pr202.GetProperty("partialFingerprints");
        fp.GetProperty("primaryLocationLineHash").GetString().ShouldNotBeNullOrEmpty();
        fp.GetProperty("perfrulesFingerprint/v1").GetString()!.Length.ShouldBe(16);
        var props = pr202.GetProperty("properties");
        props.GetProperty("department").GetString().ShouldBe("广州市协作办公室");
        props.GetProperty("unit").GetString().ShouldBe("广州市国内合作服务中心");
        props.GetProperty("project").GetString().ShouldBe("办公(业务)用房租赁经费");
        // Seed 003 line 36: "2、1-产出指标；11-数量指标；长期租赁小型客车数量；实施周期指标值:4；年度指标值:4辆" — indicator 2 (PR406: a unit
        // left off one side), at the cycle value 4 (line 37, column 16); the indicator from line 36 is its related location.
        var indicator = results.Single(r => r.GetProperty("ruleId").GetString() == "PR406"
            && r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() == 37);
        indicator.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startColumn").GetInt32().ShouldBe(16);
        indicator.GetProperty("relatedLocations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(36);
        indicator.GetProperty("properties").GetProperty("indicator").GetInt32().ShouldBe(2);
        indicator.GetProperty("properties").GetProperty("project").GetString().ShouldBe("车辆租用经费");
        results.Select(r => r.GetProperty("level").GetString()).ShouldBeSubsetOf(new[] { "error", "warning", "note" });
    }

    [Test]
    public void Line_independent_fingerprint_survives_moved_lines()
    {
        var linter = new Linter(RuleTestSupport.Builtin);
        var text = File.ReadAllText(Seeds.Path0("003"));
        var before = linter.Check(System.Text.Encoding.UTF8.GetBytes(text), "003.txt").One().Findings;
        var after = linter.Check(System.Text.Encoding.UTF8.GetBytes("\n\n\n" + text), "003.txt").One().Findings;
        after.Select(f => f.Line).ShouldBe(before.Select(f => f.Line + 3));
        after.Select(f => f.Fingerprint).ShouldBe(before.Select(f => f.Fingerprint));
    }
}
