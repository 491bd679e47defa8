using PerfRules.Rules.Runtime;

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

    [Test]
    public void Does_not_collect_below_the_limit()
    {
        var heap = new StepHeap(growthBytes: long.MaxValue / 2);
        for (var k = 0; k < 10; k++) heap.Check();
        heap.Collections.ShouldBe(0);
    }
}
