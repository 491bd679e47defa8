using PerfRules.Rules;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Runs;

/// <summary>
/// A batch run's batch findings in its <see cref="ResultSpill"/>, written as the groups fire: copies of one
/// table give every object a finding (about 108,000 at 10,000 copies of the seeds), which held until filed
/// took about 440 MB. Encoded (<see cref="ResultCodec.WriteFinding"/>) into a 64 KB buffer written out
/// when full; a handle is a position in the sequence of everything put, so a finding is read back from
/// the buffer or from its written part.
/// </summary>
internal sealed class SpilledBatchFindings(ResultSpill spill) : IBatchFindingStore
{
    private const int Chunk = 64 * 1024;
    private readonly object _gate = new();
    // Both buffers made at their working size (one that fills while the other is written may grow past it): growing two
    // from 4 KB cost as much again as the one buffer had.
    private SpillWriter _buffer = new(2 * Chunk);
    // A full buffer being written out, outside the lock (the slices evaluated at once no longer wait for each other's
    // pwrite: 64 KB copied into the page cache), where it starts in the sequence, and the buffer it leaves for reuse.
    // At most one at a time: written parts stay in order; while one is written the current buffer goes on filling up to
    // its working size, then waits for it.
    private SpillWriter? _writing;
    private long _writingStart;
    private SpillWriter? _spare;
    // A write out failed: the buffer then grows instead of waiting for it (the run ends with the spill's error).
    private bool _failed;
    // Written parts: where each starts in the sequence and in the spill (arrays of our own: a List of a tuple of
    // longs and its BinarySearch are generic code over value types that ReadyToRun cannot hold, JIT-compiled every run).
    private long[] _starts = new long[16];
    private long[] _offsets = new long[16];
    private int _parts;
    private long _bufferStart;

    // Each thread's finding as encoded, before it is copied into the buffer.
    [ThreadStatic] private static SpillWriter? _encoded;

    /// <summary>Tests: called before each full buffer is written out (a write out that takes long, as under load).</summary>
    internal Action? WritingOut { get; set; }

    /// <summary>The largest of the buffers' capacities (tests: they stay at their working size).</summary>
    internal int LargestBuffer
    {
        get
        {
            lock (_gate) return Math.Max(_buffer.Capacity, Math.Max(_writing?.Capacity ?? 0, _spare?.Capacity ?? 0));
        }
    }

    public (long At, int Length) Put(Finding finding)
    {
        // Encoded on the calling thread, copied in under the lock: the slices evaluated at once do not wait for each
        // other's encoding (about 2 KB a PR109 finding), only for the copy. Each finding a record of its own: it is read back alone.
        var w = _encoded ??= new SpillWriter();
        w.Clear();
        ResultCodec.WriteFinding(w, finding);
        (long At, int Length) at;
        SpillWriter? full = null;
        long fullStart = 0;
        lock (_gate)
        {
            // A full buffer waits for the one being written out rather than grow: a writer descheduled under load let both
            // buffers double to 2 MB on the large-object heap in long runs (their garbage too), which 10,000 copies' peak carried.
            while (_buffer.Length >= Chunk && _writing is not null && !_failed) Monitor.Wait(_gate);
            at = (_bufferStart + _buffer.Length, w.Length);
            _buffer.Write(w.Bytes);
            if (_buffer.Length >= Chunk && _writing is null)
            {
                full = _writing = _buffer;
                fullStart = _writingStart = _bufferStart;
                _buffer = _spare ?? new SpillWriter(2 * Chunk);
                _spare = null;
                _bufferStart += full.Length;
            }
        }
        if (full is not null) WriteOut(full, fullStart);
        if (w.Capacity > Chunk) _encoded = null; // a huge finding's buffer is not kept
        return at;
    }

    public Finding Get(long at, int length) => Get(at, length, whole: true);

    // A finding in a written part is filed as a reference to it (SpilledDocuments.Append): only what filing reads is decoded.
    public Finding GetToFile(long at, int length) => Get(at, length, whole: false);

    // Filed as read without reading it: the document it is filed under refers to it where it is written (as GetToFile's).
    public bool FiledAsRead(Finding filed, long at, int length)
    {
        long from;
        lock (_gate)
        {
            if (at >= _bufferStart || (_writing is not null && at >= _writingStart)) return false;
            from = WrittenAt(at);
        }
        spill.ReadBack(filed, from, length);
        return true;
    }

    // Where a handle before the buffer is in the spill (under the lock).
    private long WrittenAt(long at)
    {
        // The last part that starts at or before the handle (parts start in increasing order).
        int lo = 0, hi = _parts - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_starts[mid] <= at) lo = mid;
            else hi = mid - 1;
        }
        return _offsets[lo] + (at - _starts[lo]);
    }

    private static long[] Grown(long[] a)
    {
        var b = new long[a.Length * 2];
        Array.Copy(a, b, a.Length);
        return b;
    }

    private Finding Get(long at, int length, bool whole)
    {
        byte[]? bytes = null;
        long from = 0;
        lock (_gate)
        {
            if (at >= _bufferStart) bytes = _buffer.Bytes.Slice((int)(at - _bufferStart), length).ToArray();
            else if (_writing is not null && at >= _writingStart) bytes = _writing.Bytes.Slice((int)(at - _writingStart), length).ToArray();
            else from = WrittenAt(at);
        }
        if (bytes is not null) return ResultCodec.ReadFinding(bytes);
        // Written parts do not move: read outside the lock (documents are filed on several threads). The document
        // it is filed under refers to it there (SpilledDocuments.Append), not writing it again.
        // Decoded from a pooled buffer: the finding's strings are its own (an array per finding was about 2 KB, 38 MB at 2,000 seed copies).
        var finding = whole ? spill.Read(from, length, ResultCodec.ReadFinding) : spill.Read(from, length, ResultCodec.ReadFiled);
        spill.ReadBack(finding, from, length);
        return finding;
    }

    // Outside the lock; the buffer is read meanwhile (Get) but not written. If the write fails, its findings stay readable
    // from it and no other buffer is written out (the run ends with the spill's error).
    private void WriteOut(SpillWriter full, long start)
    {
        long offset;
        try
        {
            WritingOut?.Invoke();
            (offset, _) = spill.Write(full.Bytes);
        }
        catch
        {
            lock (_gate)
            {
                _failed = true;
                Monitor.PulseAll(_gate);
            }
            throw;
        }
        lock (_gate)
        {
            if (_parts == _starts.Length)
            {
                _starts = Grown(_starts);
                _offsets = Grown(_offsets);
            }
            (_starts[_parts], _offsets[_parts]) = (start, offset);
            _parts++;
            _writing = null;
            full.Clear();
            _spare = full;
            Monitor.PulseAll(_gate);
        }
    }
}
