using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PerfRules.Fuzz;
using PerfRules.Ingest;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Service;
using PerfRules.Tests.Rules;
using static PerfRules.Tests.Service.ServiceTestSupport;
using PerfRules.Runs;

namespace PerfRules.Tests.Service;

/// <summary>The library's per-document limits (PR006, PR007, PR008, the rule time budget) hold in the service and are configurable.</summary>
public class ServiceLimitTests
{
    private const long MaxFileSize = 10_000;   // seed 000 (37 KB) is over it, 003 (6 KB) under
    private const int MaxLineLength = 100;     // seed 001 has a 352-character line
    private const int MaxFindings = 2;

    /// <summary>The library configured as the service below is: its reports are the expected answers.</summary>
    private static readonly Linter Limited = new(
        RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Options with { MaxFindingsPerDocument = MaxFindings }),
        new SubmissionReader(new ReadOptions { MaxFileSize = MaxFileSize, MaxLineLength = MaxLineLength }));

    private static TestService? _service;

    [OneTimeSetUp]
    public async Task Start() => _service = await TestService.StartAsync(new Dictionary<string, string?>
    {
        ["MaxFileSize"] = MaxFileSize.ToString(),
        ["MaxLineLength"] = MaxLineLength.ToString(),
        ["MaxFindingsPerDocument"] = MaxFindings.ToString(),
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    private static async Task<JsonElement> LintJson(string prefix)
    {
        var bytes = SeedBytes(prefix);
        var r = await _service!.Client.PostAsync($"/api/v1/lint?name={prefix}.txt", Raw(bytes));
        ((int)r.StatusCode).ShouldBe(200);
        var body = await Text(r);
        body.ShouldBe(ReportFormats.Render(TestFormats.Reports.Find("json")!, Limited.CheckAll(new[] { (bytes, $"{prefix}.txt") })));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IEnumerable<string> RuleIds(JsonElement report) =>
        report.GetProperty("documents")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()!);

    [Test]
    public async Task A_document_over_the_file_size_limit_is_one_PR006_in_lint_and_parse()
    {
        SeedBytes("000").Length.ShouldBeGreaterThan((int)MaxFileSize);
        var report = await LintJson("000");
        var finding = report.GetProperty("documents")[0].GetProperty("findings").EnumerateArray().ShouldHaveSingleItem();
        finding.GetProperty("ruleId").GetString().ShouldBe("PR006");
        finding.GetProperty("severity").GetString().ShouldBe("error");
        finding.GetProperty("message").GetString()!.ShouldContain("文件过大");
        report.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(1);

        var parsed = await Text(await _service!.Client.PostAsync("/api/v1/parse?name=000.txt", Raw(SeedBytes("000"))));
        var model = JsonDocument.Parse(parsed).RootElement;
        model.GetProperty("kind").GetString().ShouldBe("unknown"); // not read at all
        model.GetProperty("diagnostics").EnumerateArray().ShouldHaveSingleItem().GetProperty("ruleId").GetString().ShouldBe("PR006");
        parsed.ShouldBe(CanonicalWriter.ToJson(Limited.Reader.Read(SeedBytes("000"), "000.txt").One()));
    }

    [Test]
    public async Task A_line_over_the_length_limit_is_PR007_and_the_findings_are_capped_by_PR008()
    {
        var ids = RuleIds(await LintJson("001")).ToList();
        ids.Count.ShouldBe(MaxFindings + 1); // the first N, then one summary
        ids[^1].ShouldBe("PR008");
        var report = await LintJson("001");
        report.GetProperty("documents")[0].GetProperty("findings")[MaxFindings].GetProperty("message").GetString()!
            .ShouldContain($"超过上限 {MaxFindings} 条");

        // The model carries a PR007 for each line of the seed longer than the limit, whatever the findings cap.
        var text = System.Text.Encoding.UTF8.GetString(SeedBytes("001")).Replace("\r\n", "\n").Split('\n');
        var longLines = Enumerable.Range(1, text.Length).Where(l => text[l - 1].Length > MaxLineLength).ToList();
        longLines.ShouldNotBeEmpty();
        var parsed = await Text(await _service!.Client.PostAsync("/api/v1/parse?name=001.txt", Raw(SeedBytes("001"))));
        JsonDocument.Parse(parsed).RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("ruleId").GetString() == "PR007")
            .Select(d => int.Parse(d.GetProperty("span").GetString()!.Split(':')[0]))
            .ShouldBe(longLines);
        parsed.ShouldBe(CanonicalWriter.ToJson(Limited.Reader.Read(SeedBytes("001"), "001.txt").One()));
    }

    [Test]
    public async Task Healthz_reports_the_limits_in_force()
    {
        var limits = JsonDocument.Parse(await _service!.Client.GetStringAsync("/healthz")).RootElement.GetProperty("limits");
        limits.GetProperty("maxFileSize").GetInt64().ShouldBe(MaxFileSize);
        limits.GetProperty("maxLineLength").GetInt32().ShouldBe(MaxLineLength);
        limits.GetProperty("maxFindingsPerDocument").GetInt32().ShouldBe(MaxFindings);
        limits.GetProperty("ruleTimeBudgetSeconds").GetDouble().ShouldBe(2);
    }

    [Test]
    public async Task A_runaway_rule_stops_at_the_configured_time_budget_and_the_request_still_succeeds()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-service-rules-").FullName;
        File.WriteAllText(Path.Combine(dir, "loop.yaml"), """
            ruleset: loop
            rules:
              - id: LOOP1
                scope: project
                assert: Enumerable.Range(0, 10000000).SelectMany(i => Enumerable.Range(0, 10000000)).Count(j => j < 0) > 0
                message: 不会到这里
            """);
        await using var service = await TestService.StartAsync(new Dictionary<string, string?> { ["Rules"] = dir, ["RuleTimeBudgetSeconds"] = "0.3" });
        var r = await service.Client.PostAsync("/api/v1/lint?name=003.txt", Raw(SeedBytes("003")));
        ((int)r.StatusCode).ShouldBe(200);
        var findings = JsonDocument.Parse(await Text(r)).RootElement.GetProperty("documents")[0].GetProperty("findings").EnumerateArray().ToList();
        var loop = findings.Where(f => f.GetProperty("ruleId").GetString() == "LOOP1").ShouldHaveSingleItem(); // stopped once for the document
        loop.GetProperty("message").GetString()!.ShouldContain("超出时间上限");
    }

    [Test]
    public void The_limits_come_from_the_command_line_switches_and_the_environment()
    {
        using var app = ServiceApp.Build(new[]
        {
            "--urls", "http://127.0.0.1:0", "--cache", RuleTestSupport.CacheDir,
            "--max-file-size", "1234", "--max-line-length", "77", "--max-findings-per-document", "5", "--time-budget", "0.5",
        });
        var linter = app.Services.GetRequiredService<Linter>();
        linter.Reader.Options.MaxFileSize.ShouldBe(1234);
        linter.Reader.Options.MaxLineLength.ShouldBe(77);
        linter.Rules.Options.MaxFindingsPerDocument.ShouldBe(5);
        linter.Rules.Options.TimeBudget.ShouldBe(TimeSpan.FromSeconds(0.5));

        Environment.SetEnvironmentVariable("PerfRules__MaxLineLength", "88");
        try
        {
            using var fromEnv = ServiceApp.Build(new[] { "--urls", "http://127.0.0.1:0", "--cache", RuleTestSupport.CacheDir });
            fromEnv.Services.GetRequiredService<Linter>().Reader.Options.MaxLineLength.ShouldBe(88);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PerfRules__MaxLineLength", null);
        }
    }

    [TestCase("MaxFileSize", "-1")]
    [TestCase("MaxLineLength", "-5")]
    [TestCase("MaxFindingsPerDocument", "-1")]
    [TestCase("RuleTimeBudgetSeconds", "-0.5")]
    public void A_negative_limit_stops_the_start_naming_the_setting(string key, string value) =>
        Should.Throw<InvalidOperationException>(() => TestService.StartAsync(new Dictionary<string, string?> { [key] = value }))
            .Message.ShouldContain(key);
}

