using PerfRules.Rules;

namespace PerfRules.Tests.Rules;

/// <summary>One section per rule file (its description the title): rules list and the rule index.</summary>
public class RuleSectionTests
{
    [Test]
    public void The_builtin_set_has_the_core_rules_then_the_review_rules_each_in_its_own_section()
    {
        var set = RuleSetLoader.LoadBuiltin();
        var sections = set.Sections();
        sections.Select(s => s.File).ShouldBe(new[] { "core.yaml", "review.yaml" });
        sections[0].Rules.ShouldAllBe(r => !r.Id.StartsWith("PR5"));
        sections[1].Rules.ShouldAllBe(r => r.Id.StartsWith("PR5") && r.DefinedIn == "core");
        sections[1].Rules.Count.ShouldBeGreaterThanOrEqualTo(10);
        sections[1].Description.ShouldNotBeNull().ShouldStartWith("审核意见级规则");
        sections.SelectMany(s => s.Rules).ShouldBe(set.Rules);
    }

    [Test]
    public void A_district_set_gets_a_section_of_its_own_after_the_inherited_ones()
    {
        var district = new RuleFile("district.yaml", """
            ruleset: district
            extends: core
            description: 某区补充规则
            rules:
              - id: D1
                scope: document
                assert: doc.Department != null
            """);
        var set = RuleSetLoader.Load(new[] { district });
        var last = set.Sections()[^1];
        (last.File, last.Description, last.Rules.Single().Id).ShouldBe(("district.yaml", "某区补充规则", "D1"));
        RuleDocs.Index(set).ShouldContain("## 某区补充规则（district.yaml，1 条）");
    }

    [Test]
    public void A_file_without_description_is_titled_by_its_name()
    {
        RuleDocs.SectionTitle("/x/y/mine.yaml", null, 3).ShouldBe("规则（mine.yaml，3 条）");
    }

    [Test]
    public void Every_review_rule_is_judged_on_the_seeds_in_docs_review_rules_md()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Repo, "docs", "review-rules.md"));
        foreach (var rule in RuleSetLoader.LoadBuiltin().Sections().Single(s => s.File == "review.yaml").Rules)
            text.ShouldContain($"### {rule.Id} {rule.Title}", customMessage: $"{rule.Id} has no section in docs/review-rules.md");
    }
}
