using System.Runtime.ExceptionServices;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Independent pieces of the cross-document step (departments, batch slices, documents to file) on up to a given
/// number of threads: each thread takes the next piece as it finishes one, so pieces of unequal size balance.
/// </summary>
internal static class ParallelWork
{
    /// <summary>
    /// Calls <paramref name="body"/> once for each of 0 … <paramref name="count"/> − 1, on up to <paramref name="workers"/>
    /// threads, the calling thread one of them (one worker: in order, on the calling thread). After a piece throws no
    /// other is started; the first exception is thrown again as it was (not in an <see cref="AggregateException"/>), so a
    /// cancelled run is still an <see cref="OperationCanceledException"/>. Returns the bytes the other threads allocated
    /// in <paramref name="body"/>: with what the calling thread counts itself, a step's allocation for guards.
    /// </summary>
    public static long For(int count, int workers, CancellationToken cancel, Action<int> body)
    {
        if (count <= 0) return 0;
        workers = Math.Clamp(workers, 1, count);
        var next = -1;
        ExceptionDispatchInfo? failure = null;
        long others = 0;
        void Work(bool calling)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                for (int k; Volatile.Read(ref failure) is null && (k = Interlocked.Increment(ref next)) < count;)
                {
                    cancel.ThrowIfCancellationRequested();
                    body(k);
                }
            }
            catch (Exception e) { Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null); }
            if (!calling) Interlocked.Add(ref others, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        if (workers == 1) Work(calling: true);
        else
        {
            var tasks = new Task[workers - 1];
            for (var w = 0; w < tasks.Length; w++) tasks[w] = Task.Run(() => Work(calling: false));
            Work(calling: true);
            Task.WaitAll(tasks);
        }
        failure?.Throw();
        return others;
    }
}
