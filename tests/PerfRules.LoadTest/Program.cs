using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PerfRules.Fuzz;
using PerfRules.Ingest;
using PerfRules.Reports;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.LoadTest;

/// <summary>
/// perfrules-loadtest [--url URL] [--requests N] [--clients C] [--seeds DIR] [--random-seed R]:
/// N requests from C concurrent clients against a running service, a fixed mix of good and bad
/// documents and bad requests. Every answer is checked: the status, and for documents the body
/// must be exactly the library's report for the same bytes (computed here, before the run, with the
/// limits the service reports on /healthz). Exit 1 on any wrong answer or unexpected 5xx, 2 when
/// the run cannot start. Starts nothing itself; tests/load/run.sh starts the service.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        if (o is null) return 2;
        using var probe = new HttpClient { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(10) };
        Limits limits;
        try
        {
            limits = Limits.From(JsonDocument.Parse(await probe.GetStringAsync("/healthz")).RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"no service at {o.Url}: {e.Message}");
            return 2;
        }
        if (limits.RuleSet != "core")
        {
            Console.Error.WriteLine($"the service runs rule set '{limits.RuleSet}'; the expected answers assume the built-in set (start it without --rules)");
            return 2;
        }
        Console.WriteLine($"service {o.Url}: limits {limits}");

        var watch = Stopwatch.StartNew();
        var plan = Plan.Build(o, limits);
        Console.WriteLine($"prepared {plan.Requests.Count} requests ({plan.Requests.GroupBy(r => r.Kind).Count()} kinds) in {watch.Elapsed.TotalSeconds:0.0} s; running with {o.Clients} clients");

        var results = new ConcurrentBag<Result>();
        var next = -1;
        watch.Restart();
        var started = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, o.Clients).Select(_ => Task.Run(async () =>
        {
            // One connection pool per client, as separate callers would have.
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            { BaseAddress = o.Url, Timeout = Timeout.InfiniteTimeSpan };
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Requests.Count)
                results.Add(await Runner.Run(http, plan.Requests[i], limits));
        })).ToArray();
        await Task.WhenAll(clients);
        var elapsed = watch.Elapsed;
        return Report.Print(results.ToList(), started, elapsed, o);
    }
}

public sealed record Options(Uri Url, int Requests, int Clients, string SeedDir, int RandomSeed)
{
    public static Options? Parse(string[] args)
    {
        var url = "http://127.0.0.1:5080";
        int requests = 5000, clients = 50, seed = 20260101;
        var seeds = PerfRules.Tests.TestPaths.Seeds;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--url": url = Next(); break;
                    case "--requests": requests = int.Parse(Next()); break;
                    case "--clients": clients = int.Parse(Next()); break;
                    case "--seeds": seeds = Next(); break;
                    case "--random-seed": seed = int.Parse(Next()); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }
        if (requests <= 0 || clients <= 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Directory.Exists(seeds))
        {
            Console.Error.WriteLine("usage: perfrules-loadtest [--url URL] [--requests N>0] [--clients C>0] [--seeds DIR] [--random-seed R]");
            return null;
        }
        return new Options(uri, requests, clients, seeds, seed);
    }
}

/// <summary>The limits in force on the service, from /healthz.</summary>
public sealed record Limits(string RuleSet, long MaxRequestBytes, int MaxFiles, double RequestTimeoutSeconds,
    long MaxFileSize, int MaxLineLength, int MaxFindingsPerDocument, double RuleTimeBudgetSeconds)
{
    public static Limits From(JsonElement health)
    {
        var l = health.GetProperty("limits");
        return new Limits(health.GetProperty("ruleSet").GetString()!,
            l.GetProperty("maxRequestBytes").GetInt64(), l.GetProperty("maxFiles").GetInt32(), l.GetProperty("requestTimeoutSeconds").GetDouble(),
            l.GetProperty("maxFileSize").GetInt64(), l.GetProperty("maxLineLength").GetInt32(),
            l.GetProperty("maxFindingsPerDocument").GetInt32(), l.GetProperty("ruleTimeBudgetSeconds").GetDouble());
    }

    /// <summary>Past this, Kestrel itself ends the request (the service drains up to it to answer 413).</summary>
    public long HardLimit => MaxRequestBytes + Math.Max(MaxRequestBytes, 1024 * 1024);
}

