using System.Diagnostics;
using PerfRules.Corpus;
using PerfRules.Engines.RulesEngine;
using PerfRules.Ingest;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;

namespace PerfRules.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- engines [documents]`: the compiled engine and RulesEngine side by side on
/// the same models (the five seeds, then a generated corpus), rules only (reading excluded): the
/// first call (RulesEngine compiles each workflow then), then the median of five passes.
/// </summary>
internal static class EngineComparison
{
    public static int Run(int count)
    {
        var asm = typeof(SeedPool).Assembly;
        var seeds = Inputs.Read(asm.GetManifestResourceNames().Where(n => n.StartsWith("seeds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var s = asm.GetManifestResourceStream(n)!;
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                return (n, ms.ToArray());
            }));
        var corpus = Inputs.Read(Inputs.Corpus(count, 0.5));

        var sw = Stopwatch.StartNew();
        var compiled = RuleSetCompiler.CompileBuiltin(new RuleEngineOptions { UseDiskCache = false });
        var compileMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var dynamic = new RulesEngineEngine().Prepare(compiled);
        var prepareMs = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($"load: compiled (Roslyn, no cache) {compileMs:0} ms; RulesEngine on top (bind, translate, parse) {prepareMs:0} ms");

        foreach (var (name, set) in new[] { ("compiled", compiled), ("rulesengine", dynamic) })
        {
            sw.Restart();
            var findings = seeds.Sum(d => set.Evaluate(d).Count);
            Console.WriteLine($"{name}: first pass over the seeds {sw.Elapsed.TotalMilliseconds:0.0} ms ({findings} findings)");
        }
        // Rounds alternate between the engines, so that both see the same load; CPU time (the process's:
        // the GC's threads included) is the steadier figure on a shared machine, allocation is exact.
        var engines = new[] { ("compiled", compiled), ("rulesengine", dynamic) };
        foreach (var (label, docs) in new[] { ("seeds (5 documents)", seeds), ($"generated ({count} documents)", corpus) })
        {
            var wall = engines.Select(_ => new List<double>()).ToArray();
            var cpu = engines.Select(_ => new List<double>()).ToArray();
            var bytes = new long[engines.Length];
            var findings = new int[engines.Length];
            for (var round = 0; round < 7; round++)
                for (var e = 0; e < engines.Length; e++)
                {
                    var set = engines[e].Item2;
                    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    var a0 = GC.GetAllocatedBytesForCurrentThread();
                    sw.Restart();
                    findings[e] = docs.Sum(d => set.Evaluate(d).Count);
                    wall[e].Add(sw.Elapsed.TotalMilliseconds);
                    bytes[e] = GC.GetAllocatedBytesForCurrentThread() - a0;
                    cpu[e].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
                }
            for (var e = 0; e < engines.Length; e++)
            {
                wall[e].Sort();
                cpu[e].Sort();
                Console.WriteLine($"{label}, {engines[e].Item1}: median {wall[e][3]:0.00} ms wall, {cpu[e][3]:0.00} ms CPU per pass " +
                                  $"({cpu[e][3] * 1000 / docs.Count:0} µs CPU a document), {bytes[e] / 1024.0 / docs.Count:0} KB allocated a document ({findings[e]} findings)");
            }
        }
        return 0;
    }
}
