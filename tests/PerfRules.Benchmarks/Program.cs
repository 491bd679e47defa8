using System.Diagnostics;
using BenchmarkDotNet.Running;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- [BenchmarkDotNet arguments]` runs the BenchmarkDotNet suites;
/// `dotnet run -c Release -- quick [rounds]` runs a few stopwatch rounds of each measurement and
/// prints medians (minutes instead of BenchmarkDotNet's much longer runs; noisier);
/// `dotnet run -c Release -- pdf [rounds] [seed...]` times reading the seed PDFs (docs/pdf.md);
/// `pdf-loop [seed] [n]` only reads one n times (for a profiler: perf with DOTNET_PerfMapEnabled=1).
/// `pdf-phases [seed] [n]`: one read cut into its phases (PdfPig's and the reader's), time and bytes allocated of each.
/// `report-loop DIR [rounds] [sarif|json]`: the report of a checked folder written again and again to a null stream (its CPU alone).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "engine-loop" or "hand-loop" or "empty-loop")
            return EngineLoop(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10, args[0]);
        if (args.Length > 0 && args[0] == "engines")
            return EngineComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
        if (args.Length > 0 && args[0] == "read-loop")
            return ReadLoop(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
        if (args.Length > 0 && args[0] == "ratio")
            return Ratio(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15,
                args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0.3);
        if (args.Length > 0 && args[0] == "per-rule")
            return PerRule(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
        if (args.Length > 0 && args[0] == "pdf")
            return PdfInputs.Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, args.Skip(2).ToArray());
        if (args.Length > 0 && args[0] == "pdf-loop")
            return PdfInputs.Loop(args.Length > 1 ? args[1] : "000", args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100);
        if (args.Length > 0 && args[0] == "pdf-phases")
            return PdfPhases.Run(args.Length > 1 ? args[1] : "000", args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100);
        if (args.Length > 0 && args[0] == "office")
            return Office(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
        if (args.Length > 0 && args[0] == "readers")
            return ReaderInputs.Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 400);
        if (args.Length > 0 && args[0] == "value-times")
            return ValueTimes.Run(args[1]);
        if (args.Length > 0 && args[0] == "alloc-types")
            return AllocationTypes.Run(args[1]);
        if (args.Length > 0 && args[0] == "ab-read")
            return AbRead.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2000);
        if (args.Length > 0 && args[0] == "phases")
            return ReaderPhases.Run(args[1]);
        if (args.Length > 0 && args[0] == "parse-loop")
            return ValueTimes.Loop(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
        if (args.Length > 0 && args[0] == "scale")
            return ReaderInputs.Scale(args[1]);
        if (args.Length > 0 && args[0] == "read-input")
            return ReaderInputs.Loop(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
        if (args.Length > 0 && args[0] == "cross")
            return CrossDocumentTiming.Run(args);
        if (args.Length > 0 && args[0] == "rules-source")
        {
            // The built-in set's generated source as compiled, guards woven in (to read what a rule costs).
            var m = typeof(PerfRules.Rules.RuleSet).Assembly.GetType("PerfRules.Rules.Compilation.RoslynRuleCompiler")!
                .GetMethod("GuardedSource", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
            Console.Write((string)m.Invoke(null, new object[] { PerfRules.Rules.RuleSetLoader.LoadBuiltin() })!);
            return 0;
        }
        if (args.Length > 0 && args[0] == "seed-read")
            return SeedRead(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
        if (args.Length > 0 && args[0] == "per-rule-alloc")
            return PerRuleAllocation(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
        if (args.Length > 0 && args[0] == "seed-rules-count")
            return SeedRulesCount(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        if (args.Length > 0 && args[0] == "corpus-rules-count")
            return SeedRulesCount(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), corpus: true);
        if (args.Length > 0 && args[0] == "seed-rules")
            return SeedRules(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
        if (args.Length > 0 && args[0] == "report-loop")
            return ReportLoop.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5, args.Length > 3 ? args[3] : "sarif", args.Length > 4 && args[4] == "ab");
        if (args.Length > 0 && args[0] == "quick")
            return Quick(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    /// <summary>
    /// `office [n]`: each Office fixture opened and read n times after a warm-up; prints wall time and
    /// CPU time per file. On a shared machine CPU time is the steadier figure (wall time includes
    /// waiting for a core); on a quiet one they agree.
    /// </summary>
    private static int Office(int n)
    {
        var reader = OfficeInputs.Reader();
        Console.WriteLine($"office: {n} reads each, {Environment.ProcessorCount} cores, {Environment.Version}");
        // Two rounds, the first only warms (JIT and GC threads count as the process's CPU time).
        for (int round = 0; round < 2; round++)
        foreach (var file in new[] { "000.layout1.xlsx", "000.layout2-merged.xlsx", "000.layout2-blank.xlsx", "002.overall.xlsx", "001.layout1.docx", "001.tabular-gb18030.csv" })
        {
            var bytes = OfficeInputs.Fixture(file);
            // Warm: tiered compilation settles after some hundreds of calls and a background delay.
            var warm = Stopwatch.StartNew();
            for (int w = 0; w < 200 || warm.ElapsedMilliseconds < 2000; w++) OfficeInputs.OpenAndRead(reader, bytes, file);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) OfficeInputs.OpenAndRead(reader, bytes, file);
            var wall = sw.Elapsed.TotalMilliseconds / n;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n;
            var kb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / n;
            if (round == 1) Console.WriteLine($"{file,-28} {bytes.Length / 1024.0,6:0.0} KB  wall {wall,7:0.00} ms  cpu {cpuMs,7:0.00} ms  alloc {kb,8:0} KB");
        }
        return 0;
    }

    /// <summary>
    /// `engine-loop [seconds]`: the engine with the twelve hand-written rules on the corpus, in a
    /// loop (for perf record); `hand-loop [seconds]`: the hand-written checks the same way;
    /// `empty-loop [seconds]`: the engine with twelve rules that check nothing (its own cost).
    /// </summary>
    private static int EngineLoop(int seconds, string what)
    {
        var docs = Inputs.Read(Inputs.Corpus(RuleBenchmarks.CorpusSize));
        var handWritten = new HandWrittenChecks();
        var engine = what switch { "hand-loop" => null, "empty-loop" => EngineFactory.EmptyRules(), _ => EngineFactory.SameRulesAsHandWritten() };
        Action<Submission> check = engine is null ? d => handWritten.Check(d) : d => engine.Evaluate(d);
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { foreach (var d in docs) check(d); n += docs.Count; }
        Console.WriteLine($"{sw.Elapsed.TotalMilliseconds * 1000 / n:0.00} µs per document");
        return 0;
    }

    /// <summary>
    /// `ratio [rounds] [error-rate]`: the engine (the twelve rules) against the hand-written checks,
    /// measured in alternating rounds after all have settled, so that load from other processes
    /// falls on each side alike. Two floors: the checks alone (rule id and place, no output) and
    /// the checks with the engine's output (the same findings: message, evidence, path,
    /// fingerprint). Prints each side's median and the median of the per-round ratios.
    /// </summary>
    private static int Ratio(int rounds, double errorRate)
    {
        var docs = Inputs.Read(Inputs.Corpus(RuleBenchmarks.CorpusSize, errorRate));
        var engine = EngineFactory.SameRulesAsHandWritten();
        var hand = new HandWrittenChecks(set: engine.RuleSet);
        var findings = docs.Sum(d => hand.Check(d).Count);
        double Time(Action<Submission> check)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 150; i++) foreach (var d in docs) check(d);
            return sw.Elapsed.TotalMilliseconds * 1000 / 150 / docs.Count;
        }
        Action<Submission> e = d => engine.Evaluate(d), bare = d => hand.Check(d), full = d => hand.CheckFull(d);
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 3000) { Time(e); Time(bare); Time(full); }
        var te = new List<double>(); var tb = new List<double>(); var tf = new List<double>();
        var rb = new List<double>(); var rf = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            double a = Time(e), b = Time(bare), f = Time(full);
            te.Add(a); tb.Add(b); tf.Add(f); rb.Add(a / b); rf.Add(a / f);
        }
        static double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
        static string All(List<double> xs) => string.Join(" ", xs.Select(x => x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        Console.WriteLine($"{docs.Count} documents, error rate {errorRate:0.##}, {findings / (double)docs.Count:0.00} findings of the twelve rules a document");
        Console.WriteLine($"engine {Median(te):0.00} µs; hand-written with the same findings {Median(tf):0.00} µs; checks alone {Median(tb):0.00} µs a document");
        Console.WriteLine($"engine / hand-written with the same findings: median {Median(rf):0.00} (rounds: {All(rf)})");
        Console.WriteLine($"engine / checks alone:                        median {Median(rb):0.00} (rounds: {All(rb)})");
        return 0;
    }

    /// <summary>The five seeds' models, read once (the rule benchmarks' input).</summary>
    private static List<Submission> SeedModels()
    {
        var reader = new SubmissionReader();
        var asm = typeof(PerfRules.Corpus.SeedPool).Assembly;
        return asm.GetManifestResourceNames().Where(n => n.StartsWith("seeds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(n =>
        {
            using var s = asm.GetManifestResourceStream(n)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return reader.Read(ms.ToArray(), n[6..]).Documents[0].Submission;
        }).ToList();
    }

    /// <summary>
    /// `seed-rules [seconds]`: the built-in rules over the five seeds' models (already read) in a loop, after
    /// three seconds of warm-up; prints CPU time and bytes allocated per document (for perf record too).
    /// </summary>
    private static int SeedRules(int seconds)
    {
        var rules = EngineFactory.Builtin();
        var docs = SeedModels();
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 3) foreach (var d in docs) rules.Evaluate(d);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { foreach (var d in docs) rules.Evaluate(d); n += docs.Count; }
        Console.WriteLine($"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n:0} µs of CPU, "
            + $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / n:0.0} KB allocated a document (the {docs.Count} seeds' models)");
        // Each seed alone, a second each (its findings, CPU and bytes).
        foreach (var d in docs)
        {
            var c0 = Process.GetCurrentProcess().TotalProcessorTime;
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            var w = Stopwatch.StartNew();
            long k = 0;
            var found = 0;
            while (w.Elapsed.TotalSeconds < 1) { found = rules.Evaluate(d).Count; k++; }
            Console.WriteLine($"  {System.IO.Path.GetFileName(d.SourceFile)[..3]}: {(Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds * 1000 / k:0} µs, "
                + $"{(GC.GetAllocatedBytesForCurrentThread() - a0) / 1024.0 / k:0.0} KB, {found} findings");
        }
        return 0;
    }

    /// <summary>
    /// `seed-rules-count rounds`: as `seed-rules`, but a fixed number of rounds over the five seeds after the
    /// warm-up (the same work in every run: `perf record` sample counts compare between builds on a loaded machine);
    /// `corpus-rules-count rounds`: the same over the 200 generated documents (few findings: the rules' checks, not their findings).
    /// </summary>
    /// <summary>
    /// `per-rule-alloc [rounds]`: each built-in rule alone (every other rule off) over the five seeds' models, after a
    /// warm-up: bytes allocated and CPU a document, less the engine's own with every rule off; largest first.
    /// Allocation is exact, so this says which rule's expressions or helpers allocate without a profile.
    /// </summary>
    private static int PerRuleAllocation(int rounds)
    {
        var docs = SeedModels();
        (double Bytes, double Micros) Measure(PerfRules.Rules.Runtime.CompiledRuleSet rules)
        {
            for (var r = 0; r < 300; r++) foreach (var d in docs) rules.Evaluate(d);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < rounds; r++) foreach (var d in docs) rules.Evaluate(d);
            long n = (long)rounds * docs.Count;
            return ((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)n, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n);
        }
        var none = Measure(EngineFactory.Only(Array.Empty<string>(), "alloc-none"));
        Console.WriteLine($"every rule off: {none.Bytes:0} bytes, {none.Micros:0.0} µs a document");
        var rows = new List<(string Id, double Bytes, double Micros)>();
        foreach (var rule in RuleSetLoader.LoadBuiltin().Rules)
        {
            var (b, us) = Measure(EngineFactory.Only(new[] { rule.Id }, "alloc-" + rule.Id));
            rows.Add((rule.Id, b - none.Bytes, us - none.Micros));
        }
        foreach (var (id, b, us) in rows.OrderByDescending(r => r.Bytes))
            Console.WriteLine($"{id}  {b,8:0} bytes  {us,6:0.0} µs a document");
        return 0;
    }

    private static int SeedRulesCount(int rounds, bool corpus = false)
    {
        var rules = EngineFactory.Builtin();
        var docs = corpus ? Inputs.Read(Inputs.Corpus(RuleBenchmarks.CorpusSize)) : SeedModels();
        // A fixed warm-up too (tiered compilation settles in the pause): every run does the same work.
        for (var r = 0; r < 1500; r++) foreach (var d in docs) rules.Evaluate(d);
        Thread.Sleep(1000);
        for (var r = 0; r < 500; r++) foreach (var d in docs) rules.Evaluate(d);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < rounds; r++) foreach (var d in docs) rules.Evaluate(d);
        long n = (long)rounds * docs.Count;
        Console.WriteLine($"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n:0} µs of CPU, "
            + $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / n:0.0} KB allocated a document ({rounds} rounds over the {docs.Count} {(corpus ? "generated documents" : "seeds' models")})");
        return 0;
    }

    /// <summary>
    /// `seed-read [seconds]`: reading the five seeds (decode, detect, read) in a loop after three seconds of
    /// warm-up; prints CPU time and bytes allocated per document (for perf record too).
    /// </summary>
    private static int SeedRead(int seconds)
    {
        var reader = new SubmissionReader();
        var asm = typeof(PerfRules.Corpus.SeedPool).Assembly;
        var seeds = asm.GetManifestResourceNames().Where(n => n.StartsWith("seeds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(n =>
        {
            using var s = asm.GetManifestResourceStream(n)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return (Name: n[6..], Bytes: ms.ToArray());
        }).ToList();
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 3) foreach (var (name, bytes) in seeds) reader.Read(bytes, name);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { foreach (var (name, bytes) in seeds) reader.Read(bytes, name); n += seeds.Count; }
        Console.WriteLine($"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n:0} µs of CPU, "
            + $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / n:0.0} KB allocated a document (the {seeds.Count} seeds read)");
        return 0;
    }

    /// <summary>`read-loop [seconds]`: reading the generated corpus (decode, detect, read) in a loop, for perf record.</summary>
    private static int ReadLoop(int seconds)
    {
        var corpus = Inputs.Corpus(RuleBenchmarks.CorpusSize);
        var reader = new SubmissionReader();
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < seconds) { foreach (var (name, bytes) in corpus) reader.Read(bytes, name); n += corpus.Count; }
        Console.WriteLine($"{sw.Elapsed.TotalMilliseconds * 1000 / n:0.00} µs per document");
        return 0;
    }

    /// <summary>`per-rule [rounds]`: the engine with one of the twelve rules at a time, per document.</summary>
    private static int PerRule(int rounds)
    {
        var docs = Inputs.Read(Inputs.Corpus(RuleBenchmarks.CorpusSize));
        foreach (var id in HandWrittenChecks.RuleIds)
        {
            var one = EngineFactory.Only(new[] { id }, "only-" + id);
            // A new rule assembly each time: let tiered compilation settle before timing.
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 1500) foreach (var d in docs) one.Evaluate(d);
            var times = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < 20; i++) foreach (var d in docs) one.Evaluate(d);
                times.Add(sw.Elapsed.TotalMilliseconds * 1000 / 20 / docs.Count);
            }
            times.Sort();
            Console.WriteLine($"{id}  {times[times.Count / 2],6:0.00} µs a document");
        }
        return 0;
    }

    private static int Quick(int rounds)
    {
        Console.WriteLine($"quick: median of {rounds} rounds, {Environment.ProcessorCount} cores, {Environment.Version}");
        var reader = OfficeInputs.Reader();
        foreach (var layout in new[] { "inline", "inline-large", "tabular", "overall" })
        {
            var bytes = Inputs.Seed(layout);
            Report($"read {layout} ({bytes.Length / 1024.0:0.0} KB)", 2000, () => reader.Read(bytes, "doc.txt"));
        }

        foreach (var file in new[] { "000.layout1.xlsx", "000.layout2-merged.xlsx", "002.overall.xlsx", "001.layout1.docx", "001.tabular-gb18030.csv" })
        {
            var bytes = OfficeInputs.Fixture(file);
            Report($"open and read {file} ({bytes.Length / 1024.0:0.0} KB)", 50, () => OfficeInputs.OpenAndRead(reader, bytes, file));
        }

        // Where reading time goes, for the seed-sized inline seed.
        {
            var bytes = Inputs.Seed("inline");
            var (text, enc) = TextDecoder.Decode(bytes);
            var src = new SourceText("doc.txt", text, enc);
            Report("  read phase: decode", 2000, () => TextDecoder.Decode(bytes));
            Report("  read phase: split lines", 2000, () => new SourceText("doc.txt", text, enc));
            Report("  read phase: damage scan", 2000, () => TextDecoder.FindDamage(src));
            foreach (var r in SubmissionReader.DefaultReaders())
                Report($"  read phase: detect {r.GetType().Name}", 2000, () => r.Detect(src));
            var inline = new InlineReader();
            Report("  read phase: InlineReader.Read", 2000, () => inline.Read(src, ReadOptions.Default));
        }

        var corpus = Inputs.Corpus(RuleBenchmarks.CorpusSize);
        var docs = Inputs.Read(corpus);
        var hand = new HandWrittenChecks();
        var all = EngineFactory.Builtin();
        var same = EngineFactory.SameRulesAsHandWritten();
        var perDoc = docs.Count;
        double h = Report("rules: hand-written, per corpus doc", 20, () => { foreach (var d in docs) hand.Check(d); }, perDoc);
        double s = Report("rules: engine, same 12 rules, per doc", 20, () => { foreach (var d in docs) same.Evaluate(d); }, perDoc);
        double a = Report("rules: engine, all rules, per doc", 20, () => { foreach (var d in docs) all.Evaluate(d); }, perDoc);
        // Again, in the other order: on a shared machine the order of measurements matters.
        s = Math.Min(s, Report("rules: engine, same 12 rules (again)", 20, () => { foreach (var d in docs) same.Evaluate(d); }, perDoc));
        h = Math.Min(h, Report("rules: hand-written (again)", 20, () => { foreach (var d in docs) hand.Check(d); }, perDoc));
        Console.WriteLine($"  engine (same rules) / hand-written = {s / h:0.00}x; all rules / hand-written = {a / h:0.00}x");
        var empty = EngineFactory.EmptyRules();
        Report("rules: engine, 12 rules that check nothing", 20, () => { foreach (var d in docs) empty.Evaluate(d); }, perDoc);

        var linter = new Linter(all);
        double e = Report("end to end (Linter.Check), per corpus doc", 5, () => { foreach (var (n, b) in corpus) linter.Check(b, n); }, perDoc);
        Console.WriteLine($"  = {1000.0 / e:0} documents/s on one thread");
        return 0;

        double Report(string what, int inner, Action act, int ops = 1)
        {
            // Warm up long enough for tiered compilation to settle (the first measurement would otherwise pay for it).
            var warm = Stopwatch.StartNew();
            for (int w = 0; w < 5 || warm.ElapsedMilliseconds < 300; w++) act();
            // Allocation is exact where wall time is noisy (other builds share the two cores).
            long before = GC.GetAllocatedBytesForCurrentThread();
            act();
            double kb = (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0 / ops;
            var times = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < inner; i++) act();
                times.Add(sw.Elapsed.TotalMilliseconds / inner / ops);
            }
            times.Sort();
            var median = times[times.Count / 2];
            Console.WriteLine($"{what,-45} {median * 1000,10:0.0} µs  (min {times[0] * 1000:0.0}, max {times[^1] * 1000:0.0})  {kb,8:0.0} KB allocated");
            return median;
        }
    }
}
