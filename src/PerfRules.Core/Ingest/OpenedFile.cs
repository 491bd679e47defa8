using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>What an opener found: the texts to read, what it set aside (with why, for --verbose), and problems.</summary>
public sealed record OpenedFile(IReadOnlyList<SourceText> Documents, IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>Parts that are not tables and were left out on purpose (a 填表说明 sheet), with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

    public static OpenedFile Failed(Diagnostic problem) => new(Array.Empty<SourceText>(), new[] { problem });
}
