namespace PerfRules.Runs;

/// <summary>An entry of a folder that was not checked, and why (Chinese: 系统文件, 被 --exclude 的“*.bak”排除 …).</summary>
public sealed record SkippedInput(string Path, string Reason);
