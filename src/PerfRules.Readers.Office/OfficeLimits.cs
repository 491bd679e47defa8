using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office;

/// <summary>
/// The budgets of a zip-based Office file, scaled from the file-size limit: a .xlsx of 20 KB may
/// inflate to gigabytes (a zip bomb), so what is inflated is bounded, as are the shared-strings table
/// and the grid (<see cref="GridLimits"/>). Each ends as a PR006 finding, never an out-of-memory.
/// </summary>
internal sealed record OfficeLimits
{
    /// <summary>Bytes inflated from the zip at most, all parts together (10 × the file-size limit, 200 MB by default: XML compresses 5–10 times).</summary>
    public long MaxInflatedBytes { get; init; } = 10 * ReadOptions.DefaultMaxFileSize;
    /// <summary>Entries in the zip at most (a workbook has tens).</summary>
    public int MaxEntries { get; init; } = 10_000;
    /// <summary>Shared strings at most (a department's workbook has hundreds to thousands).</summary>
    public int MaxSharedStrings { get; init; } = 500_000;
    /// <summary>
    /// Cells with text read at most, all sheets together: one per 20 bytes of the file-size limit
    /// (1,048,576 under 20 MB; a department's table has thousands). Each is kept until its sheet's
    /// text is built, so this bounds memory (about 50 MB) and time (about a second) where the
    /// character budget alone let five million one-character cells through (480 MB, 8 s, from a 1.7 MB file).
    /// </summary>
    public int MaxCells { get; init; } = (int)(ReadOptions.DefaultMaxFileSize / 20);
    public GridLimits Grid { get; init; } = GridLimits.Default;

    public static OfficeLimits For(ReadOptions options) => new()
    {
        MaxInflatedBytes = options.MaxFileSize > 0 ? 10 * options.MaxFileSize : long.MaxValue,
        MaxCells = options.MaxFileSize > 0 ? (int)Math.Clamp(options.MaxFileSize / 20, 10_000, int.MaxValue) : int.MaxValue,
        Grid = GridLimits.For(options),
    };

    public static string Mb(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MB" : $"{bytes} 字节";
}

/// <summary>The cells with text read so far from one workbook, against <see cref="OfficeLimits.MaxCells"/>.</summary>
internal sealed class CellBudget(int max)
{
    public int Max => max;
    public int Used { get; private set; }

    /// <summary>Counts one cell; false once past the budget.</summary>
    public bool Take() => ++Used <= max;
}

/// <summary>A limit was reached while inflating or reading a part; becomes a PR006.</summary>
internal sealed class OfficeLimitException(string message) : Exception(message)
{
    public Diagnostic ToDiagnostic() => new("PR006", Message, null);
}

/// <summary>
/// Counts what is read from the inflated parts against one budget for the whole file, so no part,
/// whatever its headers claim, can make the reader inflate more than the budget.
/// </summary>
internal sealed class InflateBudget(long max)
{
    private long _used;

    public long Used => _used;

    public Stream Wrap(Stream inner) => new Counting(inner, this);

    private void Take(int n)
    {
        _used += n;
        if (_used > max) throw new OfficeLimitException($"文件解压后超过上限 {OfficeLimits.Mb(max)}（可能是压缩炸弹），未读取");
    }

    private sealed class Counting(Stream inner, InflateBudget budget) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            budget.Take(n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            budget.Take(n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
