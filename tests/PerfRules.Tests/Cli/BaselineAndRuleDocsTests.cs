using PerfRules.Cli;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Cli;

public class BaselineAndRuleDocsTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public void A_baseline_survives_moved_lines_hides_its_findings_and_lists_stale_entries()
    {
        var dir = SeedReport.TempDir("baseline");
        var docs = Path.Combine(dir, "docs");
        Directory.CreateDirectory(docs);
        foreach (var p in new[] { "000", "002", "004" }) File.Copy(TestPaths.Seed(p), Path.Combine(docs, Path.GetFileName(TestPaths.Seed(p))));
        var baseline = Path.Combine(dir, "perfrules-baseline.json");
        var (code, output, err) = Run("baseline", docs, "--output", baseline);
        code.ShouldBe(CliApp.Ok, err);
        var entries = Baseline.Load(baseline).Entries;
        entries.Count.ShouldBeGreaterThan(10);
        output.ShouldContain($"{entries.Count} 条结果");

        // Move every line of 004 down by two: no finding's fingerprint depends on its line.
        var moved = Path.Combine(docs, Path.GetFileName(TestPaths.Seed("004")));
        File.WriteAllText(moved, "\n\n" + File.ReadAllText(moved));
        var (again, summary, err2) = Run("audit", docs, "--baseline", baseline);
        again.ShouldBe(CliApp.Ok, err2 + summary);
        summary.ShouldContain("结果：共 0 条");
        summary.ShouldContain($"基线：隐藏了 {entries.Count} 条已记录的结果；0 条基线记录已不再出现");

        // Fix what PR108 found (make 002 agree with 000): its entry is listed as stale.
        var overall = Path.Combine(docs, Path.GetFileName(TestPaths.Seed("002")));
        File.WriteAllText(overall, File.ReadAllText(overall).Replace("270,769.27", "266,954.05"));
        var (_, afterFix, _) = Run("audit", docs, "--baseline", baseline, "--fail-on", "never");
        var pr108 = entries.Single(e => e.RuleId == "PR108");
        afterFix.ShouldContain("可从基线文件中删除");
        afterFix.ShouldContain(pr108.Fingerprint);
    }

    [Test]
    public void Baseline_entries_for_files_not_in_the_run_are_not_stale()
    {
        var report = SeedReport.Report;
        var b = new Baseline(new[] { new BaselineEntry("0000000000000000", "PR202", "other-file.txt", "x") });
        var applied = b.Apply(report);
        applied.Baseline!.Stale.ShouldBeEmpty();
        applied.Baseline.Suppressed.ShouldBe(0);
        Should.Throw<FormatException>(() => Baseline.Parse("{ \"findings\": [ { \"ruleId\": \"PR1\" } ] }"));
    }

    [Test]
    public void Committed_rule_catalogue_is_what_rules_docs_generates()
    {
        var dir = SeedReport.TempDir("docs");
        Run("rules", "docs", "--output", dir).Code.ShouldBe(CliApp.Ok);
        var committed = Path.Combine(TestPaths.Repo, "docs", "rules");
        var generated = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToList();
        Directory.GetFiles(committed).Select(Path.GetFileName).Order().ToList().ShouldBe(generated, "regenerate with: perfrules rules docs --output docs/rules");
        foreach (var f in generated)
            File.ReadAllText(Path.Combine(committed, f!)).ShouldBe(File.ReadAllText(Path.Combine(dir, f!)), $"{f} is out of date: perfrules rules docs --output docs/rules");
        var index = File.ReadAllText(Path.Combine(dir, RuleDocs.IndexFile));
        foreach (var rule in RuleSetLoader.LoadBuiltin().Rules) index.ShouldContain($"[{rule.Id}]({rule.Id}.md)");
    }

    [Test]
    public void Rules_list_and_show()
    {
        var (code, list, _) = Run("rules", "list");
        code.ShouldBe(CliApp.Ok);
        // One section per rule file, in order: the core checks, then the review-grade ones.
        list.IndexOf("（core.yaml，", StringComparison.Ordinal).ShouldBeGreaterThan(-1);
        list.IndexOf("（review.yaml，", StringComparison.Ordinal).ShouldBeGreaterThan(list.IndexOf("（core.yaml，", StringComparison.Ordinal));
        list.IndexOf("PR501", StringComparison.Ordinal).ShouldBeGreaterThan(list.IndexOf("（review.yaml，", StringComparison.Ordinal));
        foreach (var rule in RuleSetLoader.LoadBuiltin().Rules)
        {
            list.ShouldContain(rule.Id);
            list.ShouldContain(rule.Title);
        }
        var (showCode, show, _) = Run("rules", "show", "PR108");
        showCode.ShouldBe(CliApp.Ok);
        show.ShouldContain("部门整体表的项目支出应等于项目支出绩效目标表的合计");
        show.ShouldContain("**依据**");
        show.ShouldContain("## 消息");
        show.ShouldContain("### 正确（不应报告）");
        show.ShouldContain("### 错误（应报告）");
        Run("rules", "show", "PR999").Code.ShouldBe(CliApp.CouldNotRun);
    }

    [Test]
    public void Rules_show_gives_a_batch_rules_scope_and_match_and_a_document_rule_none()
    {
        var (code, show, _) = Run("rules", "show", "PR109");
        code.ShouldBe(CliApp.Ok);
        show.ShouldContain("| 作用范围 | `batch`：");
        var match = RuleSetLoader.LoadBuiltin().Find("PR109")!.Match!;
        show.ShouldContain("```yaml\nmatch:\n  each: project\n  where: " + match.Where!.Text + "\n  key: " + match.Key.Text + "\n```");
        // Before the when/let/assert: what is grouped comes first.
        show.IndexOf("match:", StringComparison.Ordinal).ShouldBeLessThan(show.IndexOf("断言（assert", StringComparison.Ordinal));
        var (_, pr110, _) = Run("rules", "show", "PR110");
        pr110.ShouldContain("  each: unit\n");
        Run("rules", "show", "PR202").Out.ShouldNotContain("match:");
    }
}
