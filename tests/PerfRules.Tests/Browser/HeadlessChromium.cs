using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PerfRules.Tests.Browser;

/// <summary>
/// A real headless Chromium driven over the DevTools protocol (a WebSocket; no driver package):
/// load a URL or a file, evaluate JavaScript, fill file inputs, and collect console errors.
/// The browser is found at $PERFRULES_CHROMIUM, else chromium / chromium-browser / google-chrome on the PATH;
/// when there is none, <see cref="ExternalTools"/> installs Debian's chromium first.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _errorAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiver;
    private int _nextId;

    /// <summary>console.error calls, uncaught exceptions and browser-logged errors (failed loads, CSP), in order.</summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors.ToList();

    private HeadlessChromium(Process process, string profile) { _process = process; _profile = profile; }

    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("PERFRULES_CHROMIUM") is { Length: > 0 } env && File.Exists(env)) return env;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in path.Append("/usr/bin"))
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Starts the browser with a fresh profile and attaches to its first page.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(TimeSpan? timeout = null)
    {
        var exe = ExternalTools.Chromium();
        var profile = Directory.CreateTempSubdirectory("perfrules-chromium-").FullName;
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--no-default-browser-check", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank",
                 })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + exe);
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(timeout ?? DefaultTimeout);
        }
        catch (Exception e)
        {
            await browser.DisposeAsync();
            string log;
            lock (stderr) log = stderr.ToString();
            throw new InvalidOperationException("chromium did not start: " + e.Message + "\n" + log, e);
        }
        return browser;
    }

    private async Task ConnectAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        int port = 0;
        while (port == 0)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited with code {_process.ExitCode}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no DevToolsActivePort file");
            try
            {
                if (File.Exists(portFile) && int.TryParse(File.ReadLines(portFile).FirstOrDefault(), out var p)) port = p;
            }
            catch (IOException) { /* written while we read: try again */ }
            if (port == 0) await Task.Delay(50);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? ws = null;
        while (ws is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no page target");
            try
            {
                var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
                ws = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            }
            catch (HttpRequestException) { }
            if (ws is null) await Task.Delay(100);
        }
        await _socket.ConnectAsync(new Uri(ws), _stop.Token);
        _receiver = Task.Run(ReceiveLoop);
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
        await SendAsync("Log.enable");
    }

    /// <summary>Sends one DevTools command and returns its result (throws on a protocol error).</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _sendLock.WaitAsync();
        try { await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, _stop.Token); }
        finally { _sendLock.Release(); }
        try
        {
            return await tcs.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no answer to {method}");
        }
        finally { _pending.TryRemove(id, out _); }
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                using (var doc = JsonDocument.Parse(message.ToArray()))
                    Dispatch(doc.RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException) { }
        foreach (var p in _pending.Values) p.TrySetException(new InvalidOperationException("chromium connection closed"));
    }

    private void Dispatch(JsonElement m)
    {
        if (m.TryGetProperty("id", out var idElement))
        {
            if (!_pending.TryGetValue(idElement.GetInt32(), out var tcs)) return;
            if (m.TryGetProperty("error", out var error)) tcs.TrySetException(new InvalidOperationException("DevTools: " + error));
            else tcs.TrySetResult(m.TryGetProperty("result", out var result) ? result : default);
            return;
        }
        var method = m.GetProperty("method").GetString();
        var p = m.TryGetProperty("params", out var pp) ? pp : default;
        switch (method)
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                AddError("console.error: " + string.Join(" ", p.GetProperty("args").EnumerateArray()
                    .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var d) ? d.GetString() : a.ToString())));
                break;
            case "Runtime.exceptionThrown":
                var details = p.GetProperty("exceptionDetails");
                var text = details.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var desc)
                    ? desc.GetString() : details.GetProperty("text").GetString();
                AddError("exception: " + text);
                break;
            case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                var entry = p.GetProperty("entry");
                AddError("log: " + entry.GetProperty("text").GetString() +
                                       (entry.TryGetProperty("url", out var url) ? " (" + url.GetString() + ")" : ""));
                break;
        }
    }

    private void AddError(string error)
    {
        _consoleErrors.Enqueue(error);
        Interlocked.Exchange(ref _errorAdded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Waits until the console errors collected so far satisfy the condition (they arrive in the
    /// order the page produced them, so everything logged before the last one awaited is in too).
    /// </summary>
    public async Task WaitForConsoleErrorsAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Task.Delay(timeout ?? DefaultTimeout);
        while (true)
        {
            var added = Volatile.Read(ref _errorAdded).Task;
            var errors = ConsoleErrors;
            if (condition(errors)) return;
            if (await Task.WhenAny(added, deadline) == deadline)
                throw new TimeoutException("console errors still not as expected: " + string.Join(" | ", errors));
        }
    }

    /// <summary>Loads a URL and waits for its load event.</summary>
    public async Task NavigateAsync(string url, TimeSpan? timeout = null)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var r = await SendAsync("Page.navigate", new { url });
        if (r.TryGetProperty("errorText", out var error) && error.GetString() is { Length: > 0 } e)
            throw new InvalidOperationException($"could not load {url}: {e}");
        await _loaded.Task.WaitAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Loads a local file (e.g. an HTML report).</summary>
    public Task OpenFileAsync(string path, TimeSpan? timeout = null) => NavigateAsync(new Uri(Path.GetFullPath(path)).AbsoluteUri, timeout);

    /// <summary>Evaluates a JavaScript expression (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, TimeSpan? timeout = null)
    {
        var r = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, timeout);
        if (r.TryGetProperty("exceptionDetails", out var ex))
            throw new InvalidOperationException("JavaScript error: " +
                (ex.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d) ? d.GetString() : ex.ToString()));
        var result = r.GetProperty("result");
        return result.TryGetProperty("value", out var value) ? value : default;
    }

    public async Task<T> EvaluateAsync<T>(string expression, TimeSpan? timeout = null) =>
        (await EvaluateAsync(expression, timeout)).Deserialize<T>()!;

    /// <summary>Polls a JavaScript condition until it is truthy.</summary>
    public async Task WaitForAsync(string condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var v = await EvaluateAsync($"!!({condition})");
            if (v.ValueKind == JsonValueKind.True) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("still false: " + condition);
            await Task.Delay(50);
        }
    }

    /// <summary>Puts files into an &lt;input type=file&gt; as if the user had picked them (fires its change event).</summary>
    public async Task SetFileInputAsync(string selector, params string[] paths)
    {
        var root = await SendAsync("DOM.getDocument", new { depth = 0 });
        var node = await SendAsync("DOM.querySelector", new { nodeId = root.GetProperty("root").GetProperty("nodeId").GetInt32(), selector });
        var nodeId = node.GetProperty("nodeId").GetInt32();
        if (nodeId == 0) throw new InvalidOperationException("no element matches " + selector);
        await SendAsync("DOM.setFileInputFiles", new { nodeId, files = paths.Select(Path.GetFullPath).ToArray() });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await SendAsync("Browser.close", timeout: TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or WebSocketException or OperationCanceledException) { }
        _stop.Cancel();
        try
        {
            if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(3000);
        }
        catch (InvalidOperationException) { }
        if (_receiver is not null) await Task.WhenAny(_receiver, Task.Delay(1000));
        _socket.Dispose();
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
