using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using PerfRules.Service;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Service;

/// <summary>The service on a real Kestrel, on a free loopback port, with its log events captured.</summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly WebApplication _app;

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public LogCapture Logs { get; }

    private TestService(WebApplication app, Uri baseAddress, LogCapture logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Starts a service; <paramref name="settings"/> are PerfRules:* keys (e.g. MaxFiles = "3").</summary>
    public static async Task<TestService> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var logs = new LogCapture();
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--cache", RuleTestSupport.CacheDir };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            args.Add($"--{ServiceOptions.Section}:{k}={v}");
        var app = ServiceApp.Build(args.ToArray(), logging: l => l.WriteTo.Sink(logs));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestService(app, new Uri(address), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Every event the service's Serilog pipeline emits (after its level settings), rendered, for tests that read the log.</summary>
public sealed class LogCapture : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Format = new("{Message:lj}{NewLine}{Exception}");

    public ConcurrentQueue<(LogEventLevel Level, string Message)> Events { get; } = new();

    /// <summary>Rendered as the console sink renders them.</summary>
    public void Emit(LogEvent e)
    {
        var w = new StringWriter();
        Format.Format(e, w);
        Events.Enqueue((e.Level, w.ToString().TrimEnd()));
    }
}

/// <summary>One service for the whole namespace: the rules compile once and every test shares the port.</summary>
[SetUpFixture]
public sealed class SharedService
{
    private static TestService? _service;

    /// <summary>The shared service's limits: small, so the limit tests send little.</summary>
    public const int MaxFiles = 8;
    public const long MaxRequestBytes = 512 * 1024;
    /// <summary>
    /// Tests that send many requests at once check answers, not the gate (CheckLimitTests do that):
    /// room for all of them in the queue, so none is turned away with 503 on a slow machine.
    /// </summary>
    public const int CheckQueueLimit = 200;

    public static TestService Instance => _service ?? throw new InvalidOperationException("service not started");

    [OneTimeSetUp]
    public async Task Start() => _service = await TestService.StartAsync(new Dictionary<string, string?>
    {
        ["MaxFiles"] = MaxFiles.ToString(),
        ["MaxRequestBytes"] = MaxRequestBytes.ToString(),
        ["CheckQueueLimit"] = CheckQueueLimit.ToString(),
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }
}
