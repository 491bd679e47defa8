using PerfRules.Corpus;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Benchmarks;

/// <summary>The documents the benchmarks run on: the seeds (embedded in the corpus generator) and a generated sample.</summary>
public static class Inputs
{
    /// <summary>Seed bytes by layout: inline = 003 (seed-sized), inline-large = 000 (37 KB), tabular = 001, overall = 002.</summary>
    public static byte[] Seed(string layout)
    {
        var prefix = layout switch
        {
            "inline" => "003", "inline-large" => "000", "tabular" => "001", "overall" => "002",
            _ => throw new ArgumentException(layout),
        };
        var asm = typeof(SeedPool).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.StartsWith("seeds/" + prefix, StringComparison.Ordinal));
        using var s = asm.GetManifestResourceStream(name)!;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>A deterministic sample of generated documents (corpus seed 42, by default 30% with errors), as bytes.</summary>
    public static List<(string Name, byte[] Bytes)> Corpus(int count, double errorRate = 0.3)
    {
        var utf8 = new System.Text.UTF8Encoding(false);
        return new CorpusGenerator(new CorpusOptions { Seed = 42, ErrorRate = errorRate })
            .Generate(0, count).Select(d => (d.File, utf8.GetBytes(d.Text))).ToList();
    }

    public static List<Submission> Read(IEnumerable<(string Name, byte[] Bytes)> docs)
    {
        var reader = new SubmissionReader();
        return docs.SelectMany(d => reader.Read(d.Bytes, d.Name).Documents.Select(x => x.Submission)).ToList();
    }
}
