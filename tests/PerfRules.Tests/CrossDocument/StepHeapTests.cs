using PerfRules.Rules.Runtime;
using PerfRules.Runs;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// A batch run's cross-document step checks its committed memory between pieces (<see cref="StepHeap.Check"/>): a full
/// collection only once the memory grew past the limit since the step started, none otherwise.
/// </summary>
public class StepHeapTests
{
    [Test]
    public void Collects_once_the_committed_memory_grew_past_the_limit()
    {
        var heap = new StepHeap(growthBytes: long.MinValue / 2);
        var before = GC.CollectionCount(2);
        heap.Check();
        heap.Collections.ShouldBe(1);
        GC.CollectionCount(2).ShouldBeGreaterThan(before);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_batch_run_hands_memory_back_only_when_its_host_asks(bool ask)
    {
        // The command line owns its process and asks; the service runs requests side by side and must not (CheckOptions).
        var dir = SeedReport.TempDir("step-heap");
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToList();
        for (var k = 0; k < 10; k++)
            File.Copy(seeds[k % seeds.Count], Path.Combine(dir, $"{k:D3}_{Path.GetFileName(seeds[k % seeds.Count])}"));
        var linter = new Linter(RuleTestSupport.Builtin);
        var run = new BatchRun(linter, new DocumentCheck(linter));
        var report = run.Run(InputExpansion.Expand(new[] { dir }), new CheckOptions { Jobs = 2, ReturnStepMemory = ask },
            new ParallelOptions { MaxDegreeOfParallelism = 2 });
        report.Documents.ShouldContain(d => d.Findings.Any(f => f.RuleId == "PR109"));
        if (ask) run.StepCollections.ShouldNotBeNull();
        else run.StepCollections.ShouldBeNull();
    }

    [Test]
    public void Does_not_collect_below_the_limit()
    {
        var heap = new StepHeap(growthBytes: long.MaxValue / 2);
        for (var k = 0; k < 10; k++) heap.Check();
        heap.Collections.ShouldBe(0);
    }
}
