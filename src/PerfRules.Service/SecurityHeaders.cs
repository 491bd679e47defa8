namespace PerfRules.Service;

/// <summary>
/// Security headers on every response, added just before it starts (so a 504 or an error page,
/// which clear the headers, get them too). The upload page gets a Content-Security-Policy that
/// allows only its own script, style and API (no inline script or style, no framing), and so does
/// the rule list page; everything else (JSON, SARIF, problem documents, and the HTML report, which
/// is a download and never a page of the service) a policy that allows nothing. All get nosniff.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The upload page's policy: its files (app.js, app.css) and its API calls, nothing inline, never framed.</summary>
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>For responses that are data, not pages.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY"; // for browsers older than frame-ancestors
            h["Referrer-Policy"] = "no-referrer";
            var html = http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            var download = h.ContentDisposition.ToString().StartsWith("attachment", StringComparison.OrdinalIgnoreCase);
            h.ContentSecurityPolicy = html && !download ? PagePolicy : DataPolicy;
            return Task.CompletedTask;
        });
        return next(http);
    });
}
