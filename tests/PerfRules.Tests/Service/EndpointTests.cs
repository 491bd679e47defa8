using System.Text.Json;
using PerfRules.Cli;
using PerfRules.Ingest;
using PerfRules.Tests.Rules;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>Each endpoint on the seeds, over HTTP to a real Kestrel.</summary>
public class EndpointTests
{
    private static HttpClient Client => SharedService.Instance.Client;

    public static IEnumerable<string> SeedPrefixes => Seeds.Prefixes;

    [TestCaseSource(nameof(SeedPrefixes))]
    public async Task Lint_of_one_body_is_the_library_report_for_the_same_bytes(string seed)
    {
        var name = SeedName(seed);
        var r = await Client.PostAsync("/api/v1/lint?name=" + Uri.EscapeDataString(name), Raw(SeedBytes(seed)));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        // On its own terms: the seed's findings (rule and line) are those of its hand-checked golden file.
        var golden = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Golden, $"{seed}.findings.txt")), @":(\d+):\d+: \w+ (PR\d{3}):")
            .Select(m => $"{m.Groups[2].Value}@{m.Groups[1].Value}");
        JsonDocument.Parse(body).RootElement.GetProperty("documents")[0].GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("ruleId").GetString()}@{f.GetProperty("line").GetInt32()}")
            .ShouldBe(golden, ignoreOrder: true);
        body.ShouldBe(Expected("json", (name, SeedBytes(seed))));
    }

    [Test]
    public async Task Lint_of_all_seeds_as_multipart_gives_the_same_findings_as_the_command_line()
    {
        var seeds = Seeds.Prefixes.ToList();
        var r = await Client.PostAsync("/api/v1/lint", Multipart(seeds.Select(s => (SeedName(s), SeedBytes(s))).ToArray()));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        body.ShouldBe(Expected("json", seeds.Select(s => (SeedName(s), SeedBytes(s))).ToArray()));

        // The command line names files by path; everything but the file name must agree.
        var stdout = new StringWriter();
        CliApp.Run(new[] { "lint", Seeds.Dir, "--format", "json", "--cache", RuleTestSupport.CacheDir }, stdout, new StringWriter());
        var cli = JsonDocument.Parse(stdout.ToString()).RootElement;
        var service = JsonDocument.Parse(body).RootElement;
        service.GetProperty("summary").ToString().ShouldBe(cli.GetProperty("summary").ToString());
        var cliDocs = cli.GetProperty("documents").EnumerateArray().ToList();
        var serviceDocs = service.GetProperty("documents").EnumerateArray().ToList();
        serviceDocs.Count.ShouldBe(5);
        for (int i = 0; i < cliDocs.Count; i++)
        {
            serviceDocs[i].GetProperty("file").GetString().ShouldBe(Path.GetFileName(cliDocs[i].GetProperty("file").GetString()));
            Findings(serviceDocs[i]).ShouldBe(Findings(cliDocs[i]));
        }
    }

    private static List<string> Findings(JsonElement doc) => doc.GetProperty("findings").EnumerateArray()
        .Select(f => $"{f.GetProperty("ruleId")} {f.GetProperty("severity")} {(f.TryGetProperty("line", out var l) ? l.GetInt32() : 0)} {f.GetProperty("message")}")
        .ToList();

    [Test]
    public async Task Each_document_has_its_own_summary()
    {
        var r = await Client.PostAsync("/api/v1/lint", Multipart(("000.txt", SeedBytes("000")), ("002.txt", SeedBytes("002"))));
        var report = JsonDocument.Parse(await Text(r)).RootElement;
        int errors = 0;
        foreach (var doc in report.GetProperty("documents").EnumerateArray())
        {
            var findings = doc.GetProperty("findings").EnumerateArray().ToList();
            var summary = doc.GetProperty("summary");
            foreach (var (key, severity) in new[] { ("errors", "error"), ("warnings", "warning"), ("infos", "info") })
                summary.GetProperty(key).GetInt32().ShouldBe(findings.Count(f => f.GetProperty("severity").GetString() == severity));
            errors += summary.GetProperty("errors").GetInt32();
        }
        report.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(errors);
        report.GetProperty("summary").GetProperty("documents").GetInt32().ShouldBe(2);
    }

    [Test]
    public async Task Sarif_is_the_library_sarif_for_the_same_bytes()
    {
        var docs = new[] { ("000.txt", SeedBytes("000")), ("001.txt", SeedBytes("001")) };
        var r = await Client.PostAsync("/api/v1/lint?format=sarif", Multipart(docs));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/sarif+json");
        body.ShouldBe(Expected("sarif", docs));
        var run = JsonDocument.Parse(body).RootElement.GetProperty("runs")[0];
        run.GetProperty("results").GetArrayLength().ShouldBeGreaterThan(0);
        run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation")
            .GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("000.txt");
    }

    [Test]
    public async Task FailOn_sets_the_verdict_header_and_leaves_the_report_alone()
    {
        // Seed 003 has errors (see the CLI's exit code 1 on the seeds) and infos.
        var strict = await Client.PostAsync("/api/v1/lint?name=003.txt", Raw(SeedBytes("003")));
        var never = await Client.PostAsync("/api/v1/lint?name=003.txt&failOn=never", Raw(SeedBytes("003")));
        var errors = JsonDocument.Parse(await Text(strict)).RootElement.GetProperty("summary").GetProperty("errors").GetInt32();
        errors.ShouldBeGreaterThan(0);
        strict.Headers.GetValues("X-PerfRules-Result").Single().ShouldBe("fail");
        strict.Headers.GetValues("X-PerfRules-Fail-On").Single().ShouldBe("error");
        never.Headers.GetValues("X-PerfRules-Result").Single().ShouldBe("pass");
        (await Text(never)).ShouldBe(await Text(strict));

        var clean = await Client.PostAsync("/api/v1/lint?name=x.txt&failOn=info", Raw("这不是一张表"u8.ToArray()));
        clean.Headers.GetValues("X-PerfRules-Result").Single().ShouldBe("fail"); // PR001 is an error
    }

    [Test]
    public async Task A_document_name_can_come_from_content_disposition_and_is_reduced_to_a_file_name()
    {
        var content = Raw(SeedBytes("004"));
        content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "\"../../etc/004.txt\"" };
        var r = await Client.PostAsync("/api/v1/lint", content);
        var doc = JsonDocument.Parse(await Text(r)).RootElement.GetProperty("documents")[0];
        doc.GetProperty("file").GetString().ShouldBe("004.txt");

        var unnamed = await Client.PostAsync("/api/v1/lint", Raw(SeedBytes("004")));
        JsonDocument.Parse(await Text(unnamed)).RootElement.GetProperty("documents")[0].GetProperty("file").GetString().ShouldBe("document.txt");
    }

    [Test]
    public async Task Parse_returns_the_canonical_model()
    {
        var name = SeedName("002");
        var r = await Client.PostAsync("/api/v1/parse?name=" + Uri.EscapeDataString(name), Raw(SeedBytes("002"), "application/octet-stream"));
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(200, body);
        body.ShouldBe(CanonicalWriter.ToJson(new SubmissionReader().Read(SeedBytes("002"), name).One()));
        JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString().ShouldBe("departmentOverall");

        var many = await Client.PostAsync("/api/v1/parse", Multipart(("a.txt", SeedBytes("000")), ("b.txt", SeedBytes("001"))));
        var array = JsonDocument.Parse(await Text(many)).RootElement;
        array.GetArrayLength().ShouldBe(2);
        array[0].GetProperty("department").GetString().ShouldBe("广州市协作办公室");
        array[1].GetProperty("kind").GetString().ShouldBe("projectTargets");
    }

    [Test]
    public async Task Rules_lists_the_rule_set_in_force_and_shows_one_rule()
    {
        var set = Linter.Rules.RuleSet;
        var list = JsonDocument.Parse(await Client.GetStringAsync("/api/v1/rules")).RootElement;
        list.GetProperty("ruleSet").GetString().ShouldBe(set.Name);
        list.GetProperty("version").GetString().ShouldBe(set.Version);
        list.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe(set.Rules.Select(r => r.Id));

        var rule = set.Rules.First(r => r.Id == "PR202");
        var one = JsonDocument.Parse(await Client.GetStringAsync("/api/v1/rules/PR202")).RootElement;
        one.GetProperty("title").GetString().ShouldBe(rule.Title);
        one.GetProperty("scope").GetString().ShouldBe("project");
        one.GetProperty("assert").GetString().ShouldBe(rule.Assert.Text);
        one.GetProperty("message").GetString().ShouldBe(rule.Message.Source.Text);

        // PR101 (the built-in set's amount-row rule) shows the scope's two-word name as written in YAML.
        var pr101 = JsonDocument.Parse(await Client.GetStringAsync("/api/v1/rules/PR101")).RootElement;
        pr101.GetProperty("id").GetString().ShouldBe("PR101");
        pr101.GetProperty("scope").GetString().ShouldBe("amountRow");

        await ShouldBeProblem(await Client.GetAsync("/api/v1/rules/PR999"), 404, "unknown-rule");
    }

    [Test]
    public async Task Healthz_names_the_rule_set_and_the_limits()
    {
        var h = JsonDocument.Parse(await Client.GetStringAsync("/healthz")).RootElement;
        h.GetProperty("status").GetString().ShouldBe("ok");
        h.GetProperty("rules").GetInt32().ShouldBe(Linter.Rules.RuleSet.Rules.Count);
        h.GetProperty("limits").GetProperty("maxFiles").GetInt32().ShouldBe(SharedService.MaxFiles);
    }

    [Test]
    public async Task OpenApi_document_describes_every_endpoint_and_the_request_bodies()
    {
        var doc = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;
        doc.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/lint", "/api/v1/parse", "/api/v1/rules", "/api/v1/rules/{id}", "/healthz" })
            paths.TryGetProperty(p, out _).ShouldBeTrue(p);
        var lint = paths.GetProperty("/api/v1/lint").GetProperty("post");
        var content = lint.GetProperty("requestBody").GetProperty("content");
        foreach (var type in new[] { "text/plain", "application/octet-stream", "multipart/form-data" })
            content.TryGetProperty(type, out _).ShouldBeTrue(type);
        lint.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain("format");
        foreach (var status in new[] { "200", "400", "413", "415" })
            lint.GetProperty("responses").TryGetProperty(status, out _).ShouldBeTrue(status);
        paths.TryGetProperty("/", out _).ShouldBeFalse("the upload page is not an API");
    }

    [Test]
    public async Task Upload_page_is_served_without_any_outside_resource()
    {
        var r = await Client.GetAsync("/");
        r.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await Text(r);
        html.ShouldContain("lang=\"zh-CN\"");
        html.ShouldContain("预算绩效目标表校验");
        html.ShouldContain("<input id=\"file\" type=\"file\"");
        var js = await Client.GetAsync("/app.js");
        js.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var css = await Client.GetAsync("/app.css");
        css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        foreach (var text in new[] { html, await Text(js), await Text(css) })
            System.Text.RegularExpressions.Regex.IsMatch(text, @"(src|href)\s*=\s*[""']?(https?:)?//").ShouldBeFalse("no CDN or other host");
    }
}
