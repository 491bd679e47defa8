using System.Net;
using PerfRules.Service;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>The upload page's Content-Security-Policy (no inline script or style, never framed) and nosniff on every response.</summary>
public class SecurityHeaderTests
{
    private static string Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) :
        r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";

    [Test]
    public async Task The_upload_page_gets_a_policy_without_inline_script_that_forbids_framing()
    {
        var r = await SharedService.Instance.Client.GetAsync("/");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = Header(r, "Content-Security-Policy");
        csp.ShouldBe(SecurityHeaders.PagePolicy);
        var directives = csp.Split(';').Select(d => d.Trim()).ToList();
        directives.ShouldContain("script-src 'self'");
        directives.ShouldContain("style-src 'self'");
        directives.ShouldContain("frame-ancestors 'none'");
        directives.ShouldContain("default-src 'none'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
        Header(r, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(r, "X-Frame-Options").ShouldBe("DENY");

        // The page itself has nothing the policy would block: no inline script, style or handlers.
        var html = await r.Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.Matches(html, @"<script\b[^>]*>").ShouldAllBe(m => m.Value.Contains("src="));
        html.ShouldNotContain("<style");
        html.ShouldNotContain(" style=");
        System.Text.RegularExpressions.Regex.IsMatch(html, @"\son[a-z]+\s*=").ShouldBeFalse();
    }

    [TestCase("/app.js")]
    [TestCase("/app.css")]
    [TestCase("/healthz")]
    [TestCase("/api/v1/rules")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/no-such-page")]
    public async Task Every_other_response_is_nosniff_and_allows_nothing(string path)
    {
        var r = await SharedService.Instance.Client.GetAsync(path);
        Header(r, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(r, "Content-Security-Policy").ShouldBe(SecurityHeaders.DataPolicy);
    }

    [Test]
    public async Task Api_answers_and_problem_documents_are_nosniff()
    {
        var ok = await SharedService.Instance.Client.PostAsync("/api/v1/lint?name=003.txt", Raw(SeedBytes("003")));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(ok, "X-Content-Type-Options").ShouldBe("nosniff");
        var bad = await SharedService.Instance.Client.PostAsync("/api/v1/lint?format=nope", Raw(SeedBytes("003")));
        await ShouldBeProblem(bad, 400, "unknown-format");
        Header(bad, "X-Content-Type-Options").ShouldBe("nosniff");
        var parse = await SharedService.Instance.Client.PostAsync("/api/v1/parse", Raw(SeedBytes("003")));
        Header(parse, "X-Content-Type-Options").ShouldBe("nosniff");
    }
}