/// <summary>What a request may end in: statuses, and for 200 the exact body; or a closed connection.</summary>
public sealed record Expect(int[] Statuses, string? Body = null, string? ProblemCode = null, bool MayClose = false, bool Slow = false);

public sealed record Request(string Kind, Func<HttpRequestMessage> Make, Expect Expect);

public sealed record Result(string Kind, int Status, double Ms, string? Wrong, bool Unexpected5xx)
{
    /// <summary>When it ended (a Stopwatch timestamp).</summary>
    public long Ended { get; init; } = Stopwatch.GetTimestamp();
}

public static class Plan
{
    public sealed record Built(IReadOnlyList<Request> Requests);

    /// <summary>Share of each kind in the mix (per 1000 requests); the slow uploads are a fixed few.</summary>
    private static readonly (string Kind, int Weight)[] Mix =
    {
        ("seed-lint-json", 200), ("seed-lint-sarif", 50), ("seed-parse", 80), ("multipart-batch", 100),
        ("fuzz-lint", 220), ("fuzz-parse", 80), ("unknown-format", 50), ("bad-fail-on", 20), ("wrong-media-type", 50),
        ("empty-body", 20), ("too-many-files", 20), ("oversized", 20), ("health-and-rules", 40),
    };

    public static Built Build(Options o, Limits limits)
    {
        var rules = RuleSetCompiler.CompileBuiltin(new RuleEngineOptions
        {
            MaxFindingsPerDocument = limits.MaxFindingsPerDocument,
            TimeBudget = TimeSpan.FromSeconds(limits.RuleTimeBudgetSeconds),
        });
        // The service's limits and formats, so the expected answers are the service's.
        var linter = new Linter(rules, new SubmissionReader(new ReadOptions
        {
            Codes = rules.RuleSet.Codes, MaxFileSize = limits.MaxFileSize, MaxLineLength = limits.MaxLineLength,
        }, PerfRules.Service.Formats.Inputs()));
        var reports = PerfRules.Service.Formats.Reports();
        var seeds = Directory.GetFiles(o.SeedDir).OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        var harness = new FuzzHarness(linter, seeds.Select(s => s.Bytes).ToList());
        // A fixed pool of bad documents, each with its expected answers (computed once, here).
        var fuzz = Enumerable.Range(0, 200).Select(i =>
        {
            var (kind, name, bytes) = harness.Generate(FuzzHarness.CaseRandom(o.RandomSeed, i));
            return (Name: $"fuzz-{i}-{kind}-{name}", Bytes: bytes);
        }).Where(d => d.Bytes.Length > 0 && d.Bytes.Length <= limits.MaxRequestBytes).ToList();

        string Lint(string format, params (string Name, byte[] Bytes)[] docs) =>
            ReportFormats.Render(reports.Find(format)!, linter.CheckAll(docs.Select(d => (d.Bytes, d.Name)).ToList()));
        string Parse((string Name, byte[] Bytes) d)
        {
            // As the service answers one body: one model, or an array when the file holds several tables.
            var models = linter.Reader.Read(d.Bytes, d.Name).Documents.Select(x => x.Submission).ToList();
            return models.Count == 1 ? CanonicalWriter.ToJson(models[0]) : CanonicalWriter.ToJson(models);
        }

        var lintJson = new ConcurrentDictionary<string, string>();
        var rng = new Random(o.RandomSeed);
        var requests = new List<Request>();
        var total = Mix.Sum(m => m.Weight);
        var slow = Math.Max(4, o.Requests / 500);
        for (int i = 0; i < o.Requests - slow; i++)
        {
            var pick = rng.Next(total);
            var kind = Mix.First(m => (pick -= m.Weight) < 0).Kind;
            requests.Add(Make(kind));
        }
        // The slow uploads spread through the run: half trickle just fast enough for Kestrel's
        // minimum data rate (only the request timeout stops them), half stall after a few bytes.
        for (int i = 0; i < slow; i++)
            requests.Insert(rng.Next(requests.Count + 1), SlowUpload(seeds[0].Bytes, limits, trickle: i % 2 == 0));
        return new Built(requests);

        Request Make(string kind)
        {
            var seed = seeds[rng.Next(seeds.Count)];
            var bad = fuzz[rng.Next(fuzz.Count)];
            switch (kind)
            {
                case "seed-lint-json":
                    return new(kind, () => Raw($"/api/v1/lint?name={Uri.EscapeDataString(seed.Name)}", seed.Bytes),
                        Ok(lintJson.GetOrAdd(seed.Name, _ => Lint("json", seed))));
                case "seed-lint-sarif":
                    return new(kind, () => Raw($"/api/v1/lint?format=sarif&name={Uri.EscapeDataString(seed.Name)}", seed.Bytes), Ok(Lint("sarif", seed)));
                case "seed-parse":
                    return new(kind, () => Raw($"/api/v1/parse?name={Uri.EscapeDataString(seed.Name)}", seed.Bytes), Ok(Parse(seed)));
                case "multipart-batch":
                {
                    var docs = Enumerable.Range(0, rng.Next(2, 6)).Select(_ => rng.Next(3) == 0 ? fuzz[rng.Next(fuzz.Count)] : seeds[rng.Next(seeds.Count)]).ToArray();
                    var size = docs.Sum(d => (long)d.Bytes.Length);
                    if (size > limits.MaxRequestBytes / 2) docs = docs.Take(1).Append(seed).ToArray();
                    return new(kind, () => Multipart("/api/v1/lint", docs), Ok(Lint("json", docs)));
                }
                case "fuzz-lint":
                    return new(kind, () => Raw($"/api/v1/lint?name={Uri.EscapeDataString(bad.Name)}", bad.Bytes, "application/octet-stream"),
                        Ok(lintJson.GetOrAdd(bad.Name, _ => Lint("json", bad))));
                case "fuzz-parse":
                    return new(kind, () => Raw($"/api/v1/parse?name={Uri.EscapeDataString(bad.Name)}", bad.Bytes, "application/octet-stream"), Ok(Parse(bad)));
                case "unknown-format":
                    return new(kind, () => Raw("/api/v1/lint?format=xml", seed.Bytes), Problem(400, "unknown-format"));
                case "bad-fail-on":
                    return new(kind, () => Raw("/api/v1/lint?failOn=fatal", seed.Bytes), Problem(400, "unknown-fail-on"));
                case "wrong-media-type":
                {
                    var type = new[] { "application/json", "text/html", "image/png", "application/x-www-form-urlencoded" }[rng.Next(4)];
                    var path = rng.Next(2) == 0 ? "/api/v1/lint" : "/api/v1/parse";
                    return new(kind, () => Raw(path, seed.Bytes, type), Problem(415, "unsupported-media-type"));
                }
                case "empty-body":
                    return new(kind, () => Raw("/api/v1/lint", Array.Empty<byte>()), Problem(400, "empty-body"));
                case "too-many-files":
                {
                    var docs = Enumerable.Repeat(seeds[3 % seeds.Count], limits.MaxFiles + 1).Select((d, k) => ($"{k}-{d.Name}", d.Bytes)).ToArray();
                    return new(kind, () => Multipart("/api/v1/lint", docs), Problem(413, "too-many-files"));
                }
                case "oversized":
                    return Oversized(rng.Next(3), limits);
                default: // health-and-rules
                {
                    var path = new[] { "/healthz", "/api/v1/rules", "/api/v1/rules/PR401", "/openapi/v1.json" }[rng.Next(4)];
                    return new(kind, () => new HttpRequestMessage(HttpMethod.Get, path), new Expect(new[] { 200 }));
                }
            }
        }
    }

