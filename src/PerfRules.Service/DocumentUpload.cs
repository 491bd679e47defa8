using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc;

namespace PerfRules.Service;

/// <summary>
/// Reads the documents of a request: the whole body as one document, or each file part of a
/// multipart/form-data body. Every way a request can be wrong becomes a problem document, never an exception.
/// </summary>
public static class DocumentUpload
{
    /// <summary>
    /// Media types taken as one raw document. The content decides how it is read (a PDF, a workbook,
    /// a Word file, else text whose encoding is detected), never the declared type.
    /// </summary>
    public static readonly string[] RawTypes =
    {
        "text/plain", "application/octet-stream", "text/tab-separated-values", "text/csv",
        "text/yaml", "application/yaml", "application/x-yaml",
        "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel.sheet.macroEnabled.12", "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    public const string DefaultName = "document.txt";

    public sealed record Outcome(IReadOnlyList<UploadedDocument>? Documents, ProblemDetails? Problem);

    public static async Task<Outcome> ReadAsync(HttpRequest request, ServiceOptions options, CancellationToken ct)
    {
        if (request.ContentLength > options.MaxRequestBytes)
            return request.ContentLength <= HardLimit(options) ? await DrainAsync(request, TooLargeProblem(options), ct) : TooLarge(options);
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType)) contentType = "application/octet-stream";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
            return Fail(Problems.UnsupportedMediaType($"无法解析 Content-Type“{contentType}”"));
        try
        {
            if (type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                return await ReadMultipartAsync(request, media, options, ct);
            if (RawTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                return await ReadRawAsync(request, options, ct);
            return Fail(Problems.UnsupportedMediaType(
                $"不支持的 Content-Type“{type}”。请以 text/plain 或 application/octet-stream 发送一个文档，或以 multipart/form-data 发送多个文件" +
                (type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                    ? "（curl 请使用 --data-binary 并加上 -H 'Content-Type: text/plain'，或使用 -F file=@文件名）" : "")));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        catch (BadHttpRequestException e)
        {
            return Fail(Problems.Make(e.StatusCode, "bad-request", "请求无效", "请求无法读取：" + e.Message));
        }
    }

    private static async Task<Outcome> ReadRawAsync(HttpRequest request, ServiceOptions options, CancellationToken ct)
    {
        var bytes = await ReadLimitedAsync(request.Body, options.MaxRequestBytes, ct);
        if (bytes is null) return await DrainAsync(request, TooLargeProblem(options), ct);
        if (bytes.Length == 0) return Fail(Problems.BadRequest("empty-body", "请求体为空：请在请求体中发送要检查的文档"));
        var name = request.Query["name"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(name)
            && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var cd))
            name = (cd.FileNameStar.HasValue ? cd.FileNameStar.Value : cd.FileName.Value)?.Trim('"');
        return new Outcome(new[] { new UploadedDocument(SafeName(name, DefaultName), bytes) }, null);
    }

    private static async Task<Outcome> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue media, ServiceOptions options, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
            return Fail(Problems.BadRequest("malformed-multipart", "multipart/form-data 请求缺少 boundary 参数"));
        if (boundary.Length > 200)
            return Fail(Problems.BadRequest("malformed-multipart", "multipart boundary 过长（最多 200 个字符）"));

        // The total is bounded by Kestrel and by the per-file accounting below, which tells 413 from 400.
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var docs = new List<UploadedDocument>();
        long total = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.IsFileDisposition())
                    continue; // plain form fields carry no document
                if (docs.Count == options.MaxFiles)
                    return await DrainAsync(request, Problems.TooLarge("too-many-files", $"一次请求最多上传 {options.MaxFiles} 个文件"), ct);
                var bytes = await ReadLimitedAsync(section.Body, options.MaxRequestBytes - total, ct);
                if (bytes is null) return await DrainAsync(request, TooLargeProblem(options), ct);
                total += bytes.Length;
                var name = cd.FileNameStar.HasValue ? cd.FileNameStar.Value : cd.FileName.Value;
                docs.Add(new UploadedDocument(SafeName(name, $"document-{docs.Count + 1}.txt"), bytes));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException && e is not BadHttpRequestException)
        {
            return Fail(Problems.BadRequest("malformed-multipart", "multipart/form-data 请求格式错误：" + e.Message));
        }
        if (docs.Count == 0)
            return Fail(Problems.BadRequest("no-files", "multipart/form-data 请求中没有文件（每个文档应作为带 filename 的文件部分上传）"));
        return new Outcome(docs, null);
    }

    /// <summary>The stream's bytes, or null when there are more than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads and discards the rest of the body before answering, so a client still sending gets
    /// the problem document instead of a reset connection. Kestrel's hard cap (twice the limit)
    /// ends the draining of a body far over the limit.
    /// </summary>
    private static async Task<Outcome> DrainAsync(HttpRequest request, ProblemDetails problem, CancellationToken ct)
    {
        var discard = new byte[81920];
        try
        {
            while (await request.Body.ReadAsync(discard, ct) > 0) { }
        }
        catch (BadHttpRequestException) { }
        catch (IOException) { }
        return Fail(problem);
    }

    /// <summary>The hard cap Kestrel enforces: room to drain a body somewhat over the limit.</summary>
    public static long HardLimit(ServiceOptions options) =>
        options.MaxRequestBytes > long.MaxValue / 2 ? long.MaxValue : options.MaxRequestBytes + Math.Max(options.MaxRequestBytes, 1024 * 1024);

    /// <summary>Keeps only the last path segment: a client's folders mean nothing here and must not reach reports as paths.</summary>
    public static string SafeName(string? name, string fallback)
    {
        if (string.IsNullOrWhiteSpace(name)) return fallback;
        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (string.IsNullOrEmpty(last) || last is "." or "..") return fallback;
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length == 0 ? fallback : clean.Length > 200 ? clean[..200] : clean;
    }

    private static Outcome TooLarge(ServiceOptions options) => Fail(TooLargeProblem(options));

    private static ProblemDetails TooLargeProblem(ServiceOptions options) =>
        Problems.TooLarge("too-large", $"请求体超过上限 {options.MaxRequestBytes} 字节（约 {options.MaxRequestBytes / 1048576.0:0.#} MB）");

    private static Outcome Fail(ProblemDetails p) => new(null, p);
}
