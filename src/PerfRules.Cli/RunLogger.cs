using Microsoft.Extensions.Logging;
using PerfRules.Model;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>A run's events (file names, counts and timings, never contents) written to audit's log (--verbose, --log).</summary>
internal sealed class RunLogger(ILogger logger) : IRunLog
{
    public void Started(int inputs, int jobs) => logger.LogDebug("检查 {Count} 个文件，并行 {Jobs} 个", inputs, jobs);

    public void Unreadable(string path, string reason) => logger.LogWarning("无法读取文件 {File}：{Reason}", path, reason);

    public void TooLarge(string path, long bytes) => logger.LogWarning("文件过大，未读取 {File}：{Bytes} 字节", path, bytes);

    public void Skipped(string path, string format, string why) => logger.LogDebug("{File}（{Format}）：{Why}", path, format, why);

    public void Checked(string name, SubmissionKind kind, string format, long bytes, int findings, TimeSpan elapsed)
    {
        // Once per document: no arguments boxed into an array when no sink takes debug events.
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        logger.LogDebug("已检查 {File}：{Kind}（{Format}），{Bytes} 字节，{Findings} 条结果，用时 {Ms} 毫秒", name, kind, format, bytes, findings,
            (int)elapsed.TotalMilliseconds);
    }
}
