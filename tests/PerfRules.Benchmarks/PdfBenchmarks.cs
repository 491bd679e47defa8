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
    /// The opener as the hosts make it; PDF_PAGE_THREADS=1 in the environment reads each PDF on one thread,
    /// PDF_FAST=0 reads every page with PdfPig (the reader before its fast path, on the same build).
    /// </summary>
    public static PdfOpener Opener() =>
        new(new PdfOptions { PageThreads = int.TryParse(Environment.GetEnvironmentVariable("PDF_PAGE_THREADS"), out var n) ? n : 0, FastPages = Fast });

    public static bool Fast => Environment.GetEnvironmentVariable("PDF_FAST") != "0";

    /// <summary>
    /// `pdf [rounds] [seed...]`: per seed PDF (all five unless named), the median time to open and read it, pages per second, and
    /// PdfPig's own share (its pages alone), with the process's CPU time beside the wall time
    /// (the machine is shared: wall time includes waiting for a core), median and least.
    /// </summary>
    public static int Quick(int rounds, string[]? seeds = null)
    {
        // PDF_GC_LATENCY=Batch|SustainedLowLatency|…: the GC latency mode a host could set in-process (docs/pdf.md, Speed).
        if (Enum.TryParse<System.Runtime.GCLatencyMode>(Environment.GetEnvironmentVariable("PDF_GC_LATENCY"), out var latency))
            System.Runtime.GCSettings.LatencyMode = latency;
        Console.WriteLine($"pdf: median of {rounds} rounds, {Environment.ProcessorCount} cores, {Environment.Version}, fast path {(Fast ? "on" : "off (PDF_FAST=0)")}");
        var opener = Opener();
        var reader = new SubmissionReader();
        foreach (var prefix in seeds is { Length: > 0 } ? seeds : new[] { "000", "001", "002", "003", "004" })
        {
            var bytes = Seed(prefix);
            int pages;
            using (var doc = PdfDocument.Open(bytes)) pages = doc.NumberOfPages;
            var read = Measure(rounds, () => reader.Read(opener.Open(bytes, prefix + ".pdf", ReadOptions.Default).Documents[0]));
            var pig = Measure(rounds, () =>
            {
                using var doc = PdfDocument.Open(bytes, new ParsingOptions { UseActualText = true, SkipMissingFonts = true });
                foreach (var page in doc.GetPages()) _ = page.Letters.Count + page.Paths.Count;
            });
            Console.WriteLine($"{prefix}.pdf {pages,2} pages {bytes.Length / 1024,5} KB: read {read.Wall,7:0.0} ms (least {read.MinWall,6:0.0}; cpu {read.Cpu,6:0.0}, least {read.MinCpu,6:0.0}), {read.Allocated / 1048576.0,5:0.0} MB allocated, {pages * 1000 / read.Wall,5:0.0} pages/s; "
                + $"PdfPig alone {pig.Wall,7:0.0} ms (cpu {pig.Cpu,6:0.0}, least {pig.MinCpu,6:0.0}), {pig.Allocated / 1048576.0,5:0.0} MB");
            Console.WriteLine($"  load average {LoadAverage()}, {GC.CollectionCount(0)} gen0 / {GC.CollectionCount(1)} gen1 / {GC.CollectionCount(2)} gen2 collections so far, server GC {System.Runtime.GCSettings.IsServerGC}, {System.Runtime.GCSettings.LatencyMode}");
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

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Median and least wall and CPU time of <paramref name="rounds"/> runs after the warm-up, and bytes allocated per run (all threads).</summary>
    private static (double Wall, double MinWall, double Cpu, double MinCpu, double Allocated) Measure(int rounds, Action act)
    {
        var warm = Stopwatch.StartNew();
        // 40 rounds at least: methods called once per read reach tiered compilation's optimised code after 30 calls.
        for (int w = 0; w < 40 || warm.ElapsedMilliseconds < 2000; w++) act();
        var walls = new List<double>();
        var cpus = new List<double>();
        var process = Process.GetCurrentProcess();
        long allocated = GC.GetTotalAllocatedBytes(true);
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
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        walls.Sort();
        cpus.Sort();
        return (walls[walls.Count / 2], walls[0], cpus[cpus.Count / 2], cpus[0], (double)allocated / rounds);
    }
}

/// <summary>
/// `pdf-phases [seed] [n]`: one thread, the read of one seed PDF cut into its phases as
/// <c>PdfOpener</c> runs them (PdfPig's work and this reader's), each phase's share of the time
/// and its bytes allocated, over n reads after 40 to warm up. Shows what the target is up against.
/// </summary>
public static class PdfPhases
{
    private static readonly string[] Names =
    {
        "open (nesting scan, xref, StructureCheck)", "page: FastPages (content, fonts, letters, paths), or PdfPig's page with PDF_FAST=0",
        "PageGlyphs (letters to glyphs, lines)", "Rulings", "PageLayout (tables, cells)", "DocumentText.Join", "SubmissionReader.Read",
    };

    public static int Run(string prefix, int n)
    {
        var bytes = PdfInputs.Seed(prefix);
        var ticks = new long[Names.Length];
        var bytesBy = new long[Names.Length];
        for (int i = 0; i < 40; i++) ReadOnce(bytes, prefix, null, null);
        long gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var all = Stopwatch.StartNew();
        for (int i = 0; i < n; i++) ReadOnce(bytes, prefix, ticks, bytesBy);
        double wall = all.Elapsed.TotalMilliseconds / n;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / n;
        Console.WriteLine($"{prefix}.pdf, one thread, fast path {(PdfInputs.Fast ? "on" : "off")}, {n} reads after 40: {wall:0.0} ms wall, {cpu:0.0} ms CPU a read (load average {File.ReadAllText("/proc/loadavg")[..14]}); "
            + $"{(GC.CollectionCount(0) - gc0) / (double)n:0.0} gen0 / {(GC.CollectionCount(1) - gc1) / (double)n:0.0} gen1 / {(GC.CollectionCount(2) - gc2) / (double)n:0.00} gen2 collections a read");
        double total = ticks.Sum();
        for (int k = 0; k < Names.Length; k++)
            Console.WriteLine($"  {100 * ticks[k] / total,5:0.0}%  {ticks[k] * 1000.0 / Stopwatch.Frequency / n,6:0.0} ms  {bytesBy[k] / 1048576.0 / n,6:0.00} MB  {Names[k]}");
        return 0;
    }

    private static void ReadOnce(byte[] bytes, string prefix, long[]? ticks, long[]? allocated)
    {
        int phase = 0;
        long t = Stopwatch.GetTimestamp(), a = GC.GetAllocatedBytesForCurrentThread();
        void Mark(int next)
        {
            long now = Stopwatch.GetTimestamp(), nowA = GC.GetAllocatedBytesForCurrentThread();
            if (ticks is not null) { ticks[phase] += now - t; allocated![phase] += nowA - a; }
            phase = next;
            t = Stopwatch.GetTimestamp();
            a = GC.GetAllocatedBytesForCurrentThread();
        }
        var options = PdfOptions.Default;
        var limits = new ReadLimits(options.MaxStreamBytes, options.MaxContentBytes, options.MaxDecodedBytes, options.TimeBudget);
        var log = new UnmappedLog();
        _ = StructureCheck.NestsDeeperThan(bytes, options.MaxNesting);
        using var document = PdfDocument.Open(bytes, new ParsingOptions
        {
            Logger = log, UseLenientParsing = true, UseActualText = true, SkipMissingFonts = true, ClipPaths = false,
            MaxStackDepth = options.MaxNesting, FilterProvider = limits.Filters(),
        });
        _ = StructureCheck.Check(document, bytes, limits);
        var fast = PdfInputs.Fast ? FastPages.Open(document, limits.Filters()) : null;
        var pages = new List<PageLines>();
        for (int n = 1; n <= document.NumberOfPages; n++)
        {
            log.Take();
            Mark(1);
            var quick = fast?.Read(n);
            var page = quick is null ? document.GetPage(n) : null;
            _ = page?.Paths.Count;
            Mark(2);
            var glyphs = quick?.Glyphs ?? PageGlyphs.Read(page!, log.Take());
            PageGlyphs.NumberLines(glyphs);
            Mark(3);
            double? bottom;
            var rulings = quick is not null ? Rulings.From(quick.Paths, quick.Turn, quick.Width, quick.Height, out bottom) : Rulings.Read(page!, out bottom);
            Mark(4);
            pages.Add(new PageLines(n, PageLayout.Build(n, glyphs, rulings, PdfLayoutMode.Cells), bottom));
            Mark(0);
        }
        Mark(5);
        var (text, map) = DocumentText.Join(pages);
        Mark(6);
        new SubmissionReader().Read(new SourceText(prefix + ".pdf", text, "pdf", map));
        Mark(0);
    }
}
