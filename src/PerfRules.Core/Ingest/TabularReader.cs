using PerfRules.Model;

namespace PerfRules.Ingest;

public sealed class TabularReader : IDocumentReader
{
    public string Layout => "tabular";

    public int Detect(SourceText source) => 0;

    public Submission Read(SourceText source, ReadOptions options)
        => throw new NotImplementedException();
}
