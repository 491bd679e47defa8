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
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        long known = fs.CanSeek ? fs.Length : -1;
        if (max > 0 && known > max) return (null, known);
        var limit = max > 0 ? max : long.MaxValue;
        using var ms = new MemoryStream(known > 0 ? (int)Math.Min(known, int.MaxValue - 64) : 4096);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - total + 1))) > 0)
        {
            total += n;
            if (total > limit) return (null, total);
            ms.Write(buffer, 0, n);
        }
        return (ms.ToArray(), total);
    }
}
