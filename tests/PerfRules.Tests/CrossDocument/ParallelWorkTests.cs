using System.Collections.Concurrent;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// The cross-document step's pieces (departments, batch slices, documents to file) run on several threads through
/// <see cref="ParallelWork.For"/>: each piece exactly once, one worker keeping the serial order on the calling thread,
/// and a failure coming out as the exception thrown (a cancelled run stays an OperationCanceledException).
/// </summary>
public class ParallelWorkTests
{
    [Test]
    public void Each_piece_runs_once_whatever_the_workers([Values(1, 2, 4)] int workers)
    {
        var seen = new ConcurrentBag<int>();
        ParallelWork.For(500, workers, CancellationToken.None, seen.Add);
        seen.Order().ShouldBe(Enumerable.Range(0, 500));
    }

    [Test]
    public void One_worker_runs_the_pieces_in_order_on_the_calling_thread()
    {
        var order = new List<(int Piece, int Thread)>();
        var others = ParallelWork.For(50, 1, CancellationToken.None, k => order.Add((k, Environment.CurrentManagedThreadId)));
        order.Select(o => o.Piece).ShouldBe(Enumerable.Range(0, 50));
        order.ShouldAllBe(o => o.Thread == Environment.CurrentManagedThreadId);
        others.ShouldBe(0);
    }

    [Test]
    public void A_failure_is_thrown_as_it_was_and_stops_the_pieces_not_started([Values(1, 2)] int workers)
    {
        var started = 0;
        var e = Should.Throw<InvalidOperationException>(() => ParallelWork.For(10_000, workers, CancellationToken.None, k =>
        {
            Interlocked.Increment(ref started);
            if (k == 3) throw new InvalidOperationException("piece 3");
        }));
        e.Message.ShouldBe("piece 3");
        started.ShouldBeLessThan(10_000);
    }

    [Test]
    public void A_cancelled_run_is_an_OperationCanceledException([Values(1, 2)] int workers)
    {
        using var cancel = new CancellationTokenSource();
        Should.Throw<OperationCanceledException>(() => ParallelWork.For(10_000, workers, cancel.Token, k =>
        {
            if (k == 5) cancel.Cancel();
        }));
    }

    [Test]
    public void What_the_other_threads_allocate_is_counted()
    {
        // Each piece allocates 64 KB on whichever thread runs it; the calling thread counts its own share itself.
        var caller = Environment.CurrentManagedThreadId;
        var elsewhere = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var others = ParallelWork.For(200, 2, CancellationToken.None, _ =>
        {
            GC.KeepAlive(new byte[64 * 1024]);
            if (Environment.CurrentManagedThreadId != caller) Interlocked.Increment(ref elsewhere);
        });
        var mine = GC.GetAllocatedBytesForCurrentThread() - before;
        others.ShouldBeGreaterThanOrEqualTo(elsewhere * 64L * 1024);
        (mine + others).ShouldBeGreaterThanOrEqualTo(200 * 64L * 1024);
        (mine + others).ShouldBeLessThan(200 * 66L * 1024);
    }
}
