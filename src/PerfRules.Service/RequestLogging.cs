using System.Diagnostics;

namespace PerfRules.Service;

/// <summary>
/// One log event per request: method, path, status, duration and how many documents it carried.
/// Never the query string's values or the body: documents may not be public yet.
/// </summary>
public sealed class RequestLogging
{
    private const string DocumentsKey = "PerfRules.Documents";
    private readonly RequestDelegate _next;
    private readonly ILogger<RequestLogging> _log;

    public RequestLogging(RequestDelegate next, ILogger<RequestLogging> log) { _next = next; _log = log; }

    public static void SetDocuments(HttpContext http, int count) => http.Items[DocumentsKey] = count;

    public async Task InvokeAsync(HttpContext http)
    {
        var start = Stopwatch.GetTimestamp();
        var status = 500;
        try
        {
            await _next(http);
            status = http.Response.StatusCode;
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var docs = http.Items.TryGetValue(DocumentsKey, out var n) && n is int i ? i : 0;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            _log.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {Elapsed:0.0} ms ({Documents} documents)",
                http.Request.Method, http.Request.Path.Value, status, ms, docs);
        }
    }
}
