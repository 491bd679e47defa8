using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        var app = ServiceApp.Build(args.ToArray(), b => b.Logging.AddProvider(logs));
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

/// <summary>Every log event's category and rendered message, for tests that read the log.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    public void Dispose() { }

    private sealed class Capturing(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Events.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
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

    public static TestService Instance => _service ?? throw new InvalidOperationException("service not started");

    [OneTimeSetUp]
    public async Task Start() => _service = await TestService.StartAsync(new Dictionary<string, string?>
    {
        ["MaxFiles"] = MaxFiles.ToString(),
        ["MaxRequestBytes"] = MaxRequestBytes.ToString(),
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }
}
