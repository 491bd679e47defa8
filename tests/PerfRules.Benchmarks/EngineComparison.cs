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
        foreach (var (label, docs) in new[] { ("seeds (5 documents)", seeds), ($"generated ({count} documents)", corpus) })
            foreach (var (name, set) in new[] { ("compiled", compiled), ("rulesengine", dynamic) })
            {
                var times = new List<double>();
                var findings = 0;
                for (var round = 0; round < 5; round++)
                {
                    sw.Restart();
                    findings = docs.Sum(d => set.Evaluate(d).Count);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"{label}, {name}: median {times[2]:0.00} ms per pass, {times[2] * 1000 / docs.Count:0} µs per document ({findings} findings)");
            }
        return 0;
    }
}
