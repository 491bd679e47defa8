using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>
/// <c>evidence:</c> gives a rule's lets the Chinese names reports show them under; lets left out are
/// working values. Reports for people (HTML, xlsx, csv) show the evidence through <see cref="EvidenceText"/>.
/// </summary>
public class RuleEvidenceLabelTests
{
    private const string Rule = """
        ruleset: x
        rules:
          - id: X1
            scope: document
            let:
              total: 100m
              parts: 99.99m
              byUnit: "true"
              difference: total - parts
            evidence: { total: 总计, difference: 差额 }
            assert: total == parts
            message: 不符
        """;

    [Test]
    public void The_rule_keeps_the_names_and_a_finding_shows_only_the_named_values_under_them()
    {
        var set = RuleTestSupport.CompileText(Rule);
        set.RuleSet.Find("X1")!.EvidenceLabels.ShouldBe(new Dictionary<string, string> { ["total"] = "总计", ["difference"] = "差额" }, ignoreOrder: true);
        var f = new Linter(set).Check("部门名称：示例局\n"u8.ToArray(), "x.txt").One().Findings.Single(x => x.RuleId == "X1");
        // The finding keeps every let (JSON, SARIF and the fingerprint use them all) …
        f.Evidence.Select(e => e.Name).ShouldBe(new[] { "total", "parts", "byUnit", "difference" });
        // … people see the named ones, in let order, under their names.
        EvidenceText.Format(f, set.RuleSet).ShouldBe("总计：100.00；差额：0.01");
    }

    [Test]
    public void Without_names_every_let_shows_under_its_own_name()
    {
        var set = RuleTestSupport.CompileText(Rule.Replace("    evidence: { total: 总计, difference: 差额 }\n", ""));
        set.RuleSet.Find("X1")!.EvidenceLabels.ShouldBeNull();
        var f = new Linter(set).Check("部门名称：示例局\n"u8.ToArray(), "x.txt").One().Findings.Single(x => x.RuleId == "X1");
        EvidenceText.Format(f, set.RuleSet).ShouldBe("total：100.00；parts：99.99；byUnit：是；difference：0.01");
        // An empty mapping: nothing is for people.
        var none = RuleTestSupport.LoadText(Rule.Replace("{ total: 总计, difference: 差额 }", "{}"));
        none.Find("X1")!.EvidenceLabels.ShouldBeEmpty();
    }

    [TestCase("{ totl: 总计 }", 10, 17, "evidence 中的“totl”不是本规则的 let")]
    [TestCase("[总计]", 10, 15, "evidence 应是映射：let 的名字 → 报告中显示的中文名称")]
    [TestCase("{ total: \"  \" }", 10, 24, "evidence 中“total”的名称是空的")]
    public void A_bad_evidence_entry_is_a_load_error_at_its_place(string evidence, int line, int column, string message)
    {
        var e = RuleTestSupport.Errors(Rule.Replace("{ total: 总计, difference: 差额 }", evidence)).ShouldHaveSingleItem();
        (e.Line, e.Column, e.Message).ShouldBe((line, column, message));
    }

    [Test]
    public void Every_builtin_rule_with_lets_names_the_ones_people_should_see()
    {
        var rules = RuleSetLoader.LoadBuiltin().Rules;
        rules.Where(r => r.Lets.Count > 0 && r.EvidenceLabels is null).Select(r => r.Id).ShouldBeEmpty();
        // Those with values to compare show each of them.
        rules.Single(r => r.Id == "PR101").EvidenceLabels!.Keys.ShouldBe(new[] { "total", "sources", "difference" }, ignoreOrder: true);
        // An override keeps them.
        var district = RuleSetLoader.Load(new[] { new RuleFile("d.yaml", "ruleset: d\nextends: core\noverrides:\n  PR101: warning\nrules: []\n") });
        district.Find("PR101")!.EvidenceLabels!["total"].ShouldBe("总计");
    }
}
