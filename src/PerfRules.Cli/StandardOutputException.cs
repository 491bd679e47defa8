namespace PerfRules.Cli;

/// <summary>Writing to stdout failed (a full disk, a closed pipe, /dev/full).</summary>
public sealed class StandardOutputException(IOException inner) : IOException("无法写入标准输出", inner);
