namespace PerfRules.Rules.Runtime;

/// <summary>
/// Keeps the committed GC memory of a batch's cross-document step near where the step started. Large batches make big
/// key groups whose NRules collections (and the slices' facts, live while their findings are made) are promoted to gen2
/// and the large-object heap and die there; the collector lets that garbage, and the memory it commits for it, grow
/// by 15–20 MB before a background collection, and keeps the memory afterwards (docs/performance.md, "The cross-document
/// step's committed memory"). When the committed memory has grown past <see cref="DefaultGrowthBytes"/> since the step
/// started, <see cref="Check"/> runs one blocking, compacting collection that also returns the free memory: about ten in a
/// step of 10,000 documents, none in a small one (its step does not grow the heap that much).
/// </summary>
internal sealed class StepHeap
{
    /// <summary>
    /// How far the committed memory may grow past the step's start before a collection: 1,000 and 2,000 seed copies grow it
    /// by 2–5 MB (no collection), 10,000 by 15–20 MB (about ten collections of a few milliseconds each).
    /// </summary>
    public const long DefaultGrowthBytes = 6L << 20;

    private readonly long _start = GC.GetGCMemoryInfo().TotalCommittedBytes;
    private readonly long _growth;
    private int _collecting;
    private int _collections;

    /// <summary>From now (the committed memory as of the last collection), allowing <paramref name="growthBytes"/> more.</summary>
    public StepHeap(long growthBytes = DefaultGrowthBytes) => _growth = growthBytes;

    /// <summary>How many collections <see cref="Check"/> has run.</summary>
    public int Collections => Volatile.Read(ref _collections);

    /// <summary>
    /// Between pieces of the step (a slice done, the findings filed): the committed memory as of the last collection
    /// (a read of the collector's figures, no collection), and if it grew past the limit one collection; a second thread
    /// checking meanwhile does not queue another.
    /// </summary>
    public void Check()
    {
        if (GC.GetGCMemoryInfo().TotalCommittedBytes <= _start + _growth) return;
        if (Interlocked.Exchange(ref _collecting, 1) != 0) return;
        try
        {
            // Aggressive: compacts gen2 and the large-object heap and decommits what is then free (a forced compacting
            // collection leaves the regions committed, and the memory with them).
            if (GC.GetGCMemoryInfo().TotalCommittedBytes > _start + _growth)
            {
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                Interlocked.Increment(ref _collections);
            }
        }
        finally { Volatile.Write(ref _collecting, 0); }
    }
}
