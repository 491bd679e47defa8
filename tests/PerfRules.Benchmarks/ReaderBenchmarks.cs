using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Benchmarks;

/// <summary>
/// The text readers on every layout, one document per operation: the five seeds as text (decode,
/// detect, read) and the text the Office, CSV and PDF openers build (detect and read only: the
/// openers' own cost is in <see cref="OfficeBenchmarks"/> and <see cref="PdfBenchmarks"/>).
/// docs/performance.md has the figures.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    [ParamsSource(nameof(Names))]
    public string Input { get; set; } = "000";

    public static IEnumerable<string> Names => ReaderInputs.Names;

    private ReaderInputs.Input _input = null!;
    private readonly SubmissionReader _reader = new();

    [GlobalSetup]
    public void Setup() => _input = ReaderInputs.Load(Input);

    [Benchmark]
    public Submission Read() => _input.Read(_reader);
}

/// <summary>
/// CPU time of the calling thread (Linux clock_gettime): on a shared machine it counts only the
/// time this thread ran, not the time it waited for a core.
/// </summary>
public static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec ts);

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static double Microseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ThreadCpuClock, out var ts) != 0) return Stopwatch.GetTimestamp() * 1e6 / Stopwatch.Frequency;
        return ts.Seconds * 1e6 + ts.Nanoseconds / 1e3;
    }
}

/// <summary>The inputs of the reader measurements: seeds by number, grid texts by Office fixture name.</summary>
public static class ReaderInputs
{
    public static readonly string[] Names =
    {
        "000", "001", "002", "003", "004",
        "000.layout1.xlsx", "000.layout2-merged.xlsx", "000.layout2-unitcolumn.xlsx", "002.overall.xlsx", "001.tabular-gb18030.csv",
        "000.pdf", "001.pdf", "002.pdf",
    };

    /// <summary>One input: bytes of a text file, or the grid text an opener built.</summary>
    public sealed class Input
    {
        public required string Name { get; init; }
        public byte[]? Bytes { get; init; }
        public SourceText? Grid { get; init; }

        /// <summary>Size in bytes: the file for text, the grid text as UTF-8 for a grid.</summary>
        public int Size => Bytes?.Length ?? Encoding.UTF8.GetByteCount(Grid!.Text);

        public Submission Read(SubmissionReader reader) => Bytes is not null ? reader.Read(Bytes, "doc.txt").Documents[0].Submission : reader.Read(Grid!);
    }

    public static Input Load(string name)
    {
        if (!name.Contains('.'))
        {
            var asm = typeof(PerfRules.Corpus.SeedPool).Assembly;
            var res = asm.GetManifestResourceNames().Single(n => n.StartsWith("seeds/" + name, StringComparison.Ordinal));
            using var s = asm.GetManifestResourceStream(res)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return new Input { Name = name, Bytes = ms.ToArray() };
        }
        var opened = name.EndsWith(".pdf", StringComparison.Ordinal)
            ? new PerfRules.Readers.Pdf.PdfOpener().Open(PdfInputs.Seed(name[..3]), name, ReadOptions.Default)
            : OpenOffice(OfficeInputs.Fixture(name), name);
        return new Input { Name = name, Grid = opened.Documents[0] };
    }

