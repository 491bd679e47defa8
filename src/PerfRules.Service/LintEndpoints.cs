using System.Text;
using PerfRules.Ingest;
using PerfRules.Reports;
using PerfRules.Runs;

namespace PerfRules.Service;

/// <summary>POST /api/v1/lint and /api/v1/parse: HTTP in, the library's reports out. No domain logic here.</summary>
public static class LintEndpoints
{
    /// <summary>
    /// The formats /api/v1/lint offers (the library may know more, e.g. text for terminals): json and
    /// sarif for programs, html and xlsx (and csv) for people, which come as downloads (attachments).
    /// </summary>
    public static readonly string[] Offered = { "json", "sarif", "html", "xlsx", "csv" };

    /// <summary>The media type of each offered format.</summary>
    public static string ContentType(string format) => format switch
    {
        "sarif" => "application/sarif+json; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>Formats for people: sent as a download named perfrules-report.EXT, never shown in the service's origin.</summary>
    public static bool IsDownload(string format) => format is "html" or "xlsx" or "csv";

    public static async Task<IResult> Lint(HttpContext http, Linter linter, ReportFormats reports, ServiceOptions options, string? format, string? failOn)
    {
        format = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        var formatter = Offered.Contains(format) ? reports.Find(format) : null;
        if (formatter is null)
            return Problems.Result(Problems.BadRequest("unknown-format", $"未知的输出格式“{format}”（可用：{string.Join("、", Offered)}）"));
        failOn = string.IsNullOrWhiteSpace(failOn) ? FailOn.Default : failOn.Trim().ToLowerInvariant();
        if (FailOn.TryParse(failOn) is not { } level)
            return Problems.Result(Problems.BadRequest("unknown-fail-on", $"未知的 failOn 级别“{failOn}”（可用：{string.Join("、", FailOn.Levels)}）"));

        var upload = await DocumentUpload.ReadAsync(http.Request, options, http.RequestAborted);
        if (upload.Problem is { } p) return Problems.Result(p);
        var docs = upload.Documents!;
        RequestLogging.SetDocuments(http, docs.Count);

        var inputs = docs.Select(d => (d.Bytes, d.Name)).ToList();
        // Off the request thread, in the request's slot (CheckGate): a 504 goes out on time even if a rule runs long.
        var (body, fails) = await CheckGate.RunAsync(http, cancel =>
        {
            // The one place the service starts a check. `cancel` fires when the request times out or the client
            // goes; CheckAll hands it to the rule budget, so even a running rule stops on it.
            var report = linter.CheckAll(inputs, cancel);
            // Several documents at once are an audit: the xlsx report adds a sheet per department.
            if (inputs.Count > 1) report = new LintReport { RuleSet = report.RuleSet, Documents = report.Documents, IsAudit = true };
            return (Render(formatter, report), report.Fails(level));
        });
        // The verdict goes in headers so the body stays exactly the library's report (the same as `perfrules lint`).
        http.Response.Headers["X-PerfRules-Fail-On"] = failOn;
        http.Response.Headers["X-PerfRules-Result"] = fails ? "fail" : "pass";
        if (IsDownload(format))
        {
            // An attachment is saved, not rendered here; SecurityHeaders gives it the policy that allows nothing.
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{DownloadName}.{formatter.Extension}\"";
        }
        return Results.Bytes(body, ContentType(format));
    }

    /// <summary>The file name a downloaded report gets (the extension is the format's).</summary>
    public const string DownloadName = "perfrules-report";

    /// <summary>The report's bytes, as `perfrules lint --output` writes them to a file (UTF-8; CSV with a BOM for Excel; the workbook).</summary>
    private static byte[] Render(IReportFormatter formatter, LintReport report)
    {
        using var buffer = new MemoryStream();
        formatter.Write(report, buffer);
        return buffer.ToArray();
    }

    public static async Task<IResult> Parse(HttpContext http, Linter linter, ServiceOptions options)
    {
        var upload = await DocumentUpload.ReadAsync(http.Request, options, http.RequestAborted);
        if (upload.Problem is { } p) return Problems.Result(p);
        var docs = upload.Documents!;
        RequestLogging.SetDocuments(http, docs.Count);
        // One body gives one model (an array when the file holds several tables, e.g. a workbook's sheets);
        // a multipart upload gives an array, even of one.
        var multipart = http.Request.HasFormContentType;
        var json = await CheckGate.RunAsync(http, cancel =>
        {
            // The linter's reader: the same limits (PR006, PR007) as /lint.
            var models = docs.SelectMany(d =>
            {
                cancel.ThrowIfCancellationRequested();
                return linter.Reader.Read(d.Bytes, d.Name).Documents.Select(x => x.Submission);
            }).ToList();
            return multipart || models.Count != 1 ? CanonicalWriter.ToJson(models) : CanonicalWriter.ToJson(models[0]);
        });
        return Results.Text(json, "application/json; charset=utf-8", Encoding.UTF8);
    }

}