    private static Expect Ok(string body) => new(new[] { 200 }, body);

    private static Expect Problem(int status, string code) => new(new[] { status }, ProblemCode: code);

    /// <summary>Just over the limit with a length (drained, then 413), chunked (413 while reading), far over the hard cap (413 or closed).</summary>
    private static Request Oversized(int variant, Limits limits)
    {
        switch (variant)
        {
            case 0:
                return new("oversized", () => Raw("/api/v1/lint", Filled(limits.MaxRequestBytes + 1)), Problem(413, "too-large"));
            case 1:
                return new("oversized", () =>
                {
                    var content = new StreamContent(new MemoryStream(Filled(limits.MaxRequestBytes + 4096)));
                    content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                    return new HttpRequestMessage(HttpMethod.Post, "/api/v1/lint") { Content = new ChunkedContent(content) };
                }, Problem(413, "too-large"));
            default:
                // The server answers before reading: the client may see the 413 or, still writing, a reset.
                return new("oversized", () => Raw("/api/v1/lint", Filled(limits.HardLimit + 1)), Problem(413, "too-large") with { MayClose = true });
        }
    }

    private static Request SlowUpload(byte[] seed, Limits limits, bool trickle)
    {
        // Long enough that, at the trickle's rate, it would take three times the timeout.
        var length = (long)(limits.RequestTimeoutSeconds * 3 * SlowUploads.TrickleBytesPerSecond) + seed.Length;
        var body = Enumerable.Repeat(seed, (int)(length / seed.Length) + 1).SelectMany(b => b).Take((int)length).ToArray();
        return new(trickle ? "slow-trickle" : "slow-stall", () => new SlowUploadMessage(body, trickle),
            new Expect(new[] { 408, 504 }, MayClose: true, Slow: true));
    }

