using System.Globalization;

namespace PerfRules.Corpus;

/// <summary>
/// perfrules-corpus --out DIR [--count N] [--seed S] [--error-rate R]
/// Writes DIR/docs/*.txt and DIR/manifest.json.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? output = null;
        int count = 1000, seed = 1;
        double rate = 0.3;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--out": output = Value(); break;
                    case "--count": count = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--error-rate": rate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                return Usage();
            }
        }
        if (output is null || count < 0 || rate is < 0 or > 1) return Usage();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var manifest = new CorpusGenerator(new CorpusOptions { Seed = seed, ErrorRate = rate }).WriteCorpus(output, count);
        int withErrors = manifest.Documents.Count(d => d.Errors.Count > 0);
        long bytes = manifest.Documents.Sum(d => (long)d.Bytes);
        Console.WriteLine($"{count} documents ({withErrors} with injected errors, {bytes / 1024} KiB) in {output} in {sw.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: perfrules-corpus --out DIR [--count N] [--seed S] [--error-rate R]");
        return 2;
    }
}
