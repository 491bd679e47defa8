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

    /// <summary>
    /// `pdf [rounds]`: per seed PDF, the median time to open and read it, pages per second, and
    /// PdfPig's own share (its pages alone), with the process's CPU time beside the wall time
    /// (the machine is shared: wall time includes waiting for a core).
    /// </summary>
    public static int Quick(int rounds)
    {
        Console.WriteLine($"pdf: median of {rounds} rounds, {Environment.ProcessorCount} cores, {Environment.Version}");
        var opener = new PdfOpener();
        var reader = new SubmissionReader();
        foreach (var prefix in new[] { "000", "001", "002", "003", "004" })
        {
            var bytes = Seed(prefix);
            int pages;
            using (var doc = PdfDocument.Open(bytes)) pages = doc.NumberOfPages;
            var (wall, cpu) = Measure(rounds, () => reader.Read(opener.Open(bytes, prefix + ".pdf", ReadOptions.Default).Documents[0]));
            var (pigWall, pigCpu) = Measure(rounds, () =>
            {
                using var doc = PdfDocument.Open(bytes, new ParsingOptions { UseActualText = true, SkipMissingFonts = true });
                foreach (var page in doc.GetPages()) _ = page.Letters.Count + page.Paths.Count;
            });
            Console.WriteLine($"{prefix}.pdf {pages,2} pages {bytes.Length / 1024,5} KB: read {wall,7:0.0} ms (cpu {cpu,6:0.0}), {pages * 1000 / wall,5:0.0} pages/s; PdfPig alone {pigWall,7:0.0} ms (cpu {pigCpu,6:0.0})");
        }
        return 0;
    }

    private static (double Wall, double Cpu) Measure(int rounds, Action act)
    {
        var warm = Stopwatch.StartNew();
        for (int w = 0; w < 3 || warm.ElapsedMilliseconds < 2000; w++) act();
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
        return (walls[walls.Count / 2], cpus[cpus.Count / 2]);
    }
}
