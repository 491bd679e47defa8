using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Service;

internal static class ServiceTestSupport
{
    /// <summary>A linter as the service's: every input format registered.</summary>
    public static Linter Linter { get; } = new(RuleTestSupport.Builtin, TestFormats.Reader());

    public static string SeedName(string prefix) => Path.GetFileName(Seeds.Path0(prefix));

    public static byte[] SeedBytes(string prefix) => File.ReadAllBytes(Seeds.Path0(prefix));

    /// <summary>What `perfrules lint --format F` prints for these documents, named as given.</summary>
    /// <summary>The library's report for the same documents checked together as one run.</summary>
    public static string Expected(string format, params (string Name, byte[] Bytes)[] docs) =>
        ReportFormats.Render(TestFormats.Reports.Find(format)!, Linter.CheckAll(docs.Select(d => (d.Bytes, d.Name)).ToList()));

    public static HttpContent Raw(byte[] bytes, string mediaType = "text/plain")
    {
        var c = new ByteArrayContent(bytes);
        c.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return c;
    }

    public static MultipartFormDataContent Multipart(params (string Name, byte[] Bytes)[] docs)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in docs)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(part, "files", name);
        }
        return form;
    }

    public static async Task<string> Text(HttpResponseMessage r) => Encoding.UTF8.GetString(await r.Content.ReadAsByteArrayAsync());

    /// <summary>Asserts an RFC 7807 problem document with the status and code, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblem(HttpResponseMessage r, int status, string code)
    {
        var body = await Text(r);
        ((int)r.StatusCode).ShouldBe(status, body);
        r.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var p = JsonDocument.Parse(body).RootElement.Clone();
        p.GetProperty("status").GetInt32().ShouldBe(status);
        p.GetProperty("code").GetString().ShouldBe(code);
        p.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        p.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        return p;
    }
}
