using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>One table layout: says whether a text is in it, and reads it into a Submission.</summary>
public interface IDocumentReader
{
    /// <summary>inline, tabular, overall, yaml, json.</summary>
    string Layout { get; }

    /// <summary>How sure the reader is that the text is in its layout: 0 (not at all) to 100.</summary>
    int Detect(SourceText source);

    /// <summary>Reads the text. Never throws for bad input: problems become diagnostics.</summary>
    Submission Read(SourceText source, ReadOptions options);
}

public sealed class ReadOptions
{
    public CodeTable Codes { get; init; } = CodeTable.Builtin;
    public static ReadOptions Default { get; } = new();

    public const long DefaultMaxFileSize = 20L * 1024 * 1024;
    public const int DefaultMaxLineLength = 100_000;

    /// <summary>Bytes read at most; a bigger file is not read and gives PR006. 0 or less: no limit.</summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;
    /// <summary>Characters per line at most; a longer line is not parsed and gives PR007. 0 or less: no limit.</summary>
    public int MaxLineLength { get; init; } = DefaultMaxLineLength;
}
