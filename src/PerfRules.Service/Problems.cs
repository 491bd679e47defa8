using Microsoft.AspNetCore.Mvc;

namespace PerfRules.Service;

/// <summary>RFC 7807 problem documents, with a stable machine-readable <c>code</c> besides the Chinese text.</summary>
public static class Problems
{
    public static ProblemDetails Make(int status, string code, string title, string detail) => new()
    {
        Status = status,
        Type = "urn:perfrules:problem:" + code,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static IResult Result(ProblemDetails p) => Results.Problem(p);

    public static ProblemDetails BadRequest(string code, string detail) => Make(StatusCodes.Status400BadRequest, code, "请求无效", detail);

    public static ProblemDetails TooLarge(string code, string detail) => Make(StatusCodes.Status413PayloadTooLarge, code, "请求过大", detail);

    public static ProblemDetails UnsupportedMediaType(string detail) => Make(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "不支持的内容类型", detail);

    public static ProblemDetails Timeout(double seconds) => Make(StatusCodes.Status504GatewayTimeout, "timeout", "请求超时", $"请求未能在 {seconds:0.###} 秒内完成");

    public static ProblemDetails Busy(int retryAfterSeconds) => Make(StatusCodes.Status503ServiceUnavailable, "busy", "服务繁忙",
        $"服务正忙，同时进行的检查已达上限，请在 {retryAfterSeconds} 秒后重试");

    public static ProblemDetails NotFound(string code, string detail) => Make(StatusCodes.Status404NotFound, code, "未找到", detail);
}