    private static byte[] Filled(long n)
    {
        var b = new byte[n];
        Array.Fill(b, (byte)'x');
        return b;
    }

    private static HttpRequestMessage Raw(string path, byte[] bytes, string type = "text/plain")
    {
        var c = new ByteArrayContent(bytes);
        c.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = c };
    }

    private static HttpRequestMessage Multipart(string path, (string Name, byte[] Bytes)[] docs)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in docs)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(part, "files", name);
        }
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
    }
}

/// <summary>Hides the length, so the body goes chunked and the size is only known while reading.</summary>
public sealed class ChunkedContent(HttpContent inner) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>A slow upload: sent over a raw socket by <see cref="SlowUploads"/>, not by HttpClient.</summary>
public sealed class SlowUploadMessage(byte[] body, bool trickle) : HttpRequestMessage
{
    public byte[] Body { get; } = body;
    public bool Trickle { get; } = trickle;
}

/// <summary>
/// Slow uploads over a raw socket, so the server's answer is seen the moment it comes, while the body
/// is still being sent (HttpClient reads no response before the body is done). A trickle sends
/// 640 B/s, above Kestrel's minimum data rate, so only the request timeout stops it; a stall sends
/// 100 bytes and then one byte every 2 s, which the minimum data rate stops.
/// </summary>
public static class SlowUploads
{
    public const int TrickleBytesPerSecond = 640;

    /// <summary>The status the server answered, or 0 when it closed the connection without an answer.</summary>
    public static async Task<(int Status, string Head)> SendAsync(Uri url, SlowUploadMessage m, CancellationToken ct)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(url.Host, url.Port, ct);
        await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        var head = $"POST /api/v1/lint?name=slow.txt HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: text/plain\r\nContent-Length: {m.Body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sending = Task.Run(async () =>
        {
            try
            {
                for (int at = 0; at < m.Body.Length;)
                {
                    var n = m.Trickle || at < 100 ? 64 : 1;
                    await stream.WriteAsync(m.Body.AsMemory(at, Math.Min(n, m.Body.Length - at)), stopSending.Token);
                    at += n;
                    await Task.Delay(m.Trickle || at < 100 ? 100 : 2000, stopSending.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException) { }
        }, CancellationToken.None);
        try
        {
            var buffer = new byte[16384];
            var got = new StringBuilder();
            int n;
            while ((n = await stream.ReadAsync(buffer, ct)) > 0)
            {
                got.Append(Encoding.UTF8.GetString(buffer, 0, n));
                var text = got.ToString();
                if (text.Contains("\r\n\r\n") && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
                    return (int.Parse(text.AsSpan(9, 3)), text);
            }
            return (0, got.ToString());
        }
        catch (IOException)
        {
            return (0, "");
        }
        finally
        {
            stopSending.Cancel();
            await sending;
        }
    }
}

public static class Runner
{
    public static async Task<Result> Run(HttpClient http, Request request, Limits limits)
    {
        // Every request is bounded on the client side: a hung client is a failure, not a wait.
        var bound = request.Expect.Slow ? TimeSpan.FromSeconds(limits.RequestTimeoutSeconds + 20) : TimeSpan.FromSeconds(Math.Max(60, limits.RequestTimeoutSeconds * 2));
        using var cts = new CancellationTokenSource(bound);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var message = request.Make();
            if (message is SlowUploadMessage slow)
            {
                var (code, head) = await SlowUploads.SendAsync(http.BaseAddress!, slow, cts.Token);
                var wrong = code == 0 || request.Expect.Statuses.Contains(code) ? null : $"status {code}, expected {string.Join(" or ", request.Expect.Statuses)}: {head}";
                return new Result(request.Kind, code, Stopwatch.GetElapsedTime(start).TotalMilliseconds, wrong, false) { Ended = Stopwatch.GetTimestamp() };
            }
            using var response = await http.SendAsync(message, cts.Token);
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cts.Token));
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var status = (int)response.StatusCode;
            var unexpected5xx = status >= 500 && !request.Expect.Statuses.Contains(status);
            return new Result(request.Kind, status, ms, Check(request.Expect, status, body, response), unexpected5xx);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return new Result(request.Kind, -1, Stopwatch.GetElapsedTime(start).TotalMilliseconds, $"no answer within the client's bound of {bound.TotalSeconds:0} s (hung)", false);
        }
        catch (HttpRequestException e)
        {
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return new Result(request.Kind, 0, ms, request.Expect.MayClose ? null : $"connection failed: {e.Message}", false);
        }
    }

    private static string? Check(Expect expect, int status, string body, HttpResponseMessage response)
    {
        if (!expect.Statuses.Contains(status)) return $"status {status}, expected {string.Join(" or ", expect.Statuses)}: {Short(body)}";
        if (expect.Body is { } want && body != want) return $"the body differs from the library's answer ({body.Length} vs {want.Length} characters)";
        if (expect.ProblemCode is { } code)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return "not a problem document: " + Short(body);
            try
            {
                var got = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
                if (got != code) return $"problem code {got}, expected {code}";
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException)
            {
                return "bad problem document: " + Short(body);
            }
        }
        return null;
    }

    private static string Short(string s) => s.Length <= 200 ? s : s[..200] + "…";
}

