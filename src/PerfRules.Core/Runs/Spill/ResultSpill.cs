using Microsoft.Win32.SafeHandles;
using PerfRules.Files;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// Where a batch run puts each document's findings, snippets and compact model once its own rules
/// have run: an unlinked temporary file, so memory does not grow with the number of documents.
/// Records (<see cref="ResultCodec"/>, <see cref="SubmissionCodec"/>, texts) are read back on demand
/// by <see cref="SpilledDocuments"/>.
/// </summary>
internal sealed class ResultSpill : IDisposable
{
    // A bare handle, not a FileStream: every pread/pwrite goes straight to it (a FileStream's handle getter
    // seeks the file first, an lseek for each of the tens of thousands of records written and read back).
    private readonly SafeFileHandle _file;
    private readonly object _gate = new();
    private long _end;
    // Findings read back from the spill as they were stored there (batch findings, read back to be filed under their
    // document), by identity, per thread: a document's are read and filed on one thread, and each thread's are
    // forgotten when it files a document (ForgetReadBack) and when there are more than a cap, so none is held past
    // its filing. (A ConditionalWeakTable instead took 3-4 MB more at 10,000 seed copies: a GC handle per finding.)
    private readonly ThreadLocal<ReadBackTable> _readBack = new(() => new());
    internal const int MaxReadBack = 4096;

    /// <summary>
    /// Where each finding read back on a thread came from: a number per finding and the places in arrays (a dictionary
    /// of tuples is generic code over a value type that the runtime JIT-compiles in every run; one of ints is precompiled).
    /// </summary>
    private sealed class ReadBackTable
    {
        private readonly Dictionary<Finding, int> _numbers = new(ReferenceEqualityComparer.Instance);
        private long[] _offsets = new long[64];
        private int[] _lengths = new int[64];

        public int Count => _numbers.Count;

        public void Set(Finding finding, long offset, int length)
        {
            if (!_numbers.TryGetValue(finding, out var n))
            {
                n = _numbers.Count;
                if (n == _offsets.Length)
                {
                    Array.Resize(ref _offsets, n * 2);
                    Array.Resize(ref _lengths, n * 2);
                }
                _numbers.Add(finding, n);
            }
            _offsets[n] = offset;
            _lengths[n] = length;
        }

        public (long Offset, int Length)? Get(Finding finding) => _numbers.TryGetValue(finding, out var n) ? (_offsets[n], _lengths[n]) : null;

        public void Clear() => _numbers.Clear();
    }

    public ResultSpill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"perfrules-{Environment.ProcessId}-{Guid.NewGuid():N}.spill");
        if (OperatingSystem.IsWindows())
            _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        else
        {
            _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            File.Delete(path); // the open handle keeps the data; nothing is left behind whatever happens to the process
        }
    }

    public (long Offset, int Length) Write(byte[] record) => Write(record.AsSpan());

    /// <summary>A record from a writer's own buffer (not copied first).</summary>
    public (long Offset, int Length) Write(ReadOnlySpan<byte> record)
    {
        lock (_gate)
        {
            var at = _end;
            try
            {
                RandomAccess.Write(_file, record, at);
            }
            // A full temporary folder (or EFBIG, which .NET reports as ArgumentOutOfRangeException) is the
            // machine's problem, not a bug: say where, in Chinese.
            catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
            {
                throw new IOException($"无法写入临时文件（位于 {Path.GetTempPath()}）：{AtomicFile.Reason(e)}", e);
            }
            _end += record.Length;
            return (at, record.Length);
        }
    }

    public byte[] Read(long offset, int length)
    {
        var bytes = new byte[length];
        Read(offset, bytes);
        return bytes;
    }

    /// <summary>
    /// <paramref name="read"/> over the bytes at <paramref name="offset"/>, read into a pooled buffer: what it reads out is
    /// copied, so nothing keeps the buffer (no array per record read back: thousands of findings and models a batch).
    /// </summary>
    public T Read<T>(long offset, int length, Func<ReadOnlySpan<byte>, T> read)
    {
        var record = Rent(offset, length);
        try { return read(record.AsSpan(0, length)); }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(record); }
    }

    /// <summary>The bytes at <paramref name="offset"/> in an array from the shared pool (its first <paramref name="length"/>): the caller returns it.</summary>
    public byte[] Rent(long offset, int length)
    {
        var record = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try { Read(offset, record.AsSpan(0, length)); }
        catch
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(record);
            throw;
        }
        return record;
    }

    /// <summary>The bytes at <paramref name="offset"/> into <paramref name="into"/> (all of it): a reader that reuses its buffer.</summary>
    public void Read(long offset, Span<byte> into)
    {
        var done = 0;
        while (done < into.Length)
        {
            var n = RandomAccess.Read(_file, into[done..], offset + done);
            if (n <= 0) throw new IOException("临时文件被截断");
            done += n;
        }
    }

    /// <summary>Records that <paramref name="finding"/> was read back on this thread from the bytes at <paramref name="offset"/> (<see cref="StoredAt"/>).</summary>
    public void ReadBack(Finding finding, long offset, int length)
    {
        var read = _readBack.Value!;
        if (read.Count >= MaxReadBack) read.Clear();
        read.Set(finding, offset, length);
    }

    /// <summary>
    /// Where <paramref name="finding"/> (this object, not an equal one) was read back from on this thread since it last
    /// called <see cref="ForgetReadBack"/>, as one finding (<see cref="ResultCodec.WriteFinding"/>), or null: a record
    /// that holds it can refer to it there.
    /// </summary>
    public (long Offset, int Length)? StoredAt(Finding finding) => _readBack.Value!.Get(finding);

    /// <summary>Forgets the findings this thread read back (<see cref="ReadBack"/>): once the document they are filed under is written.</summary>
    public void ForgetReadBack() => _readBack.Value!.Clear();

    public void Dispose()
    {
        _file.Dispose();
        _readBack.Dispose();
    }
}
