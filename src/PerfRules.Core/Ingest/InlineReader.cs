using PerfRules.Model;

namespace PerfRules.Ingest;

public sealed class InlineReader : IDocumentReader
{
    public string Layout => "inline";

    public int Detect(SourceText source) => 0;

    public Submission Read(SourceText source, ReadOptions options)
        => throw new NotImplementedException();
}
