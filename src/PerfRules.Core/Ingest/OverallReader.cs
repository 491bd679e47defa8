using PerfRules.Model;

namespace PerfRules.Ingest;

public sealed class OverallReader : IDocumentReader
{
    public string Layout => "overall";

    public int Detect(SourceText source) => 0;

    public Submission Read(SourceText source, ReadOptions options)
        => throw new NotImplementedException();
}
