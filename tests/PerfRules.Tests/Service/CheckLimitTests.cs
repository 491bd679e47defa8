using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PerfRules.Service;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using Serilog;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>A service on a real Kestrel (like <see cref="TestService"/>) whose check gate the test can watch.</summary>
internal sealed class GatedService : IAsyncDisposable
{
    public WebApplication App { get; }
    public HttpClient Client { get; }
    public Uri BaseAddress { get; }
    public LogCapture Logs { get; }
    public CheckGate Gate => App.Services.GetRequiredService<CheckGate>();

    private GatedService(WebApplication app, Uri address, LogCapture logs)
    {
        App = app;
        BaseAddress = address;
        Logs = logs;
        Client = NewClient();
    }

    /// <summary>A client with its own connection pool (requests held open do not block the others).</summary>
    public HttpClient NewClient() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 100 })
    {
        BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<GatedService> StartAsync(IDictionary<string, string?> settings, string urls = "http://127.0.0.1:0")
    {
        var logs = new LogCapture();
        var args = new List<string> { "--urls", urls, "--cache", RuleTestSupport.CacheDir };
        foreach (var (k, v) in settings) args.Add($"--{ServiceOptions.Section}:{k}={v}");
        var app = ServiceApp.Build(args.ToArray(), logging: l => l.WriteTo.Sink(logs));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatedService(app, new Uri(address.Replace("0.0.0.0", "127.0.0.1")), logs);
    }

    /// <summary>Waits until the condition holds (a state change on the server side), failing after 30 s.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("timed out waiting for: " + what);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A body that sends its first bytes, then waits to be released: a request that holds its check slot as long as the test wants.</summary>
internal sealed class HeldContent : HttpContent
{
    private readonly byte[] _bytes;
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue("text/plain");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_bytes.AsMemory(0, 10));
        await stream.FlushAsync();
        await Release.Task;
        await stream.WriteAsync(_bytes.AsMemory(10));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}

/// <summary>
/// The check endpoints are bounded: MaxConcurrentChecks at once, CheckQueueLimit waiting, then 503
/// with Retry-After; a check that outlives its request (504) keeps its slot until it really ends.
/// </summary>
[NonParallelizable]
public class CheckLimitTests
{
    private static readonly byte[] Seed003 = SeedBytes("003");
    private static string Expected003 => Expected("json", ("003.txt", Seed003));

