using System.Runtime.InteropServices;

namespace PerfRules.Files;

/// <summary>
/// A file being written that the kernel starts putting on disk as it grows (Linux sync_file_range, a
/// step at a time), so that the flush to disk before <see cref="AtomicFile"/>'s rename waits only for the
/// last step: a 170 MB report left all of it dirty in memory, and the flush at the end took half a second.
/// Elsewhere, or if libc lacks the call, it only passes the bytes on.
/// </summary>
internal sealed class EarlyWriteback(FileStream file) : Stream
{
    /// <summary>Bytes between two write-back requests.</summary>
    internal const int Step = 8 << 20;

    private const uint SyncFileRangeWrite = 2;

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(nint fd, long offset, long count, uint flags);

    private static bool _unavailable = !OperatingSystem.IsLinux();
    // Where the last request ended: everything before it has been asked for (bytes rewritten later, as a zip's
    // headers are, are dirty again and go with the flush to disk at the end).
    private long _requested;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(buffer);
        if (file.Position - _requested >= Step) Request();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value)
    {
        file.WriteByte(value);
        if (file.Position - _requested >= Step) Request();
    }

    /// <summary>Asks the kernel to start writing what was handed on since the last request (it does not wait for it).</summary>
    private void Request()
    {
        var end = file.Position;
        if (!_unavailable)
        {
            file.Flush(); // the stream's own buffer to the kernel first
            try
            {
                // A failure (a file system without it) changes nothing: the flush to disk at the end still does it all.
                SyncFileRange(file.SafeFileHandle.DangerousGetHandle(), _requested, end - _requested, SyncFileRangeWrite);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _unavailable = true;
            }
        }
        _requested = end;
    }

    // Everything else is the file's own (a zip writer seeks back to its headers: the same bytes as without this stream).
    public override void Flush() => file.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => file.CanSeek;
    public override bool CanWrite => true;
    public override long Length => file.Length;
    public override long Position { get => file.Position; set => file.Position = value; }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);
    public override void SetLength(long value) => file.SetLength(value);
}
