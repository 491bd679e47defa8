using System.Diagnostics;
using System.Globalization;
using PerfRules.Engines.NRules;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Benchmarks;

/// <summary>
/// `cross N [engine] [rounds]`: the cross-document rules of the built-in set (PR108, PR515, PR109,
/// PR110) over N generated documents, timed (tests/tools/cross-timing.sh runs it for 10,000 and 20,000).
/// Departments of five documents (a department-overall table and four project tables of 3 units × 4
/// projects × 3 indicators: 12 projects a table, about the seeds' mean); 1% of the projects repeat a
/// project of another department and 1% of the units appear under a second department, so PR109 and
/// PR110 find something. Each document is built when the run asks for it (as the batch decodes each
/// from its temporary file), so the documents are never all in memory; the time of building them alone
/// is measured and printed separately. Prints the wall time, the findings per rule, the process's
/// peak working set and the managed heap after the run.
/// </summary>
internal static class CrossDocumentTiming
{
    public static int Run(string[] args)
    {
        var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var engineName = args.Length > 2 ? args[2] : "nrules";
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var engine = new Phases(engineName == "reference" ? ReferenceCrossDocumentEngine.Instance : NRulesCrossDocumentEngine.Instance);
        var set = RuleSetLoader.LoadBuiltin();
        var compiled = RuleSetCompiler.Compile(set, new RuleEngineOptions { CrossDocument = engine });
        var cross = compiled.RuleSet.Rules.Where(r => r.Scope is RuleScope.Department or RuleScope.Batch).Select(r => r.Id).ToList();
        Console.WriteLine($"cross-document rules: {string.Join(", ", cross)}; engine {engine.Name}; {n:N0} documents; {Environment.ProcessorCount} cores");

        // Building alone (what the batch's decoding stands for here).
        long units = 0;
        for (var k = 0; k < n; k++) units += Generate(k).Units.Count;   // warm-up
        var buildCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        for (var k = 0; k < n; k++) units += Generate(k).Units.Count;
        var build = sw.Elapsed;
        var buildCpu = Process.GetCurrentProcess().TotalProcessorTime - buildCpu0;
        Console.WriteLine($"building the {n:N0} documents alone: {build.TotalMilliseconds:N0} ms wall, {buildCpu.TotalMilliseconds:N0} ms CPU");

        var times = new List<double>();
        var cpus = new List<double>();
        IReadOnlyList<Finding> findings = Array.Empty<Finding>();
        for (var r = 0; r < rounds; r++)
        {
            GC.Collect();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            engine.Reset();
            var alloc0 = GC.GetAllocatedBytesForCurrentThread();
            findings = compiled.EvaluateDepartments(n, k => DepartmentOf(k), Generate);
            times.Add(sw.Elapsed.TotalMilliseconds);
            cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
            var alloc = GC.GetAllocatedBytesForCurrentThread() - alloc0;
            Console.WriteLine($"  round {r + 1}: {times[^1]:N0} ms wall, {cpus[^1]:N0} ms CPU, {alloc / (1024 * 1024):N0} MB allocated; " +
                              $"department sessions {engine.DepartmentMs:N0} ms ({engine.DepartmentBytes / (1024 * 1024):N0} MB), batch sessions {engine.BatchMs:N0} ms ({engine.BatchBytes / (1024 * 1024):N0} MB)");
        }
        times.Sort();
        cpus.Sort();
        var median = times[times.Count / 2];
        var cpuMedian = cpus[cpus.Count / 2];
        // On a shared machine CPU time is the steadier figure (wall time includes waiting for a core).
        Console.WriteLine($"median CPU {cpuMedian:N0} ms (the run is single-threaded but the GC is not: CPU can exceed wall time)");
        Console.WriteLine($"median {median:N0} ms (building included; without it about {median - build.TotalMilliseconds:N0} ms)");
        foreach (var g in findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {g.Key}: {g.Count():N0} findings");
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"peak working set {self.PeakWorkingSet64 / (1024 * 1024):N0} MB; managed heap after the run {GC.GetTotalMemory(true) / (1024 * 1024):N0} MB");
        Console.WriteLine(FormattableString.Invariant($"RESULT n={n} engine={engine.Name} median_ms={median:F0} cpu_ms={cpuMedian:F0} build_ms={build.TotalMilliseconds:F0} peak_mb={self.PeakWorkingSet64 / (1024 * 1024)} findings={findings.Count}"));
        return 0;
    }