public static class Report
{
    public static int Print(List<Result> results, long started, TimeSpan elapsed, Options o)
    {
        var answered = results.Where(r => !r.Kind.StartsWith("slow-")).Select(r => r.Ms).OrderBy(x => x).ToList();
        double P(List<double> xs, double p) => xs.Count == 0 ? 0 : xs[Math.Min(xs.Count - 1, (int)Math.Ceiling(p * xs.Count) - 1)];
        Console.WriteLine();
        Console.WriteLine($"{results.Count} requests from {o.Clients} clients in {elapsed.TotalSeconds:0.0} s (the slow uploads included)");
        var fast = results.Where(r => !r.Kind.StartsWith("slow-")).ToList();
        var fastSeconds = fast.Count == 0 ? 0 : Stopwatch.GetElapsedTime(started, fast.Max(r => r.Ended)).TotalSeconds;
        Console.WriteLine($"throughput: {fast.Count} requests other than the slow uploads in {fastSeconds:0.0} s: {fast.Count / fastSeconds:0.0} requests/s");
        Console.WriteLine($"latency (all but the slow uploads, {answered.Count}): p50 {P(answered, .50):0.0} ms, p95 {P(answered, .95):0.0} ms, p99 {P(answered, .99):0.0} ms, max {answered.LastOrDefault():0.0} ms");
        Console.WriteLine("by kind (count, p50, p95, p99 ms):");
        foreach (var g in results.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ms = g.Select(r => r.Ms).OrderBy(x => x).ToList();
            Console.WriteLine($"  {g.Key,-18} {g.Count(),5}  {P(ms, .5),8:0.0} {P(ms, .95),8:0.0} {P(ms, .99),8:0.0}   statuses {string.Join(", ", g.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{Name(s.Key)}×{s.Count()}"))}");
        }
        Console.WriteLine("statuses: " + string.Join(", ", results.GroupBy(r => r.Status).OrderBy(s => s.Key).Select(s => $"{Name(s.Key)} {s.Count()}")));
        var wrong = results.Where(r => r.Wrong is not null).ToList();
        var fives = results.Count(r => r.Unexpected5xx);
        Console.WriteLine($"wrong answers: {wrong.Count}; 5xx (other than the 504 expected for a slow upload): {fives}");
        foreach (var w in wrong.Take(20)) Console.WriteLine($"  WRONG {w.Kind}: {w.Wrong}");
        return wrong.Count == 0 && fives == 0 ? 0 : 1;
    }

    private static string Name(int status) => status switch { 0 => "closed", -1 => "hung", _ => status.ToString() };
}
