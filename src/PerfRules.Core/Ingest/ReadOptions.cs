using PerfRules.Model;
using PerfRules.Yaml;

namespace PerfRules.Ingest;

/// <summary>How a reader reads: the code table names are checked against, and the limits on input size.</summary>
public sealed class ReadOptions
{
    public CodeTable Codes { get; init; } = CodeTableYaml.Builtin;
    public static ReadOptions Default { get; } = new();

    public const long DefaultMaxFileSize = 20L * 1024 * 1024;
    public const int DefaultMaxLineLength = 100_000;

    /// <summary>Bytes read at most; a bigger file is not read and gives PR006. 0 or less: no limit.</summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;
    /// <summary>Characters per line at most; a longer line is not parsed and gives PR007. 0 or less: no limit.</summary>
    public int MaxLineLength { get; init; } = DefaultMaxLineLength;
}