    // As the hosts pick an opener: CSV is a text opener (offered the decoded text), the rest claim bytes.
    private static OpenedFile OpenOffice(byte[] bytes, string name)
    {
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            var (text, encoding) = TextDecoder.Decode(bytes);
            return new CsvOpener().Open(new SourceText(name, text, encoding), ReadOptions.Default);
        }
        var head = bytes[..Math.Min(bytes.Length, SubmissionReader.ProbeBytes)];
        return PerfRules.Readers.Office.OfficeOpeners.All().MaxBy(o => o.Probe(head, name))!.Open(bytes, name, ReadOptions.Default);
    }

    /// <summary>
    /// `readers [rounds]`: each input read after a warm-up; median time per read, and bytes
    /// allocated per read and per input byte (exact, whatever the load of the machine).
    /// </summary>
    public static int Quick(int rounds)
    {
        var reader = new SubmissionReader();
        var inputs = Names.Select(Load).ToArray();
        Console.WriteLine($"readers: {rounds} single reads of each input, interleaved; {Environment.ProcessorCount} cores, {Environment.Version}");
        // Warm every input first: tiered compilation settles after some hundreds of calls and a
        // background delay, so by count (a loaded machine gives a time-based warm-up too few calls) and by time.
        var warm = Stopwatch.StartNew();
        for (int w = 0; w < 400 || warm.ElapsedMilliseconds < 4000; w++) foreach (var input in inputs) input.Read(reader);
        // The fewest bytes of three reads (a read that happens to refill a pool is not the measure).
        var alloc = new long[inputs.Length];
        for (int k = 0; k < inputs.Length; k++)
        {
            alloc[k] = long.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                inputs[k].Read(reader);
                alloc[k] = Math.Min(alloc[k], GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
        // Single reads, the inputs taken in turn, so that a burst of load from other processes
        // falls on all alike. The thread's CPU time leaves out the time it waited for a core; the
        // fastest reads are the undisturbed ones ("min cpu", the figure to compare across changes).
        var wall = inputs.Select(_ => new List<double>()).ToArray();
        var cpu = inputs.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < inputs.Length; k++)
            {
                long t0 = Stopwatch.GetTimestamp();
                double c0 = ThreadCpu.Microseconds();
                inputs[k].Read(reader);
                cpu[k].Add(ThreadCpu.Microseconds() - c0);
                wall[k].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
        Console.WriteLine($"{"input",-30} {"KB",6} {"min µs",8} {"median µs",10} {"min cpu",8} {"med cpu",8} {"alloc KB",9} {"B/byte",7}");
        for (int k = 0; k < inputs.Length; k++)
        {
            wall[k].Sort();
            cpu[k].Sort();
            var input = inputs[k];
            Console.WriteLine($"{input.Name,-30} {input.Size / 1024.0,6:0.0} {wall[k][0],8:0.0} {wall[k][rounds / 2],10:0.0} {cpu[k][0],8:0.0} {cpu[k][rounds / 2],8:0.0} {alloc[k] / 1024.0,9:0.0} {(double)alloc[k] / input.Size,7:0.0}");
        }
        return 0;
    }

    /// <summary>
    /// `scale NAME`: the seed, and the seed's text repeated 2 and 4 times, read alternately; prints
    /// the fastest CPU time per read of each. Linear reading gives 1×, 2×, 4×.
    /// </summary>
    public static int Scale(string name)
    {
        var reader = new SubmissionReader();
        var one = Load(name).Bytes!;
        var inputs = new[] { 1, 2, 4 }.Select(k => Enumerable.Repeat(one, k).SelectMany(b => b).ToArray()).ToArray();
        var best = new double[inputs.Length];
        Array.Fill(best, double.MaxValue);
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 3000) foreach (var b in inputs) reader.Read(b, "doc.txt");
        for (int round = 0; round < 200; round++)
            for (int k = 0; k < inputs.Length; k++)
            {
                double c0 = ThreadCpu.Microseconds();
                reader.Read(inputs[k], "doc.txt");
                best[k] = Math.Min(best[k], ThreadCpu.Microseconds() - c0);
            }
        for (int k = 0; k < inputs.Length; k++) Console.WriteLine($"{name} ×{1 << k}: {inputs[k].Length / 1024.0,7:0.0} KB  min cpu {best[k],8:0.0} µs  ({best[k] / best[0]:0.00}×)");
        return 0;
    }

    /// <summary>`read-input NAME [seconds]`: one input read in a loop (for a profiler).</summary>
    public static int Loop(string name, int seconds)
    {
        var reader = new SubmissionReader();
        var input = Load(name);
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { input.Read(reader); n++; }
        Console.WriteLine($"{sw.Elapsed.TotalMilliseconds * 1000 / n:0.0} µs per read");
        return 0;
    }
}

