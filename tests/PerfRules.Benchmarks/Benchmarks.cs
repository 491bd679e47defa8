using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.Benchmarks;

/// <summary>bytes → decode → detect layout → read, one document per operation.</summary>
[MemoryDiagnoser]
public class ReadBenchmarks
{
    [Params("inline", "inline-large", "tabular", "overall")]
    public string Layout { get; set; } = "inline";

    private byte[] _bytes = Array.Empty<byte>();
    private readonly SubmissionReader _reader = new();

    [GlobalSetup]
    public void Setup() => _bytes = Inputs.Seed(Layout);

    [Benchmark]
    public Submission DecodeAndRead() => _reader.Read(_bytes, "doc.txt").Documents[0].Submission;
}

/// <summary>
/// Rule evaluation per document (already read): the hand-written checks (the floor), the engine
/// running the same twelve rules, and the engine running the whole built-in set.
/// </summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    public const int CorpusSize = 200;

    [Params("seeds", "corpus")]
    public string Docs { get; set; } = "seeds";

    private List<Submission> _docs = new();
    private CompiledRuleSet _all = null!, _same = null!;
    private HandWrittenChecks _hand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _docs = Docs == "seeds"
            ? Inputs.Read(new[] { "inline-large", "tabular", "overall", "inline" }.Select(l => (l + ".txt", Inputs.Seed(l))))
            : Inputs.Read(Inputs.Corpus(CorpusSize));
        _all = EngineFactory.Builtin();
        _same = EngineFactory.SameRulesAsHandWritten();
        _hand = new HandWrittenChecks(set: _same.RuleSet);
    }

    [Benchmark(Baseline = true)]
    public int HandWritten()
    {
        int n = 0;
        foreach (var d in _docs) n += _hand.Check(d).Count;
        return n;
    }

    /// <summary>The checks with the engine's output: the like-for-like floor.</summary>
    [Benchmark]
    public int HandWrittenSameFindings()
    {
        int n = 0;
        foreach (var d in _docs) n += _hand.CheckFull(d).Count;
        return n;
    }

    [Benchmark]
    public int EngineSameRules()
    {
        int n = 0;
        foreach (var d in _docs) n += _same.Evaluate(d).Count;
        return n;
    }

    [Benchmark]
    public int EngineAllRules()
    {
        int n = 0;
        foreach (var d in _docs) n += _all.Evaluate(d).Count;
        return n;
    }
}

/// <summary>End to end per document: bytes → findings with the built-in rules (Linter.Check).</summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    private List<(string Name, byte[] Bytes)> _docs = new();
    private Linter _linter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _docs = Inputs.Corpus(RuleBenchmarks.CorpusSize);
        _linter = new Linter(EngineFactory.Builtin());
    }

    [Benchmark(OperationsPerInvoke = RuleBenchmarks.CorpusSize)]
    public int CheckCorpusDocument()
    {
        int n = 0;
        foreach (var (name, bytes) in _docs) foreach (var d in _linter.Check(bytes, name)) n += d.Findings.Count;
        return n;
    }
}

/// <summary>
/// Loading the built-in rule set: a compile (Roslyn, in a process where it is already loaded and
/// jitted: the lower bound of a cold run) against an in-process cache hit. A disk-cache hit in a
/// fresh process is what `perfrules lint` with a warm cache measures (tests/perf/run.sh): the same
/// rule assembly cannot be loaded twice into one process.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CompileBenchmarks
{
    private string _core = "";
    private string _dir = "";
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _core = RuleSetLoader.LoadBuiltin().Files[0].Content;
        _dir = Path.Combine(Path.GetTempPath(), "perfrules-bench-compile-" + Environment.ProcessId);
        Directory.CreateDirectory(_dir);
    }

    [Benchmark]
    public CompiledRuleSet CompileCold()
    {
        // A comment changes the cache key, so every call compiles.
        File.WriteAllText(Path.Combine(_dir, "core.yaml"), _core + "\n# " + _n++ + "\n");
        return RuleSetCompiler.Compile(RuleSetLoader.LoadFolder(_dir), new RuleEngineOptions { UseDiskCache = false });
    }

    [Benchmark]
    public CompiledRuleSet CacheHit() => EngineFactory.Builtin();
}
