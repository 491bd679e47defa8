using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace PerfRules.Files;

/// <summary>Reads a whole file, but never more than a limit: the one place input files are read.</summary>
public static class BoundedFile
{
    /// <summary>
    /// The bytes of a file, or null (with the size seen) when it has more than <paramref name="max"/>
    /// (0 or less: no limit): nothing beyond the limit is read, even from a file whose length is not
    /// known in advance. A file that cannot be opened throws (IOException and friends).
    /// </summary>
    public static (byte[]? Bytes, long Size) Read(string path, long max)
    {
        var (bytes, length, size, _) = Read(path, max, pooled: false);
        return (bytes is null || length == bytes.Length ? bytes : bytes.AsSpan(0, length).ToArray(), size);
    }

    /// <summary>Files shorter than this are read into a pooled buffer by <see cref="ReadPooled"/>; larger ones into their own array.</summary>
    public const int MaxPooled = 1 << 20;

    /// <summary>
    /// <see cref="Read(string, long)"/> into a buffer that may be longer than the file (its first
    /// <c>Length</c> bytes are the file's) and, when <c>Pooled</c>, is rented from <see cref="ArrayPool{T}.Shared"/>:
    /// the caller gives it back once nothing refers to it. A batch reads thousands of files once each, and
    /// their arrays were about a tenth of what checking a document allocated.
    /// </summary>
    public static (byte[]? Buffer, int Length, long Size, bool Pooled) ReadPooled(string path, long max) => Read(path, max, pooled: true);

    private static (byte[]? Bytes, int Length, long Size, bool Pooled) Read(string path, long max, bool pooled)
    {
        // A handle, no FileStream: a batch reads thousands of small files, and the stream's buffer, its
        // read-ahead advice and a copy through a MemoryStream were most of what reading one allocated.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var known = RandomAccess.GetLength(handle);
        if (max > 0 && known > max) return (null, 0, known, false);
        var limit = max > 0 ? max : long.MaxValue;
        // The size it has now, read straight into the array returned; a file that grows, or reports no length
        // (/dev/zero, /proc), is read on in doubling steps up to one byte past the limit. A pooled buffer has
        // room past the known length, so the read that finds the end needs no probe.
        var most = Math.Min(limit, Array.MaxLength - 1) + 1;
        var rented = pooled && known > 0 && known < MaxPooled;
        var bytes = rented ? ArrayPool<byte>.Shared.Rent((int)known + 1) : new byte[(int)Math.Min(known > 0 ? known : 4096, most)];
        long total = 0;
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            if (total == bytes.Length)
            {
                if (total > limit) break;
                // At the end of a file of known length one byte tells whether there is more, without a larger array.
                if (total == known && RandomAccess.Read(handle, probe, total) == 0) return (bytes, (int)total, total, rented);
                var grown = new byte[(int)Math.Min((long)bytes.Length * 2, most)];
                if (grown.Length <= bytes.Length) { total++; break; } // past what an array can hold: over any limit
                bytes.AsSpan().CopyTo(grown);
                if (total == known) grown[total++] = probe[0];
                if (rented) ArrayPool<byte>.Shared.Return(bytes);
                rented = false;
                bytes = grown;
                continue;
            }
            var n = RandomAccess.Read(handle, bytes.AsSpan((int)total), total);
            if (n <= 0) return (bytes, (int)total, total, rented);
            total += n;
            if (total > limit) break;
        }
        // Over the limit.
        if (rented) ArrayPool<byte>.Shared.Return(bytes);
        return (null, 0, total, false);
    }
}