public static class ReaderPhases
{
    public static int Run(string name)
    {
        var input = ReaderInputs.Load(name);
        var bytes = input.Bytes!;
        var (text, enc) = TextDecoder.Decode(bytes);
        var src = new SourceText("doc.txt", text, enc);
        var reader = new SubmissionReader();
        var doc = reader.Read(bytes, "doc.txt").Documents[0].Submission;
        var values = doc.AllIndicators.SelectMany(i => new[] { (i.Cycle.Text, i.Name), (i.Annual.Text, i.Name) }).ToList();
        void M(string what, Action a)
        {
            for (int i = 0; i < 300; i++) a();
            long b = GC.GetAllocatedBytesForCurrentThread();
            var c0 = ThreadCpu.Microseconds();
            for (int i = 0; i < 100; i++) a();
            var us = (ThreadCpu.Microseconds() - c0) / 100;
            long al = (GC.GetAllocatedBytesForCurrentThread() - b) / 100;
            Console.WriteLine($"{what,-40} {us,8:0.0} µs {al / 1024.0,8:0.0} KB");
        }
        M("total", () => reader.Read(bytes, "doc.txt"));
        int gc0 = GC.CollectionCount(0), gc1 = GC.CollectionCount(1), gc2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        for (int i = 0; i < 1000; i++) reader.Read(bytes, "doc.txt");
        Console.WriteLine($"GCs per 1000 reads: gen0 {GC.CollectionCount(0) - gc0}, gen1 {GC.CollectionCount(1) - gc1}, gen2 {GC.CollectionCount(2) - gc2}; pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms; server {System.Runtime.GCSettings.IsServerGC}, gen0 budget {AppContext.GetData("GCgen0size")}");
        M("decode", () => TextDecoder.Decode(bytes));
        M("sourcetext", () => new SourceText("doc.txt", text, enc));
        M("damage", () => TextDecoder.FindDamage(src));
        foreach (var r in SubmissionReader.DefaultReaders()) M("detect " + r.Layout, () => r.Detect(src));
        foreach (var r in SubmissionReader.DefaultReaders()) if (r.Layout == doc.Layout) M("read " + r.Layout, () => r.Read(src, ReadOptions.Default));
        M($"parse {values.Count} values", () => { foreach (var (t, n) in values) PerfRules.Values.TargetValueParser.Parse(t, n); });
        return 0;
    }
}

public static class ValueTimes
{
    /// <summary>`parse-loop [seconds]`: every distinct value text of the seeds parsed in a loop (for a profiler).</summary>
    public static int Loop(int seconds)
    {
        var values = ReaderInputs.Names.Where(n => !n.Contains('.'))
            .SelectMany(n => new SubmissionReader().Read(ReaderInputs.Load(n).Bytes!, "doc.txt").Documents[0].Submission.AllIndicators)
            .SelectMany(i => new[] { (i.Cycle.Text, i.Name), (i.Annual.Text, i.Name) }).Distinct().ToList();
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { foreach (var (t, name) in values) PerfRules.Values.TargetValueParser.Parse(t, name); n += values.Count; }
        Console.WriteLine($"{values.Count} values, {sw.Elapsed.TotalMilliseconds * 1000 / n:0.000} µs per value");
        return 0;
    }

    public static int Run(string name)
    {
        var input = ReaderInputs.Load(name);
        var doc = new SubmissionReader().Read(input.Bytes!, "doc.txt").Documents[0].Submission;
        var values = doc.AllIndicators.SelectMany(i => new[] { (i.Cycle.Text, i.Name), (i.Annual.Text, i.Name) }).ToList();
        var res = new List<(double, string)>();
        foreach (var (t, n) in values)
        {
            for (int i = 0; i < 50; i++) PerfRules.Values.TargetValueParser.Parse(t, n);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 200; i++) PerfRules.Values.TargetValueParser.Parse(t, n);
            res.Add((sw.Elapsed.TotalMilliseconds * 5, t));
        }
        foreach (var (us, t) in res.OrderByDescending(r => r.Item1).Take(15)) Console.WriteLine($"{us,8:0.0} µs  {t.Length} {t[..Math.Min(60, t.Length)]}");
        var allocs = new List<(long, string)>();
        foreach (var (t, n) in values.Distinct())
        {
            PerfRules.Values.TargetValueParser.Parse(t, n);
            long b = GC.GetAllocatedBytesForCurrentThread();
            PerfRules.Values.TargetValueParser.Parse(t, n);
            allocs.Add((GC.GetAllocatedBytesForCurrentThread() - b, t));
        }
        foreach (var (a, t) in allocs.OrderByDescending(r => r.Item1).Take(25)) Console.WriteLine($"{a,6} B  {t[..Math.Min(60, t.Length)]}");
        Console.WriteLine($"sum {res.Sum(r => r.Item1):0}");
        return 0;
    }
}

