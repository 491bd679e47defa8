using PerfRules.Readers.Pdf;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// The reader decodes LZW itself, within a limit (<see cref="FilterBounds.Lzw"/>): the bytes must be
/// PdfPig's for every input, and damaged input must fail as PdfPig's does. The other bounds must be
/// what PdfPig's filters then write.
/// </summary>
public class FilterBoundsTests
{
    private static DictionaryToken Dictionary(bool earlyChange) => new(new Dictionary<NameToken, IToken>
    {
        [NameToken.Filter] = NameToken.Create("LZWDecode"),
        [NameToken.DecodeParms] = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.EarlyChange] = new NumericToken(earlyChange ? 1 : 0) }),
    });

    private static (byte[]? Bytes, Type? Failure) Ours(byte[] data, bool earlyChange)
    {
        try
        {
            using var output = new MemoryStream();
            FilterBounds.Lzw(data, earlyChange, long.MaxValue, output, () => throw new InvalidOperationException("limit"));
            return (output.ToArray(), null);
        }
        catch (Exception e) { return (null, e.GetType()); }
    }

    private static (byte[]? Bytes, Type? Failure) PdfPigs(byte[] data, bool earlyChange)
    {
        try { return (new LzwFilter().Decode(data, Dictionary(earlyChange), DefaultFilterProvider.Instance, 0).ToArray(), null); }
        catch (Exception e) { return (null, e.GetType()); }
    }

    [Test]
    public void Lzw_gives_pdfpigs_bytes_for_encoded_data_and_its_failures_for_garbage([Values] bool earlyChange)
    {
        var rng = new Random(13);
        int decoded = 0, failed = 0;
        for (int i = 0; i < 200; i++)
        {
            // Few distinct bytes make long table entries and many table clears.
            var plain = new byte[rng.Next(0, i % 20 == 0 ? 40_000 : 3000)];
            int alphabet = rng.Next(1, 256);
            for (int k = 0; k < plain.Length; k++) plain[k] = (byte)rng.Next(alphabet);
            var encoded = LzwEncoder.Encode(plain, earlyChange);
            var ours = Ours(encoded, earlyChange);
            ours.Failure.ShouldBeNull();
            ours.Bytes.ShouldBe(plain);
            PdfPigs(encoded, earlyChange).Bytes.ShouldBe(plain);
            decoded++;

            // The same data damaged, or bytes that were never LZW: the same bytes or the same failure.
            var garbage = i % 2 == 0 ? encoded.ToArray() : new byte[rng.Next(1, 2000)];
            if (i % 2 == 0) for (int k = rng.Next(1, 5); k > 0 && garbage.Length > 0; k--) garbage[rng.Next(garbage.Length)] ^= (byte)(1 << rng.Next(8));
            else rng.NextBytes(garbage);
            var (bytes, failure) = Ours(garbage, earlyChange);
            var pig = PdfPigs(garbage, earlyChange);
            failure.ShouldBe(pig.Failure);
            bytes.ShouldBe(pig.Bytes);
            if (failure is not null) failed++;
        }
        decoded.ShouldBe(200);
        failed.ShouldBeGreaterThan(10);
    }

    [Test]
    public void Lzw_stops_past_the_limit()
    {
        var plain = new byte[1 << 20];
        var encoded = LzwEncoder.Encode(plain, earlyChange: true);
        Should.Throw<InvalidOperationException>(() => FilterBounds.Lzw(encoded, true, 4096, null, () => throw new InvalidOperationException("limit")))
            .Message.ShouldBe("limit");
        FilterBounds.Lzw(encoded, true, long.MaxValue, null, () => { }).ShouldBe(plain.Length);
    }

    [Test]
    public void Run_length_and_ascii85_bounds_are_what_pdfpig_writes()
    {
        var rng = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            // Run-length: runs and literals, ended by 128.
            var data = new List<byte>();
            for (int k = rng.Next(0, 50); k > 0; k--)
            {
                if (rng.Next(2) == 0) { data.Add((byte)rng.Next(129, 256)); data.Add((byte)rng.Next(256)); }
                else { int n = rng.Next(0, 128); data.Add((byte)n); for (int j = 0; j <= n; j++) data.Add((byte)rng.Next(256)); }
            }
            data.Add(128);
            var runLength = data.ToArray();
            FilterBounds.RunLength(runLength).ShouldBe(new RunLengthFilter().Decode(runLength, new DictionaryToken(new Dictionary<NameToken, IToken>()), DefaultFilterProvider.Instance, 0).Length);

            // ASCII85: an upper bound (a last group counted whole, and the ~> end), within 8 bytes.
            var plain = new byte[rng.Next(0, 400)];
            for (int k = 0; k < plain.Length; k++) plain[k] = rng.Next(3) == 0 ? (byte)0 : (byte)rng.Next(256);
            var a85 = Ascii85(plain);
            long written = new Ascii85Filter().Decode(a85, new DictionaryToken(new Dictionary<NameToken, IToken>()), DefaultFilterProvider.Instance, 0).Length;
            written.ShouldBe(plain.Length);
            FilterBounds.Ascii85(a85).ShouldBeInRange(written, written + 8);
        }
    }

    private static byte[] Ascii85(byte[] data)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < data.Length; i += 4)
        {
            int n = Math.Min(4, data.Length - i);
            uint v = 0;
            for (int k = 0; k < 4; k++) v = (v << 8) | (k < n ? data[i + k] : 0u);
            if (v == 0 && n == 4) { sb.Append('z'); continue; }
            var chars = new char[5];
            for (int k = 4; k >= 0; k--) { chars[k] = (char)('!' + v % 85); v /= 85; }
            sb.Append(chars, 0, n + 1);
        }
        return System.Text.Encoding.ASCII.GetBytes(sb.Append("~>").ToString());
    }
}

/// <summary>A plain LZW encoder (9–12-bit codes, a clear code when the table is full, EOD) for the tests.</summary>
internal static class LzwEncoder
{
    public static byte[] Encode(byte[] data, bool earlyChange)
    {
        int offset = earlyChange ? 0 : 1;
        var bits = new List<bool>();
        var table = new Dictionary<(int, byte), int>();
        int next = 258, sinceClear = 0;
        // The width the decoder reads the next code with: from its table size, which trails ours by one code.
        int Width()
        {
            int count = 258 + Math.Max(0, sinceClear - 1);
            return count >= 2047 + offset ? 12 : count >= 1023 + offset ? 11 : count >= 511 + offset ? 10 : 9;
        }
        void Emit(int code)
        {
            int w = Width();
            for (int b = w - 1; b >= 0; b--) bits.Add(((code >> b) & 1) != 0);
            sinceClear++;
        }
        void Clear()
        {
            Emit(256);
            table.Clear();
            next = 258;
            sinceClear = 0;
        }

        Clear();
        int w = -1;
        foreach (var b in data)
        {
            if (w < 0) { w = b; continue; }
            if (table.TryGetValue((w, b), out var code)) { w = code; continue; }
            Emit(w);
            table[(w, b)] = next++;
            w = b;
            if (next >= 4093)
            {
                // The table is full: the pending byte, then start afresh.
                Emit(w);
                Clear();
                w = -1;
            }
        }
        if (w >= 0) Emit(w);
        Emit(257);
        var bytes = new byte[(bits.Count + 7) / 8];
        for (int i = 0; i < bits.Count; i++) if (bits[i]) bytes[i / 8] |= (byte)(0x80 >> (i % 8));
        return bytes;
    }
}
