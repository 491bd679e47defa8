using System.Text.Json;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>A multipart upload is one run: the cross-document rules (NRules sessions) see all its parts.</summary>
public class CrossDocumentUploadTests
{
    private static HttpClient Client => SharedService.Instance.Client;

    [Test]
    public async Task A_multipart_upload_of_two_departments_tables_gets_the_duplicate_project_and_unit_at_both_places()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "batch");
        var parts = new[] { "02_xiezuo_projects_b.txt", "04_shangwu_projects.txt" }.Select(n => (n, File.ReadAllBytes(Path.Combine(dir, n)))).ToArray();
        var r = await Client.PostAsync("/api/v1/lint", Multipart(parts));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        var findings = JsonDocument.Parse(body).RootElement.GetProperty("documents").EnumerateArray()
            .SelectMany(d => d.GetProperty("findings").EnumerateArray().Select(f => (File: d.GetProperty("file").GetString(), Rule: f.GetProperty("ruleId").GetString(), Line: f.GetProperty("line").GetInt32())))
            .Where(f => f.Rule is "PR109" or "PR110").ToList();
        findings.ShouldBe(new[]
        {
            ("02_xiezuo_projects_b.txt", "PR110", 16), ("02_xiezuo_projects_b.txt", "PR109", 18),
            ("04_shangwu_projects.txt", "PR110", 16), ("04_shangwu_projects.txt", "PR109", 18),
        }.Select(x => ((string?)x.Item1, (string?)x.Item2, x.Item3)).ToList());
        // One part alone has nothing to compare with.
        var alone = await Text(await Client.PostAsync("/api/v1/lint", Multipart(parts[0])));
        alone.ShouldNotContain("PR109");
        alone.ShouldNotContain("PR110");
    }
}
