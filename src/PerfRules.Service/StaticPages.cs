using System.Reflection;
using System.Text;
using PerfRules.Reports;

namespace PerfRules.Service;

/// <summary>
/// The upload page and its script and style, served from resources embedded in the assembly, and the
/// HTML report's style sheet, which the rule list page uses (it may not carry inline style).
/// </summary>
public static class StaticPages
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static readonly string[] Files = { "index.html", "app.js", "app.css" };

    public static byte[] Read(string file)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("PerfRules.Service.wwwroot." + file)
            ?? throw new InvalidOperationException("missing embedded page " + file);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    /// <summary>Where the HTML report's style sheet is served.</summary>
    public const string ReportStylesheet = "/report.css";

    public static void Map(WebApplication app)
    {
        var css = Encoding.UTF8.GetBytes(HtmlFormatter.Stylesheet);
        app.MapGet(ReportStylesheet, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(css, Types[".css"]);
        }).ExcludeFromDescription();
        foreach (var file in Files)
        {
            var bytes = Read(file);
            var type = Types[Path.GetExtension(file)];
            var route = file == "index.html" ? "/" : "/" + file;
            app.MapGet(route, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache"; // nosniff and the CSP: SecurityHeaders
                return Results.Bytes(bytes, type);
            }).ExcludeFromDescription();
        }
    }
}
