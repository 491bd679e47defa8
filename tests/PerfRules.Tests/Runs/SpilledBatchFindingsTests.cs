using System.Collections.Concurrent;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Runs;

/// <summary>
/// The batch findings' store written out outside its lock (one full buffer at a time while the next one fills): findings
/// put from several threads at once read back the same, whether from the buffer, the part being written or a written part.
/// </summary>
public class SpilledBatchFindingsTests
{
    private static Finding F(int thread, int k) => new()
    {
        RuleId = "PR109", Severity = Severity.Warning, Title = "t", File = $"{thread}.txt", Path = $"甲局 › {k}",
        // Sizes that fill a 64 KB buffer every few dozen findings, and now and then one larger than the buffer.
        Message = new string((char)('甲' + thread), k % 97 == 0 ? 40_000 : 100 + k % 700),
        Span = new SourceSpan(k + 1, 1, k + 1, 2), Evidence = new[] { new Evidence("n", k.ToString()) },
        Fingerprint = $"{thread:x8}{k:x8}",
    };

    [Test]
    public void Findings_put_from_several_threads_read_back_the_same_while_others_are_written()
    {
        using var spill = new ResultSpill();
        var store = new SpilledBatchFindings(spill);
        var put = new ConcurrentBag<(Finding Finding, long At, int Length)>();
        var misread = 0;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var mine = new List<(Finding, long, int)>();
            for (var k = 0; k < 1_500; k++)
            {
                var f = F(t, k);
                var (at, length) = store.Put(f);
                mine.Add((f, at, length));
                put.Add((f, at, length));
                // Read back one of this thread's earlier findings meanwhile (buffer, part being written, or written part).
                var (old, oldAt, oldLength) = mine[k / 2];
                if (!store.Get(oldAt, oldLength).Equals(old)) Interlocked.Increment(ref misread);
                spill.ForgetReadBack();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        misread.ShouldBe(0);
        put.Count.ShouldBe(6_000);
        // Handles never overlap: each finding its own bytes.
        var sorted = put.OrderBy(p => p.At).ToList();
        for (var k = 1; k < sorted.Count; k++) sorted[k].At.ShouldBe(sorted[k - 1].At + sorted[k - 1].Length);
        foreach (var (f, at, length) in put) store.Get(at, length).ShouldBe(f);
        // Once nothing is being written, a finding in a written part is filed as read.
        store.FiledAsRead(sorted[0].Finding, sorted[0].At, sorted[0].Length).ShouldBeTrue();
    }

    [Test]
    public void A_full_buffer_waits_for_a_slow_write_out_instead_of_growing()
    {
        using var spill = new ResultSpill();
        // Each write out takes a while (a writer descheduled under load): main's store let the next buffer double meanwhile,
        // to 2 MB in a long run.
        var store = new SpilledBatchFindings(spill) { WritingOut = () => Thread.Sleep(20) };
        var put = new List<(Finding Finding, long At, int Length)>();
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (var k = 0; k < 1_000; k++)
            {
                var f = F(t, k % 97 == 0 ? k + 1 : k); // about 1 KB each, none larger than a buffer
                var (at, length) = store.Put(f);
                lock (put) put.Add((f, at, length));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        store.LargestBuffer.ShouldBeLessThanOrEqualTo(128 * 1024);
        foreach (var (f, at, length) in put) store.Get(at, length).ShouldBe(f);
    }

    [Test]
    public void Puts_waiting_for_a_write_out_that_fails_go_on()
    {
        using var spill = new ResultSpill();
        var store = new SpilledBatchFindings(spill) { WritingOut = () => { Thread.Sleep(20); throw new IOException("磁盘已满"); } };
        var failed = 0;
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            try
            {
                for (var k = 1; k < 1_000; k++) store.Put(F(t, k % 97 == 0 ? k + 1 : k));
            }
            catch (IOException) { Interlocked.Increment(ref failed); }
        })).ToList();
        threads.ForEach(t => t.Start());
        // A deadlock guard, not a time limit: both end (the one whose write failed with its error, the other unblocked).
        threads.ForEach(t => t.Join(TimeSpan.FromSeconds(60)).ShouldBeTrue());
        failed.ShouldBe(1);
    }
}
