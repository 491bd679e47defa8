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
        // A handle, no FileStream: a batch reads thousands of small files, and the stream's buffer, its
        // read-ahead advice and a copy through a MemoryStream were most of what reading one allocated.
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var known = RandomAccess.GetLength(handle);
        if (max > 0 && known > max) return (null, known);
        var limit = max > 0 ? max : long.MaxValue;
        // The size it has now, read straight into the array returned; a file that grows, or reports no length
        // (/dev/zero, /proc), is read on in doubling steps up to one byte past the limit.
        var most = Math.Min(limit, Array.MaxLength - 1) + 1;
        var bytes = new byte[(int)Math.Min(known > 0 ? known : 4096, most)];
        long total = 0;
        Span<byte> probe = stackalloc byte[1];
        while (true)
        {
            if (total == bytes.Length)
            {
                if (total > limit) return (null, total);
                // At the end of a file of known length one byte tells whether there is more, without a larger array.
                if (total == known && RandomAccess.Read(handle, probe, total) == 0) return (bytes, total);
                var grown = new byte[(int)Math.Min((long)bytes.Length * 2, most)];
                if (grown.Length <= bytes.Length) return (null, total + 1); // past what an array can hold: over any limit
                bytes.AsSpan().CopyTo(grown);
                if (total == known) grown[total++] = probe[0];
                bytes = grown;
                continue;
            }
            var n = RandomAccess.Read(handle, bytes.AsSpan((int)total), total);
            if (n <= 0) break;
            total += n;
            if (total > limit) return (null, total);
        }
        return (total == bytes.Length ? bytes : bytes.AsSpan(0, (int)total).ToArray(), total);
    }
}
