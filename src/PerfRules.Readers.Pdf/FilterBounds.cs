using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// How much a PDF filter will write, found before PdfPig's own filter runs: PdfPig 0.1.16 decodes
/// into memory without a limit, and a few bytes of LZW, run-length or CCITT parameters can ask for
/// gigabytes (LZW writes up to ~4 KB per 12-bit code and its table is never cleared; run-length 128
/// bytes per 2; CCITT allocates rows × columns up front). Each bound is exact or an upper bound,
/// and costs one pass over the input, nothing more.
/// </summary>
internal static class FilterBounds
{
    /// <summary>Bytes run-length decoding writes, read as PdfPig's RunLengthFilter reads (128 ends the data).</summary>
    public static long RunLength(ReadOnlySpan<byte> input)
    {
        long length = 0;
        for (int i = 0; i < input.Length;)
        {
            int run = input[i];
            if (run == 128) break;
            if (run <= 127) { length += run + 1; i += run + 2; }
            else { length += 257 - run; i += 2; }
        }
        return length;
    }

    /// <summary>An upper bound of what ASCII85 decoding writes: 4 bytes per 'z', 4 per 5 other characters.</summary>
    public static long Ascii85(ReadOnlySpan<byte> input)
    {
        long z = 0, other = 0;
        foreach (var b in input)
        {
            if (b == 'z') z++;
            else if (b is not ((byte)' ' or (byte)'\r' or (byte)'\n')) other++;
        }
        return 4 * z + (other + 4) / 5 * 4;
    }

    /// <summary>The bitmap CCITT decoding allocates, with the parameters as PdfPig's CcittFaxDecodeFilter reads them.</summary>
    public static long Ccitt(DictionaryToken stream, int filterIndex)
    {
        var parameters = DecodeParameterResolver.GetFilterParameters(stream, filterIndex);
        long columns = Int(parameters, NameToken.Columns) ?? 1728;
        long rows = Int(parameters, NameToken.Rows) ?? 0;
        long height = Int(stream, NameToken.Height) ?? Int(stream, NameToken.H) ?? 0;
        rows = rows > 0 && height > 0 ? height : Math.Max(rows, height);
        return Math.Max(0, (columns + 7) / 8) * Math.Max(0, rows);
    }

    private static long? Int(DictionaryToken d, NameToken key) => d.TryGet(key, out NumericToken n) ? n.Long : null;

    /// <summary>
    /// LZW decoded as PdfPig's LzwFilter decodes it (the same bytes, and the same exceptions for
    /// damaged data), but stopping past <paramref name="max"/> bytes and keeping a table of at most
    /// 4096 entries (codes are 12 bits at most, so PdfPig's entries beyond those are never used).
    /// Writes to <paramref name="into"/> when given; returns the length.
    /// </summary>
    public static long Lzw(ReadOnlySpan<byte> input, bool earlyChange, long max, Stream? into, Action overLimit)
    {
        const int Clear = 256, End = 257, Size = 4096;
        var prefix = new int[Size];
        var last = new byte[Size];
        var first = new byte[Size];
        var length = new int[Size];
        for (int i = 0; i < 256; i++) { prefix[i] = -1; last[i] = first[i] = (byte)i; length[i] = 1; }
        var scratch = new byte[Size];
        int count = 258, bits = 9, offset = earlyChange ? 0 : 1, previous = -1;
        long total = 0;
        int byteIndex = 0, bitOffset = 0;

        while (true)
        {
            int code = Read(input, bits, ref byteIndex, ref bitOffset);
            if (code == End) break;
            if (code == Clear)
            {
                count = 258; bits = 9; previous = -1;
                continue;
            }
            // PdfPig files an entry under the next free code, not under the code it read: after a code
            // beyond the table, the previous code names no entry and its next use fails.
            if (previous >= count) throw new KeyNotFoundException("LZW code beyond the table");
            int written;
            if (code < count && code < Size)
            {
                written = Write(code, -1);
                if (previous >= 0) Add(previous, first[code]);
            }
            else
            {
                // Not in the table yet: the previous entry and its first byte (PdfPig fails the same way without one).
                if (previous < 0) throw new KeyNotFoundException("LZW code before any entry");
                written = Write(previous, first[previous]);
                Add(previous, first[previous]);
            }
            total += written;
            if (total > max) overLimit();
            previous = code;
            bits = count >= 2047 + offset ? 12 : count >= 1023 + offset ? 11 : count >= 511 + offset ? 10 : 9;
        }
        return total;

        int Write(int code, int extra)
        {
            int n = length[code];
            for (int at = code, k = n - 1; k >= 0; at = prefix[at], k--) scratch[k] = last[at];
            if (extra >= 0) scratch[n++] = (byte)extra;
            into?.Write(scratch, 0, n);
            return n;
        }

        void Add(int of, byte next)
        {
            // PdfPig keeps adding past 4096 entries; none of them can be named by a 12-bit code.
            // An entry is at most one byte longer than an earlier one, so shorter than 4096.
            if (count < Size)
            {
                prefix[count] = of;
                last[count] = next;
                first[count] = first[of];
                length[count] = length[of] + 1;
            }
            count++;
        }
    }

    /// <summary>The next code, most significant bit first, as PdfPig's BitStream reads it (it throws at the end).</summary>
    private static int Read(ReadOnlySpan<byte> data, int bits, ref int byteIndex, ref int bitOffset)
    {
        int end = (bits + bitOffset) % 8;
        int bytes = (bits + bitOffset) / 8 + (end != 0 ? 1 : 0);
        int result = 0;
        for (int i = 0; i < bytes; i++)
        {
            if (i > 0) byteIndex++;
            if (byteIndex >= data.Length) throw new InvalidOperationException("Reached the end of the LZW data.");
            result = (result << 8) | data[byteIndex];
        }
        if (end > 0) result >>= 8 - end;
        else byteIndex++;
        result &= (int)(0xffffffff >> (32 - bits));
        bitOffset = end;
        return result;
    }
}
