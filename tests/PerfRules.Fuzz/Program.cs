using System.Diagnostics;
using PerfRules.Fuzz;
using PerfRules.Ingest;
using PerfRules.Readers.Office;
using PerfRules.Readers.Pdf;
using PerfRules.Reports;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

// perfrules-fuzz [cases] [seed-folder] [random-seed]: the long fuzz run. Prints cases/second and
// every failure (kind, case number, what broke); exit 1 if any failed. Failing inputs are saved
// under $TMPDIR/perfrules-fuzz-failures for replay.
var cases = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var seedDir = args.Length > 1 ? args[1] : PerfRules.Tests.TestPaths.Seeds;
var randomSeed = args.Length > 2 ? int.Parse(args[2]) : 20260101;
var seeds = Directory.GetFiles(seedDir).OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
if (seeds.Count == 0) { Console.Error.WriteLine($"no seeds in {seedDir}"); return 2; }

var rules = RuleSetCompiler.CompileBuiltin(new RuleEngineOptions { UseDiskCache = false });
// Every input format, as the CLI and the service read them (the hostile kinds are workbooks and PDFs).
var reader = new SubmissionReader(new ReadOptions { Codes = rules.RuleSet.Codes }, InputFormats.Default().AddOffice().AddPdf());
var harness = new FuzzHarness(new Linter(rules, reader), seeds);
var failuresDir = Path.Combine(Path.GetTempPath(), "perfrules-fuzz-failures");
const int Batch = 25;
int failures = 0, done = 0;
var byKind = new Dictionary<string, int>();
var watch = Stopwatch.StartNew();
var last = watch.Elapsed;

for (int start = 0; start < cases; start += Batch)
{
    var docs = new List<DocumentResult>();
    for (int i = start; i < Math.Min(cases, start + Batch); i++)
    {
        var rng = FuzzHarness.CaseRandom(randomSeed, i);
        var (kind, name, bytes) = harness.Generate(rng);
        byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
        var error = harness.CheckDocument(bytes, $"case-{i}-{name}", out var results, kind);
        docs.AddRange(results);
        if (error is not null) Fail(i, kind, bytes, error);
        done++;
    }
    if (FuzzHarness.CheckReports(new LintReport { RuleSet = rules.RuleSet, Documents = docs }) is { } reportError)
    {
        failures++;
        Console.WriteLine($"FAIL reports of cases {start}..{start + docs.Count - 1}: {reportError}");
    }
    if (watch.Elapsed - last > TimeSpan.FromSeconds(10))
    {
        last = watch.Elapsed;
        Console.WriteLine($"{done} cases, {done / watch.Elapsed.TotalSeconds:0} cases/s, {failures} failures");
    }
}

// The two big inputs, once each: a 50 MB file and a 5 MB line.
var big = new byte[50 * 1024 * 1024];
new Random(randomSeed).NextBytes(big);
Once("50MB-file", big, "big.bin");
var longLine = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(seeds[0]) + "\n" + new string('数', 5 * 1024 * 1024) + "\n");
Once("5MB-line", longLine, "long-line.txt");

var seconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"{done} cases in {seconds:0.0} s: {done / seconds:0} cases/s, {failures} failures");
Console.WriteLine("by kind: " + string.Join(", ", byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
return failures == 0 ? 0 : 1;

void Once(string kind, byte[] bytes, string name)
{
    var error = harness.CheckDocument(bytes, name, out var results);
    if (error is null)
        error = FuzzHarness.CheckReports(new LintReport { RuleSet = rules.RuleSet, Documents = results });
    if (error is not null) Fail(-1, kind, Array.Empty<byte>(), error);
    done++;
}

void Fail(int i, string kind, byte[] bytes, string error)
{
    failures++;
    Console.WriteLine($"FAIL case {i} ({kind}): {error}");
    if (bytes.Length == 0) return;
    Directory.CreateDirectory(failuresDir);
    File.WriteAllBytes(Path.Combine(failuresDir, $"case-{i}-{kind}.bin"), bytes);
}
