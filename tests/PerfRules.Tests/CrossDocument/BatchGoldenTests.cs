using PerfRules.Cli;
using PerfRules.Tests.Cli;
using PerfRules.Engines.NRules;
using PerfRules.Reports;
using PerfRules.Runs;
using PerfRules.Tests.Golden;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// The batch fixture (fixtures/batch: two departments' tables made from the seeds' layouts, see
/// fixtures/golden/README.md) linted as one run with the cross-document rules in NRules sessions:
/// exactly the golden findings; and the same through the hosts (lint of several files, audit).
/// </summary>
public class BatchGoldenTests
{
    private static string Dir => Path.Combine(TestPaths.Fixtures, "batch");

    [Test]
    public void Batch_findings_match_their_golden_file()
    {
        var rules = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = NRulesCrossDocumentEngine.Instance });
        var files = Directory.GetFiles(Dir).Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(TestPaths.Repo, f).Replace('\\', '/')).ToList();
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = TestPaths.Repo;
            var report = new Linter(rules).CheckAll(files);
            GoldenFiles.Check("batch.findings.txt", ReportFormats.Render(new TextFormatter(), report));
        }
        finally { Environment.CurrentDirectory = previous; }
    }

    [Test]
    public void Lint_of_several_files_reports_both_places_of_a_duplicated_project()
    {
        var files = Directory.GetFiles(Dir).Order(StringComparer.Ordinal).ToArray();
        var (code, output, err) = CliRunner.Run(new[] { "lint" }.Concat(files).Concat(new[] { "--format", "json" }).ToArray());
        code.ShouldBe(CliApp.Findings, err);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var pr109 = json.RootElement.GetProperty("documents").EnumerateArray()
            .SelectMany(d => d.GetProperty("findings").EnumerateArray())
            .Where(f => f.GetProperty("ruleId").GetString() == "PR109" && f.GetProperty("message").GetString()!.Contains("区域合作工作经费"))
            .ToList();
        // One finding at each place, each naming the other.
        pr109.Select(f => Path.GetFileName(f.GetProperty("file").GetString())).ShouldBe(new[] { "02_xiezuo_projects_b.txt", "04_shangwu_projects.txt" });
        pr109[0].GetProperty("message").GetString()!.ShouldContain("另见 04_shangwu_projects.txt 第 18 行");
        pr109[1].GetProperty("message").GetString()!.ShouldContain("另见 02_xiezuo_projects_b.txt 第 18 行");
        pr109.ShouldAllBe(f => f.GetProperty("severity").GetString() == "warning" && f.GetProperty("line").GetInt32() == 18);
    }

    [Test]
    public void Audit_of_the_batch_folder_reports_the_cross_document_checks()
    {
        var json = Path.Combine(Path.GetTempPath(), $"perfrules-batch-audit-{Environment.ProcessId}.json");
        var (code, output, err) = CliRunner.Run("audit", Dir, "--format", "json", "--output", json);
        code.ShouldBe(CliApp.Findings, err);
        output.ShouldContain("按规则：");
        foreach (var id in new[] { "PR108", "PR109", "PR110" }) output.ShouldContain(id);
        var text = File.ReadAllText(json);
        File.Delete(json);
        text.ShouldContain("与同一部门 2 份项目支出绩效目标表的合计 500.00 万元 不符");
        text.ShouldContain("资金使用单位“广州市国内合作服务中心”在本批次中列在 2 个部门之下");
    }
}