    /// <summary>The engine, with the wall time and the allocations of its department and batch calls summed (rule evaluation included).</summary>
    private sealed class Phases(ICrossDocumentEngine inner) : ICrossDocumentEngine
    {
        public string Name => inner.Name;
        public double DepartmentMs, BatchMs;
        public long DepartmentBytes, BatchBytes;

        public void Reset() { DepartmentMs = BatchMs = 0; DepartmentBytes = BatchBytes = 0; }

        public void RunDepartment(CrossDocumentRun run, IReadOnlyList<DocumentFact> documents)
        {
            var t0 = Stopwatch.GetTimestamp();
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            inner.RunDepartment(run, documents);
            DepartmentBytes += GC.GetAllocatedBytesForCurrentThread() - a0;
            DepartmentMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        public void RunBatch(CrossDocumentRun run, IReadOnlyList<BatchItem> facts)
        {
            var t0 = Stopwatch.GetTimestamp();
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            inner.RunBatch(run, facts);
            BatchBytes += GC.GetAllocatedBytesForCurrentThread() - a0;
            BatchMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
    }

    private const int PerDepartment = 5;

    private static string DepartmentOf(int k) => "部门" + (k / PerDepartment).ToString(CultureInfo.InvariantCulture);

    /// <summary>Document k of the generated run (the same every time it is asked for).</summary>
    internal static Submission Generate(int k)
    {
        var department = DepartmentOf(k);
        var d = k / PerDepartment;
        var doc = new Submission { Department = department, SourceFile = $"gen/{k:D6}.txt", MoneyUnit = "万元" };
        if (k % PerDepartment == 0)
        {
            doc.Kind = SubmissionKind.DepartmentOverall;
            doc.Layout = "overall";
            // 项目支出 equals the four tables' 合计 except in every 10th department (PR108).
            var projects = 4 * 12 * 10m + (d % 10 == 0 ? 5m : 0m);
            doc.Overall = new DepartmentOverall
            {
                Expenditure = { new NamedAmount { Name = "基本支出", Value = 100m, Text = "100.00" }, new NamedAmount { Name = "项目支出", Value = projects, Text = projects.ToString("F2", CultureInfo.InvariantCulture) } },
                Income = { new NamedAmount { Name = "财政拨款", Value = projects + 100m, Text = "" } },
            };
            doc.Overall.Indicators.Add(Indicator(1, "服务对象覆盖人数", d % 7 == 0 ? "≥600人" : "≥500人"));
            return doc;
        }
        doc.Kind = SubmissionKind.ProjectTargets;
        doc.Layout = "inline";
        var line = 8;
        for (var u = 0; u < 3; u++)
        {
            // 1% of the units are another department's unit (PR110).
            var unitName = k % 100 == 1 && u == 0 ? $"单位{d + 1}-1-0" : $"单位{d}-{k % PerDepartment}-{u}";
            var unit = new FundingUnit { Name = unitName, Amounts = { Total = 40m }, Span = SourceSpan.Line(line++, 1, 20) };
            for (var p = 0; p < 4; p++)
            {
                var project = new Project { Name = $"项目{p}", Amounts = { Total = 10m }, Span = SourceSpan.Line(line++, 5, 30) };
                // 1% of the projects repeat one of the next department's (same unit, same name: PR109).
                if ((k * 12 + u * 4 + p) % 100 == 7) { unit.Name = $"单位{d + 1}-1-{u}"; }
                for (var i = 1; i <= 3; i++)
                    project.Indicators.Add(Indicator(i, i == 1 ? "服务对象覆盖人数" : $"指标{i}", "≥500人"));
                unit.Projects.Add(project);
            }
            doc.Units.Add(unit);
        }
        doc.GrandTotal = new AmountRow { Name = "合计", Amounts = { Total = 120m }, Span = SourceSpan.Line(7, 1, 20) };
        return doc;
    }

    private static Indicator Indicator(int seq, string name, string value) => new()
    {
        Seq = seq,
        Level1 = new CodeName(seq == 1 ? 1 : 2, seq == 1 ? "产出指标" : "效益指标"),
        Level2 = new CodeName(seq == 1 ? 11 : 22, seq == 1 ? "数量指标" : "社会效益指标"),
        Name = name,
        Cycle = new TargetValue { Text = value },
        Annual = new TargetValue { Text = value },
    };
}