/// <summary>
/// The fuzz inputs (every FuzzHarness kind) over HTTP: never a 5xx, each answer right on its own
/// terms (status codes, documents, rule ids, the seed beside it unchanged) and exactly the
/// library's for the same bytes. The long, concurrent version is tests/load/run.sh.
/// </summary>
public class ServiceFuzzTests
{
    private const int Cases = 300;

    [Test]
    public async Task Hundreds_of_hostile_inputs_to_lint_and_parse_get_the_library_answer_and_never_a_5xx()
    {
        // The default limits (10 MB a request): the deep-nesting YAML inputs reach 7 MB.
        await using var service = await TestService.StartAsync();
        var client = service.Client;
        var harness = new FuzzHarness(ServiceTestSupport.Linter, Seeds.All.Select(File.ReadAllBytes).ToList());
        var failures = new List<string>();
        var kinds = new HashSet<string>();
        for (int i = 0; i < Cases; i++)
        {
            // Each kind once, then kinds at random.
            var (kind, name, bytes) = harness.Generate(FuzzHarness.CaseRandom(11, i), i < FuzzHarness.Kinds.Length ? FuzzHarness.Kinds[i] : null);
            kinds.Add(kind);
            name = $"case-{i}-{name}";
            HttpResponseMessage r;
            string expected;
            try
            {
                (r, expected) = await Send(client, i % 3, name, bytes);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"case {i} ({kind}, {bytes.Length} bytes): no answer: {e.Message}");
                continue;
            }
            var status = (int)r.StatusCode;
            var body = await Text(r);
            // Only an empty single body is not a document (400); an empty file part is one (PR001).
            var expectedStatus = bytes.Length == 0 && i % 3 != 2 ? 400 : 200;
            if (status != expectedStatus) failures.Add($"case {i} ({kind}, {bytes.Length} bytes): {status}, expected {expectedStatus}: {body[..Math.Min(300, body.Length)]}");
            else if (status == 400 && !body.Contains("\"empty-body\"")) failures.Add($"case {i} ({kind}): 400 without the empty-body code");
            else if (status == 200 && OwnTermsProblem(i % 3, name, body) is { } problem) failures.Add($"case {i} ({kind}): {problem}");
            else if (status == 200 && body != expected) failures.Add($"case {i} ({kind}): the answer differs from the library's");
        }
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
        kinds.ShouldBe(FuzzHarness.Kinds, ignoreOrder: true);
    }

    /// <summary>The rule ids of the built-in set, read from its files (rules/core.yaml, rules/review.yaml) themselves.</summary>
    private static readonly HashSet<string> BuiltinIds = new[] { "core.yaml", "review.yaml" }
        .SelectMany(f => Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Rules, f)), @"^  - id: (PR\d{3})", RegexOptions.Multiline))
        .Select(m => m.Groups[1].Value).ToHashSet();

    /// <summary>Seed 003's findings as "PR401@36", from its hand-checked golden file.</summary>
    private static readonly List<string> Golden003 = Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Golden, "003.findings.txt")), @":(\d+):\d+: \w+ (PR\d{3}):")
        .Select(m => $"{m.Groups[2].Value}@{m.Groups[1].Value}").Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What a 200 answer must be on its own terms, whatever the library says: the documents sent,
    /// named as sent; only built-in rule ids; a document that is not a table says so (PR001, or
    /// PR006 when too large to read); the summary adds up; and the seed sent beside a hostile file keeps exactly its
    /// golden findings. Null when it holds.
    /// </summary>
    private static string? OwnTermsProblem(int way, string name, string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        static bool SaysWhy(IEnumerable<string?> ids) => ids.Any(id => id is "PR001" or "PR006");
        if (way == 1)
        {
            var ids = root.TryGetProperty("diagnostics", out var d)
                ? d.EnumerateArray().Select(x => x.GetProperty("ruleId").GetString()).ToList() : [];
            if (root.GetProperty("sourceFile").GetString() != name) return "parse names another file";
            return root.GetProperty("kind").GetString() == "unknown" && !SaysWhy(ids) ? "parse: not a table, and no reason" : null;
        }
        var docs = root.GetProperty("documents").EnumerateArray().ToList();
        var files = docs.Select(x => x.GetProperty("file").GetString()).ToList();
        var sent = way == 0 ? new[] { name } : new[] { "003.txt", name };
        if (!files.SequenceEqual(sent)) return $"documents {string.Join(",", files)}, sent {string.Join(",", sent)}";
        if (root.GetProperty("summary").GetProperty("documents").GetInt32() != sent.Length) return "summary counts other documents";
        int errors = 0;
        foreach (var doc in docs)
        {
            var findings = doc.GetProperty("findings").EnumerateArray().ToList();
            var ids = findings.Select(f => f.GetProperty("ruleId").GetString()).ToList();
            if (ids.FirstOrDefault(id => !BuiltinIds.Contains(id!)) is { } unknown) return $"unknown rule id {unknown}";
            if (doc.GetProperty("kind").GetString() == "unknown" && !SaysWhy(ids)) return $"{doc.GetProperty("file")}: not a table, and no reason";
            errors += findings.Count(f => f.GetProperty("severity").GetString() == "error");
        }
        if (root.GetProperty("summary").GetProperty("errors").GetInt32() != errors) return "the summary's errors do not add up";
        if (way == 2)
        {
            // Its own findings: a batch rule (PR109, PR110) may also find the same project in the input beside it.
            var seed = docs[0].GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("ruleId").GetString() is not ("PR109" or "PR110"))
                .Select(f => $"{f.GetProperty("ruleId").GetString()}@{f.GetProperty("line").GetInt32()}").Order(StringComparer.Ordinal).ToList();
            if (!seed.SequenceEqual(Golden003)) return $"seed 003 beside it: {string.Join(",", seed)}, golden {string.Join(",", Golden003)}";
        }
        return null;
    }

    /// <summary>Three ways in: one body to lint, one body to parse, a multipart batch (with a seed) to lint; and the library's answer.</summary>
    private static async Task<(HttpResponseMessage, string)> Send(HttpClient client, int way, string name, byte[] bytes)
    {
        switch (way)
        {
            case 0:
                return (await client.PostAsync($"/api/v1/lint?name={name}", Raw(bytes, "application/octet-stream")), Expected("json", (name, bytes)));
            case 1:
                return (await client.PostAsync($"/api/v1/parse?name={name}", Raw(bytes, "application/octet-stream")),
                    CanonicalWriter.ToJson(ServiceTestSupport.Linter.Reader.Read(bytes, name).One()));
            default:
                var seed = ("003.txt", SeedBytes("003"));
                return (await client.PostAsync("/api/v1/lint", Multipart(seed, (name, bytes))), Expected("json", seed, (name, bytes)));
        }
    }
}
