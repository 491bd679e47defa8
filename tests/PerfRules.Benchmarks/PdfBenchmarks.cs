using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Pdf;
using UglyToad.PdfPig;

namespace PerfRules.Benchmarks;

/// <summary>
/// Reading the seed PDFs (fixtures/pdf, chromium prints of the seeds' forms): the PDF opened into
/// rebuilt text and read into the model. 000 is the ten-page table.
/// </summary>
[MemoryDiagnoser]
public class PdfBenchmarks
{
    [Params("000", "003")]
    public string Seed { get; set; } = "000";

    private byte[] _bytes = Array.Empty<byte>();
    private readonly PdfOpener _opener = new();
    private readonly SubmissionReader _reader = new();

    [GlobalSetup]
    public void Setup() => _bytes = PdfInputs.Seed(Seed);

    [Benchmark]
    public Submission OpenAndRead() => _reader.Read(_opener.Open(_bytes, Seed + ".pdf", ReadOptions.Default).Documents[0]);

    /// <summary>PdfPig alone, every page's letters and paths: the floor under the reader.</summary>
    [Benchmark]
    public int PdfPigPages()
    {
        using var doc = PdfDocument.Open(_bytes, new ParsingOptions { UseActualText = true, SkipMissingFonts = true });
        int n = 0;
        foreach (var page in doc.GetPages()) n += page.Letters.Count + page.Paths.Count;
        return n;
    }
}

/// <summary>The seed PDFs, found from the working directory up to the repository.</summary>
public static class PdfInputs
{
    public static string Dir
    {
        get
        {
            for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "PerfRules.sln"))) return Path.Combine(d.FullName, "fixtures", "pdf");
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "PerfRules.sln"))) return Path.Combine(d.FullName, "fixtures", "pdf");
            throw new DirectoryNotFoundException("run from inside the repository (fixtures/pdf not found)");
        }
    }

    public static byte[] Seed(string prefix) => File.ReadAllBytes(Path.Combine(Dir, prefix + ".pdf"));

    /// <summary>The opener as the hosts make it; PDF_PAGE_THREADS=1 in the environment reads each PDF on one thread.</summary>
    public static PdfOpener Opener() =>
        new(new PdfOptions { PageThreads = int.TryParse(Environment.GetEnvironmentVariable("PDF_PAGE_THREADS"), out var n) ? n : 0 });

    /// <summary>
    /// `pdf [rounds] [seed...]`: per seed PDF (all five unless named), the median time to open and read it, pages per second, and
    /// PdfPig's own share (its pages alone), with the process's CPU time beside the wall time
    /// (the machine is shared: wall time includes waiting for a core), median and least.
    /// </summary>
    public static int Quick(int rounds, string[]? seeds = null)
    {
        Console.WriteLine($"pdf: median of {rounds} rounds, {Environment.ProcessorCount} cores, {Environment.Version}");
        var opener = Opener();
        var reader = new SubmissionReader();
        foreach (var prefix in seeds is { Length: > 0 } ? seeds : new[] { "000", "001", "002", "003", "004" })
        {
            var bytes = Seed(prefix);
            int pages;
            using (var doc = PdfDocument.Open(bytes)) pages = doc.NumberOfPages;
            var (wall, cpu, minCpu) = Measure(rounds, () => reader.Read(opener.Open(bytes, prefix + ".pdf", ReadOptions.Default).Documents[0]));
            var (pigWall, pigCpu, pigMinCpu) = Measure(rounds, () =>
            {
                using var doc = PdfDocument.Open(bytes, new ParsingOptions { UseActualText = true, SkipMissingFonts = true });
                foreach (var page in doc.GetPages()) _ = page.Letters.Count + page.Paths.Count;
            });
            Console.WriteLine($"{prefix}.pdf {pages,2} pages {bytes.Length / 1024,5} KB: read {wall,7:0.0} ms (cpu {cpu,6:0.0}, least {minCpu,6:0.0}), {pages * 1000 / wall,5:0.0} pages/s; PdfPig alone {pigWall,7:0.0} ms (cpu {pigCpu,6:0.0}, least {pigMinCpu,6:0.0})");
        }
        return 0;
    }

    /// <summary>`pdf-loop [seed] [n]`: reads one seed PDF n times and nothing else, for a profiler to sample.</summary>
    public static int Loop(string prefix, int n)
    {
        var bytes = Seed(prefix);
        var opener = Opener();
        var reader = new SubmissionReader();
        var sw = Stopwatch.StartNew();
        long allocated = GC.GetTotalAllocatedBytes(true);
        for (int i = 0; i < n; i++) reader.Read(opener.Open(bytes, prefix + ".pdf", ReadOptions.Default).Documents[0]);
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        Console.WriteLine($"{prefix}.pdf read {n} times in {sw.Elapsed.TotalMilliseconds:0} ms, {allocated / n / 1048576.0:0.0} MB allocated per read, {GC.CollectionCount(0)} gen0 / {GC.CollectionCount(1)} gen1 / {GC.CollectionCount(2)} gen2 collections");
        return 0;
    }

    private static (double Wall, double Cpu, double MinCpu) Measure(int rounds, Action act)
    {
        var warm = Stopwatch.StartNew();
        // 40 rounds at least: methods called once per read reach tiered compilation's optimised code after 30 calls.
        for (int w = 0; w < 40 || warm.ElapsedMilliseconds < 2000; w++) act();
        var walls = new List<double>();
        var cpus = new List<double>();
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < rounds; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            act();
            walls.Add(sw.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }
        walls.Sort();
        cpus.Sort();
        return (walls[walls.Count / 2], cpus[cpus.Count / 2], cpus[0]);
    }
}
