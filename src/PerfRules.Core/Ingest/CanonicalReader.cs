using PerfRules.Model;

namespace PerfRules.Ingest;

public sealed class CanonicalReader : IDocumentReader
{
    public string Layout => "yaml";

    public int Detect(SourceText source) => 0;

    public Submission Read(SourceText source, ReadOptions options)
        => throw new NotImplementedException();
}
