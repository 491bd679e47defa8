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