/// <summary>`alloc-types NAME`: which types a read allocates, from the runtime's allocation-tick events (one per ~100 KB).</summary>
public sealed class AllocationTypes : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, long> _counts = new();
    private bool _on;

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (!_on || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int i = e.PayloadNames!.IndexOf("TypeName");
        var name = i >= 0 ? e.Payload[i]?.ToString() ?? "?" : "?";
        lock (_counts) _counts[name] = _counts.GetValueOrDefault(name) + 1;
    }

    public static int Run(string name)
    {
        if (name.EndsWith(".pdf", StringComparison.Ordinal))
        {
            // A seed PDF (000.pdf): its read is about 10,000 times a text seed's, so fewer rounds.
            var bytes = PdfInputs.Seed(name[..^4]);
            var opener = new PerfRules.Readers.Pdf.PdfOpener();
            var pdfReader = new SubmissionReader();
            return Sampled(() => pdfReader.Read(opener.Open(bytes, name, ReadOptions.Default).Documents[0]), 3, 20);
        }
        if (name.StartsWith("rules:", StringComparison.Ordinal))
        {
            // `alloc-types rules:000`: the built-in rules over one seed's model, read beforehand.
            var rules = EngineFactory.Builtin();
            var doc = ReaderInputs.Load(name[6..]).Read(new SubmissionReader());
            return Sampled(() => rules.Evaluate(doc), 200, 3000);
        }
        var input = ReaderInputs.Load(name);
        var reader = new SubmissionReader();
        return Sampled(() => input.Read(reader), 200, 3000);
    }

    private static int Sampled(Action read, int warm, int rounds)
    {
        using var listener = new AllocationTypes();
        for (int i = 0; i < warm; i++) read();
        listener._on = true;
        for (int i = 0; i < rounds; i++) read();
        listener._on = false;
        Thread.Sleep(500);
        long total = listener._counts.Values.Sum();
        foreach (var (type, n) in listener._counts.OrderByDescending(kv => kv.Value).Take(25))
            Console.WriteLine($"{100.0 * n / total,5:0.0}%  {type}");
        return 0;
    }
}

/// <summary>
/// `ab-read DIR_A DIR_B [rounds]`: two builds of PerfRules.Core (each directory's copy, in a load
/// context of its own) read the five seeds in turn in one process, so both see the same load on a
/// shared machine; prints the least and median thread CPU per round of five documents of each.
/// </summary>
public static class AbRead
{
    private sealed class Build(string dir) : System.Runtime.Loader.AssemblyLoadContext(isCollectible: false)
    {
        protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName name)
        {
            var path = Path.Combine(dir, name.Name + ".dll");
            return name.Name!.StartsWith("PerfRules", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    public static int Run(string dirA, string dirB, int rounds)
    {
        var seeds = ReaderInputs.Names.Where(n => !n.Contains('.')).Select(n => ReaderInputs.Load(n).Bytes!).ToList();
        Func<byte[], string, object> Reader(string dir)
        {
            var core = new Build(Path.GetFullPath(dir)).LoadFromAssemblyPath(Path.Combine(Path.GetFullPath(dir), "PerfRules.Core.dll"));
            var type = core.GetType("PerfRules.Ingest.SubmissionReader")!;
            var reader = Activator.CreateInstance(type, new object?[] { null, null })!;
            var read = type.GetMethod("Read", new[] { typeof(byte[]), typeof(string) })!;
            return read.CreateDelegate<Func<byte[], string, object>>(reader);
        }
        var a = Reader(dirA);
        var b = Reader(dirB);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 4) { foreach (var s in seeds) { a(s, "doc.txt"); b(s, "doc.txt"); } }
        var ta = new List<double>();
        var tb = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            // Which goes first alternates, so neither always follows the other's garbage.
            var (first, second, tf, ts) = r % 2 == 0 ? (a, b, ta, tb) : (b, a, tb, ta);
            var c0 = ThreadCpu.Microseconds();
            foreach (var s in seeds) first(s, "doc.txt");
            var c1 = ThreadCpu.Microseconds();
            foreach (var s in seeds) second(s, "doc.txt");
            var c2 = ThreadCpu.Microseconds();
            tf.Add((c1 - c0) / seeds.Count);
            ts.Add((c2 - c1) / seeds.Count);
        }
        ta.Sort();
        tb.Sort();
        double Q(List<double> t, double q) => t[(int)(q * (t.Count - 1))];
        Console.WriteLine($"µs a document (5 seeds), {rounds} rounds: A least {Q(ta, 0):0.0} q10 {Q(ta, 0.1):0.0} median {Q(ta, 0.5):0.0}; "
            + $"B least {Q(tb, 0):0.0} q10 {Q(tb, 0.1):0.0} median {Q(tb, 0.5):0.0}; B/A median {Q(tb, 0.5) / Q(ta, 0.5):0.000}, q10 {Q(tb, 0.1) / Q(ta, 0.1):0.000}");
        return 0;
    }
}