    [Test, CancelAfter(60_000)]
    public async Task With_one_slot_and_no_queue_a_second_concurrent_check_gets_503_with_retry_after()
    {
        await using var service = await GatedService.StartAsync(new Dictionary<string, string?>
        {
            ["MaxConcurrentChecks"] = "1", ["CheckQueueLimit"] = "0", ["RetryAfterSeconds"] = "7",
        });
        using var holderClient = service.NewClient();
        var held = new HeldContent(Seed003);
        var first = holderClient.PostAsync("/api/v1/lint?name=003.txt", held);
        await GatedService.Until(() => service.Gate.Running == 1, "the first check holds the slot");

        var second = await service.Client.PostAsync("/api/v1/lint?name=003.txt", Raw(Seed003));
        var problem = await ShouldBeProblem(second, 503, "busy");
        problem.GetProperty("detail").GetString()!.ShouldContain("7 秒");
        second.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(7));
        (await service.Client.PostAsync("/api/v1/parse", Raw(Seed003))).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        // Endpoints that check nothing are not limited.
        (await service.Client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        service.Logs.Events.ShouldContain(e => e.Message.StartsWith("Check refused with 503"));

        held.Release.SetResult();
        var r = await first;
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(r)).ShouldBe(Expected003);
        await GatedService.Until(() => service.Gate.Running == 0, "the slot is free again");
        (await Text(await service.Client.PostAsync("/api/v1/lint?name=003.txt", Raw(Seed003)))).ShouldBe(Expected003);
    }

    [Test, CancelAfter(60_000)]
    public async Task Queued_checks_wait_their_turn_and_past_the_queue_get_503()
    {
        await using var service = await GatedService.StartAsync(new Dictionary<string, string?>
        {
            ["MaxConcurrentChecks"] = "1", ["CheckQueueLimit"] = "1",
        });
        using var c1 = service.NewClient();
        using var c2 = service.NewClient();
        var held = new HeldContent(Seed003);
        var first = c1.PostAsync("/api/v1/lint?name=003.txt", held);
        await GatedService.Until(() => service.Gate.Running == 1, "the first check holds the slot");
        var second = c2.PostAsync("/api/v1/lint?name=003.txt", Raw(Seed003));
        await GatedService.Until(() => service.Gate.Queued == 1, "the second waits in the queue");

        var third = await service.Client.PostAsync("/api/v1/lint?name=003.txt", Raw(Seed003));
        await ShouldBeProblem(third, 503, "busy");
        third.Headers.RetryAfter.ShouldNotBeNull();
        second.IsCompleted.ShouldBeFalse("still queued");

        held.Release.SetResult();
        (await Text(await first)).ShouldBe(Expected003);
        var r2 = await second;
        r2.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Text(r2)).ShouldBe(Expected003);
    }

    [Test, CancelAfter(30_000)]
    public async Task A_request_that_gives_up_while_queued_leaves_the_queue()
    {
        // The request timeout (and a client that goes) cancels RequestAborted; the timeout middleware
        // turns the cancellation into the 504 (TimeoutTests). Here: the wait in the queue ends with it.
        using var gate = new CheckGate(new ServiceOptions { MaxConcurrentChecks = 1, CheckQueueLimit = 1 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckGate>.Instance);
        var hold = new TaskCompletionSource<object?>();
        var first = gate.Filter(new Microsoft.AspNetCore.Http.DefaultEndpointFilterInvocationContext(new Microsoft.AspNetCore.Http.DefaultHttpContext()),
            _ => new ValueTask<object?>(hold.Task)).AsTask();
        gate.Running.ShouldBe(1);
        using var timeout = new CancellationTokenSource();
        var waiting = gate.Filter(new Microsoft.AspNetCore.Http.DefaultEndpointFilterInvocationContext(
            new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestAborted = timeout.Token }), _ => ValueTask.FromResult<object?>(2)).AsTask();
        gate.Queued.ShouldBe(1);
        timeout.Cancel();
        await Should.ThrowAsync<OperationCanceledException>(() => waiting);
        gate.Queued.ShouldBe(0);
        hold.SetResult(1);
        (await first).ShouldBe(1);
        gate.Running.ShouldBe(0);
    }

    [Test, CancelAfter(120_000)]
    public async Task A_runaway_check_gets_its_504_on_time_and_keeps_its_slot_until_it_really_stops()
    {
        var dir = SeedReport.TempDir("svc-runaway");
        File.WriteAllText(Path.Combine(dir, "loop.yaml"), """
            ruleset: loop
            rules:
              - id: LOOP1
                scope: document
                assert: Enumerable.Range(0, 10000000).SelectMany(i => Enumerable.Range(0, 10000000)).Count(j => j < 0) > 0
                message: 不会到这里
            """);
        await using var service = await GatedService.StartAsync(new Dictionary<string, string?>
        {
            ["Rules"] = dir, ["RuleTimeBudgetSeconds"] = "8", ["RequestTimeoutSeconds"] = "0.5",
            ["MaxConcurrentChecks"] = "1", ["CheckQueueLimit"] = "0",
        });
        // The rule would run 8 s (its budget); the client waits at most 6. Only a 504 sent while the
        // check still runs can arrive in time.
        using var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(6) };
        var r = await client.PostAsync("/api/v1/lint?name=003.txt", Raw(Seed003));
        await ShouldBeProblem(r, 504, "timeout");
        r.Headers.GetValues("X-Content-Type-Options").ShouldBe(new[] { "nosniff" });

        // The abandoned check ends (its budget, or the request's cancellation once the budget takes it),
        // gives its slot back, and the service answers again.
        await GatedService.Until(() => service.Gate.Running == 0, "the abandoned check ends and frees its slot");
        (await service.Client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Test, CancelAfter(30_000)]
    public async Task A_check_that_outlives_its_request_keeps_its_slot_until_the_work_ends()
    {
        using var gate = new CheckGate(new ServiceOptions { MaxConcurrentChecks = 1, CheckQueueLimit = 0, RetryAfterSeconds = 3 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckGate>.Instance);
        using var aborted = new CancellationTokenSource();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestAborted = aborted.Token };
        using var release = new ManualResetEventSlim();
        var tokenSeen = new TaskCompletionSource<CancellationToken>();
        var request = gate.Filter(new Microsoft.AspNetCore.Http.DefaultEndpointFilterInvocationContext(http), async ctx =>
            await CheckGate.RunAsync(ctx.HttpContext, token =>
            {
                tokenSeen.SetResult(token);
                release.Wait(); // a check that does not stop
                return 42;
            })).AsTask();
        var token = await tokenSeen.Task;
        gate.Running.ShouldBe(1);

        // The request gives up (timeout or client gone): it ends at once, the work is told, the slot stays taken.
        aborted.Cancel();
        await Should.ThrowAsync<OperationCanceledException>(() => request);
        token.IsCancellationRequested.ShouldBeTrue();
        gate.Running.ShouldBe(1);
        var other = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var refused = await gate.Filter(new Microsoft.AspNetCore.Http.DefaultEndpointFilterInvocationContext(other), _ => ValueTask.FromResult<object?>(1));
        ((Microsoft.AspNetCore.Http.IStatusCodeHttpResult)refused!).StatusCode.ShouldBe(503);
        other.Response.Headers.RetryAfter.ToString().ShouldBe("3");

        release.Set();
        await GatedService.Until(() => gate.Running == 0, "the slot comes back when the work ends");
        var admitted = await gate.Filter(new Microsoft.AspNetCore.Http.DefaultEndpointFilterInvocationContext(new Microsoft.AspNetCore.Http.DefaultHttpContext()),
            _ => ValueTask.FromResult<object?>(7));
        admitted.ShouldBe(7);
        gate.Running.ShouldBe(0, "a handler that hands nothing on gives the slot back when it returns");
    }

    [Test]
    public void The_check_limits_come_from_switches_and_the_environment_and_bad_values_stop_the_start()
    {
        using (var app = ServiceApp.Build(new[]
               {
                   "--urls", "http://127.0.0.1:0", "--cache", RuleTestSupport.CacheDir,
                   "--max-concurrent-checks", "3", "--check-queue-limit", "9", "--retry-after", "11", "--max-connections", "77",
                   "--max-upgraded-connections", "2", "--keep-alive-timeout", "12", "--request-headers-timeout", "4", "--behind-reverse-proxy", "true",
               }))
        {
            var o = app.Services.GetRequiredService<ServiceOptions>();
            (o.MaxConcurrentChecks, o.CheckQueueLimit, o.RetryAfterSeconds, o.MaxConcurrentConnections, o.MaxConcurrentUpgradedConnections)
                .ShouldBe((3, 9, 11, 77L, 2L));
            (o.KeepAliveTimeoutSeconds, o.RequestHeadersTimeoutSeconds, o.BehindReverseProxy).ShouldBe((12.0, 4.0, true));
            var kestrel = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
            kestrel.Limits.MaxConcurrentConnections.ShouldBe(77);
            kestrel.Limits.MaxConcurrentUpgradedConnections.ShouldBe(2);
            kestrel.Limits.KeepAliveTimeout.ShouldBe(TimeSpan.FromSeconds(12));
            kestrel.Limits.RequestHeadersTimeout.ShouldBe(TimeSpan.FromSeconds(4));
            kestrel.Limits.MaxRequestBodySize.ShouldBe(DocumentUpload.HardLimit(o));
        }

        Environment.SetEnvironmentVariable("PerfRules__MaxConcurrentChecks", "6");
        Environment.SetEnvironmentVariable("PerfRules__MaxConcurrentConnections", "99");
        try
        {
            using var fromEnv = ServiceApp.Build(new[] { "--urls", "http://127.0.0.1:0", "--cache", RuleTestSupport.CacheDir });
            var o = fromEnv.Services.GetRequiredService<ServiceOptions>();
            o.MaxConcurrentChecks.ShouldBe(6);
            o.MaxConcurrentConnections.ShouldBe(99);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PerfRules__MaxConcurrentChecks", null);
            Environment.SetEnvironmentVariable("PerfRules__MaxConcurrentConnections", null);
        }

        foreach (var (key, value) in new[]
                 {
                     ("MaxConcurrentChecks", "0"), ("CheckQueueLimit", "-1"), ("RetryAfterSeconds", "0"), ("MaxConcurrentConnections", "0"),
                     ("MaxConcurrentUpgradedConnections", "-1"), ("KeepAliveTimeoutSeconds", "0"), ("RequestHeadersTimeoutSeconds", "-2"),
                 })
            Should.Throw<InvalidOperationException>(() => TestService.StartAsync(new Dictionary<string, string?> { [key] = value }))
                .Message.ShouldContain(key);
    }

    [Test, CancelAfter(60_000)]
    public async Task A_start_that_fails_exits_2_not_with_an_unhandled_exception()
    {
        // The port is taken: Kestrel throws when it starts listening.
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var code = await ServiceApp.RunAsync(new[] { "--urls", $"http://127.0.0.1:{port}", "--cache", RuleTestSupport.CacheDir });
        code.ShouldBe(2);
        (await ServiceApp.RunAsync(new[] { "--urls", "http://127.0.0.1:0", "--max-concurrent-checks", "0" })).ShouldBe(2);
    }

    [Test]
    public async Task The_health_and_openapi_documents_show_the_check_limits()
    {
        var h = JsonDocument.Parse(await SharedService.Instance.Client.GetStringAsync("/healthz")).RootElement.GetProperty("limits");
        h.GetProperty("maxConcurrentChecks").GetInt32().ShouldBe(new ServiceOptions().MaxConcurrentChecks);
        // The shared service is configured with its own queue limit: the document shows the setting in force.
        h.GetProperty("checkQueueLimit").GetInt32().ShouldBe(SharedService.CheckQueueLimit);
        var paths = JsonDocument.Parse(await SharedService.Instance.Client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/lint", "/api/v1/parse" })
            paths.GetProperty(path).GetProperty("post").GetProperty("responses").TryGetProperty("503", out _).ShouldBeTrue(path);
    }
}
