using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PerfRules.Service;
using PerfRules.Tests.Rules;
using Serilog.Events;

namespace PerfRules.Tests.Service;

/// <summary>
/// Kestrel's connection limits: idle connections cannot pile up (each is a file descriptor), idle
/// ones are closed after the keep-alive / header timeouts, and the service warns when it listens
/// where other machines can reach it.
/// </summary>
[NonParallelizable]
public class ConnectionLimitTests
{
    private static async Task<Socket> Connect(Uri address)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, address.Port);
        return s;
    }

    /// <summary>True when the server closes the connection (a read ends) within the wait.</summary>
    private static async Task<bool> ClosedByServer(Socket s, TimeSpan wait)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) return true;
            }
        }
        catch (OperationCanceledException) { return false; }
        catch (SocketException) { return true; }
    }

    /// <summary>Sends a GET and returns the first bytes of the answer: "" when the server closed the connection instead.</summary>
    private static async Task<string> Get(Socket s, string path)
    {
        try
        {
            await s.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"), SocketFlags.None);
            var buffer = new byte[65536];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return Encoding.ASCII.GetString(buffer, 0, n);
        }
        catch (SocketException) { return ""; }
    }

    [Test, CancelAfter(60_000)]
    public async Task Connections_past_the_limit_are_closed_and_idle_ones_time_out()
    {
        await using var service = await GatedService.StartAsync(new Dictionary<string, string?>
        {
            ["MaxConcurrentConnections"] = "3", ["KeepAliveTimeoutSeconds"] = "3", ["RequestHeadersTimeoutSeconds"] = "3",
        });
        var idle = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            // Each answers once, so each is taken and counted, and then sits idle (keep-alive).
            idle.Add(await Connect(service.BaseAddress));
            (await Get(idle[i], "/healthz")).ShouldStartWith("HTTP/1.1 200");
        }
        using (var fourth = await Connect(service.BaseAddress))
            (await Get(fourth, "/healthz")).ShouldBe("", "the fourth connection is over the limit: closed, not answered");
        // One summary line, not Kestrel's line per refused connection.
        await GatedService.Until(() => service.Logs.Events.Any(e => e.Message.StartsWith("Refused 1 connection(s)")), "the refusal is logged");
        service.Logs.Events.ShouldNotContain(e => e.Message.Contains("rejected because the maximum number of concurrent connections"));
        service.App.Services.GetRequiredService<RejectedConnectionLog>().Total.ShouldBe(1);

        // The idle ones are closed by the timeouts, and the service takes new connections again.
        foreach (var s in idle) (await ClosedByServer(s, TimeSpan.FromSeconds(20))).ShouldBeTrue("an idle connection times out");
        foreach (var s in idle) s.Dispose();
        await GatedService.Until(() =>
        {
            using var c = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            try { return c.GetAsync("/healthz").Result.StatusCode == HttpStatusCode.OK; }
            catch (Exception) { return false; }
        }, "the service answers once the idle connections are gone");
    }

    [Test, CancelAfter(180_000)]
    public void Thousands_of_idle_connections_do_not_take_more_file_descriptors_than_the_limit()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("/proc/<pid>/fd is Linux");
        _ = RuleTestSupport.Builtin; // the child finds the rules compiled in the test run's cache
        var exe = Path.Combine(TestContext.CurrentContext.TestDirectory, "PerfRules.Service");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "--urls", "http://127.0.0.1:0", "--cache", RuleTestSupport.CacheDir, "--max-connections", "50",
                 })
            psi.ArgumentList.Add(a);
        using var service = Process.Start(psi)!;
        var sockets = new List<Socket>();
        try
        {
            _ = service.StandardError.ReadToEndAsync();
            int port = 0;
            for (string? line; port == 0 && (line = service.StandardOutput.ReadLine()) is not null;)
                if (Regex.Match(line, @"Now listening on: http://127\.0\.0\.1:(\d+)") is { Success: true } m) port = int.Parse(m.Groups[1].Value);
            port.ShouldBeGreaterThan(0, "the service started");
            _ = service.StandardOutput.ReadToEndAsync();
            int Descriptors() => Directory.GetFiles($"/proc/{service.Id}/fd").Length;
            var before = Descriptors();

            for (var i = 0; i < 2000; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(IPAddress.Loopback, port);
                sockets.Add(s);
            }
            // Refused connections are closed as they are accepted: once the server has worked through
            // the backlog, it holds the 50 it took (plus a little slack). Without the limit it would hold 2000.
            var now = 0;
            for (var i = 0; i < 300; i++)
            {
                now = Descriptors();
                if (now - before <= 50 + 20) break;
                Thread.Sleep(100);
            }
            (now - before).ShouldBeLessThanOrEqualTo(50 + 20, $"{before} descriptors before, {now} with 2000 idle connections open");
            Thread.Sleep(1000);
            (Descriptors() - before).ShouldBeLessThanOrEqualTo(50 + 20, "and it stays so while they stay open");
            service.HasExited.ShouldBeFalse();

            // Still alive and answering once the idle connections are gone.
            foreach (var s in sockets) s.Dispose();
            sockets.Clear();
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string? health = null;
            for (var i = 0; i < 100 && health is null; i++)
            {
                try { health = client.GetStringAsync($"http://127.0.0.1:{port}/healthz").Result; }
                catch (AggregateException) { Thread.Sleep(100); }
            }
            health.ShouldNotBeNull().ShouldContain("\"ok\"");
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
            if (!service.HasExited) service.Kill();
            service.WaitForExit();
        }
    }

    [TestCase("http://127.0.0.1:5080", true)]
    [TestCase("http://localhost:5080", true)]
    [TestCase("http://[::1]:5080", true)]
    [TestCase("https://127.0.0.2:443/", true)]
    [TestCase("http://0.0.0.0:5080", false)]
    [TestCase("http://[::]:5080", false)]
    [TestCase("http://192.168.1.20:5080", false)]
    [TestCase("http://*:5080", false)]
    [TestCase("http://+:5080", false)]
    [TestCase("http://example.org:80", false)]
    public void Which_addresses_count_as_loopback(string address, bool loopback) =>
        ServiceApp.IsLoopback(address).ShouldBe(loopback);

    [Test]
    public async Task Listening_on_a_non_loopback_address_logs_a_warning_naming_the_reverse_proxy()
    {
        await using (var exposed = await GatedService.StartAsync(new Dictionary<string, string?>(), "http://0.0.0.0:0"))
        {
            await GatedService.Until(() => exposed.Logs.Events.Any(e => e.Message.StartsWith("Listening on")), "the start-up log");
            var warning = exposed.Logs.Events.Where(e => e.Message.StartsWith("Listening on http://0.0.0.0:")).ShouldHaveSingleItem();
            warning.Level.ShouldBe(LogEventLevel.Warning);
            warning.Message.ShouldContain("reverse proxy");
            warning.Message.ShouldContain("BehindReverseProxy");
        }
        await using (var proxied = await GatedService.StartAsync(new Dictionary<string, string?> { ["BehindReverseProxy"] = "true" }, "http://0.0.0.0:0"))
        {
            await GatedService.Until(() => proxied.Logs.Events.Any(e => e.Message.StartsWith("Listening on")), "the start-up log");
            proxied.Logs.Events.Where(e => e.Message.StartsWith("Listening on")).ShouldAllBe(e => e.Level == LogEventLevel.Information);
        }
        // Loopback: nothing to say.
        await using var local = await GatedService.StartAsync(new Dictionary<string, string?>());
        await Task.Delay(200);
        local.Logs.Events.ShouldNotContain(e => e.Message.StartsWith("Listening on"));
    }
}
