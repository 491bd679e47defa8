using System.Net;
using System.Text;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

public class ConcurrencyTests
{
    [Test]
    public async Task Fifty_concurrent_requests_all_get_their_own_correct_answer()
    {
        var seeds = Seeds.Prefixes.ToList();
        var expected = seeds.ToDictionary(s => s, s => Expected("json", ($"{s}.txt", SeedBytes(s))));
        var expectedSarif = Expected("sarif", ("001.txt", SeedBytes("001")));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 50 })
        {
            BaseAddress = SharedService.Instance.BaseAddress,
        };
        var start = new TaskCompletionSource();
        var requests = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.Task;
            var seed = seeds[i % seeds.Count];
            // Every tenth asks for SARIF, so different formats run side by side too.
            var sarif = i % 10 == 9;
            var url = sarif ? "/api/v1/lint?format=sarif&name=001.txt" : $"/api/v1/lint?name={seed}.txt";
            var bytes = sarif ? SeedBytes("001") : SeedBytes(seed);
            var r = await client.PostAsync(url, i % 2 == 0 ? Raw(bytes) : Multipart((sarif ? "001.txt" : $"{seed}.txt", bytes)));
            return (i, r.StatusCode, Body: await Text(r), Expected: sarif ? expectedSarif : expected[seed]);
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(requests);
        foreach (var (i, status, body, want) in results)
        {
            status.ShouldBe(HttpStatusCode.OK, $"request {i}");
            body.ShouldBe(want, $"request {i}");
        }
    }
}

public class RequestLoggingTests
{
    [Test]
    public async Task Each_request_is_logged_with_method_path_status_and_documents_but_never_its_content()
    {
        const string marker = "机密项目名称ZQX9";
        // 安全性 (line 102) is an indicator whose value PR404 quotes with its name.
        var text = Encoding.UTF8.GetString(SeedBytes("003")).Replace("安全性", marker);
        var service = SharedService.Instance;
        var r = await service.Client.PostAsync("/api/v1/lint?name=secret.txt", Multipart(("secret.txt", Encoding.UTF8.GetBytes(text)), ("b.txt", SeedBytes("000"))));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(r)).ShouldContain(marker); // the findings quote it, the log must not

        // The log event is written once the response has gone out: wait for it (a condition, not a
        // fixed delay; the generous cap only turns a missing event into a failure).
        string? line = null;
        for (int i = 0; i < 300 && line is null; i++)
        {
            line = service.Logs.Events.Select(e => e.Message).LastOrDefault(m => m.StartsWith("HTTP POST /api/v1/lint responded 200") && m.Contains("(2 documents)"));
            if (line is null) await Task.Delay(100);
        }
        line.ShouldNotBeNull();
        line.ShouldMatch(@"^HTTP POST /api/v1/lint responded 200 in \d+(\.\d)? ms \(2 documents\)$");
        service.Logs.Events.ShouldNotContain(e => e.Message.Contains(marker));
        service.Logs.Events.ShouldNotContain(e => e.Message.Contains("secret.txt"));
    }
}

public class TimeoutTests
{
    /// <summary>Sends its bytes only after a pause, like a client on a very slow line.</summary>
    private sealed class SlowContent(byte[] bytes, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, 10));
            await stream.FlushAsync();
            await Task.Delay(pause);
            await stream.WriteAsync(bytes.AsMemory(10));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    [Test]
    public async Task A_request_slower_than_the_timeout_gets_504_and_the_service_goes_on()
    {
        await using var service = await TestService.StartAsync(new Dictionary<string, string?> { ["RequestTimeoutSeconds"] = "0.5" });
        var content = new SlowContent(SeedBytes("003"), TimeSpan.FromSeconds(3));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        var r = await service.Client.PostAsync("/api/v1/lint", content);
        await ShouldBeProblem(r, 504, "timeout");

        var ok = await service.Client.PostAsync("/api/v1/lint?name=003.txt", Raw(SeedBytes("003")));
        (await Text(ok)).ShouldBe(Expected("json", ("003.txt", SeedBytes("003"))));
    }

    [Test]
    public void Settings_that_cannot_work_stop_the_start_with_a_reason()
    {
        var e = Should.Throw<InvalidOperationException>(() => TestService.StartAsync(new Dictionary<string, string?> { ["MaxFiles"] = "0" }));
        e.Message.ShouldContain("MaxFiles");
        var missing = Path.Combine(Path.GetTempPath(), "no-rules-" + Guid.NewGuid());
        Should.Throw<InvalidOperationException>(() => TestService.StartAsync(new Dictionary<string, string?> { ["Rules"] = missing }))
            .Message.ShouldContain(missing);
    }
}
