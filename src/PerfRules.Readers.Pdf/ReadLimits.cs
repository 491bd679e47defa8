using System.Diagnostics;
using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace PerfRules.Readers.Pdf;

/// <summary>Thrown when reading a PDF goes past its limits (decoded bytes or time); the opener reports it.</summary>
internal sealed class PdfLimitException(string message) : Exception(message);

/// <summary>
/// What one PDF may cost to read: bytes decoded from its streams (one stream, and all together)
/// and time. PdfPig decodes streams whole and without a limit (a Flate bomb of a few MB inflates to
/// gigabytes), so every filter goes through these limits.
/// </summary>
internal sealed class ReadLimits
{
    private readonly long _maxStream;
    private readonly long _maxContent;
    private readonly long _maxTotal;
    private readonly long _deadline;
    private long _used;

    public ReadLimits(long maxStream, long maxContent, long maxTotal, TimeSpan time)
    {
        _maxStream = maxStream;
        _maxContent = Math.Min(maxContent, maxStream);
        _maxTotal = maxTotal;
        _deadline = time > TimeSpan.Zero ? Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    /// <summary>
    /// The limit of one stream: fonts, images and object containers say what they are (/Type,
    /// /Subtype, /Length1…); a stream that says nothing is a page's or glyph's content, or a map.
    /// </summary>
    public (long Bytes, string Which) LimitFor(DictionaryToken dictionary)
    {
        foreach (var key in new[] { "Type", "Subtype", "Length1", "Length2", "Length3" })
            if (dictionary.Data.ContainsKey(key)) return (_maxStream, "stream");
        return (_maxContent, "content");
    }

    public long Used => Interlocked.Read(ref _used);

    private volatile bool _expired;

    public void CheckTime()
    {
        if (_expired || Stopwatch.GetTimestamp() > _deadline) throw new PdfLimitException("time");
    }

    /// <summary>The caller gave up waiting: the next check stops the reading thread.</summary>
    public void Expire() => _expired = true;

    public void Charge(long bytes, (long Bytes, string Which) limit)
    {
        if (bytes > limit.Bytes) throw new PdfLimitException(limit.Which);
        if (Interlocked.Add(ref _used, bytes) > _maxTotal) throw new PdfLimitException("total");
    }

    /// <summary>PdfPig's filters, each decoding within these limits.</summary>
    public IFilterProvider Filters() => new Provider(this);

    private sealed class Provider(ReadLimits limits) : BaseFilterProvider(Wrap(limits));

    private static Dictionary<string, IFilter> Wrap(ReadLimits limits)
    {
        var result = new Dictionary<string, IFilter>();
        foreach (var name in Names)
        {
            var inner = DefaultFilterProvider.Instance.GetNamedFilters(new[] { NameToken.Create(name) })[0];
            result[name] = name switch
            {
                "FlateDecode" or "Fl" => new BoundedFlate(inner, limits),
                "LZWDecode" or "LZW" => new BoundedLzw(inner, limits),
                "RunLengthDecode" or "RL" => new Charged(inner, limits, (input, _, _) => FilterBounds.RunLength(input.Span)),
                "ASCII85Decode" or "A85" => new Charged(inner, limits, (input, _, _) => FilterBounds.Ascii85(input.Span)),
                "CCITTFaxDecode" or "CCF" => new Charged(inner, limits, (_, dictionary, index) => FilterBounds.Ccitt(dictionary, index)),
                _ => new Charged(inner, limits),
            };
        }
        return result;
    }

    private static readonly string[] Names =
    {
        "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx", "CCITTFaxDecode", "CCF", "DCTDecode", "DCT", "FlateDecode", "Fl",
        "JBIG2Decode", "JPXDecode", "RunLengthDecode", "RL", "LZWDecode", "LZW",
    };

    /// <summary>
    /// PdfPig's filter, its output counted after it ran; when a <paramref name="bound"/> says what it
    /// would write (<see cref="FilterBounds"/>), a stream past the limit is refused before it runs.
    /// Without one, the filter writes at most about its input (ASCIIHex) or does not decode (images).
    /// </summary>
    private sealed class Charged(IFilter inner, ReadLimits limits, Func<Memory<byte>, DictionaryToken, int, long>? bound = null) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            limits.CheckTime();
            var limit = limits.LimitFor(streamDictionary);
            if (bound is not null && bound(input, streamDictionary, filterIndex) > limit.Bytes) throw new PdfLimitException(limit.Which);
            var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            limits.Charge(output.Length, limit);
            return output;
        }
    }

    /// <summary>
    /// LZW decoded here within the limit (<see cref="FilterBounds.Lzw"/>); a stream with a predictor
    /// is only measured here, then decoded by PdfPig's own filter.
    /// </summary>
    private sealed class BoundedLzw(IFilter inner, ReadLimits limits) : IFilter
    {
        public bool IsSupported => true;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            limits.CheckTime();
            var parameters = DecodeParameterResolver.GetFilterParameters(streamDictionary, filterIndex);
            bool predictor = parameters.TryGet(NameToken.Predictor, out NumericToken p) && p.Int > 1;
            bool earlyChange = !parameters.TryGet(NameToken.EarlyChange, out NumericToken e) || e.Int == 1;
            var limit = limits.LimitFor(streamDictionary);
            using var output = predictor ? null : new MemoryStream();
            long length = FilterBounds.Lzw(input.Span, earlyChange, limit.Bytes, output, () => throw new PdfLimitException(limit.Which));
            limits.Charge(length, limit);
            return predictor ? inner.Decode(input, streamDictionary, filterProvider, filterIndex) : output!.ToArray();
        }
    }

    /// <summary>
    /// Flate inflated with a ceiling: past the per-stream limit it stops, instead of filling memory.
    /// Streams with a predictor (images, cross-reference streams) are inflated here only to be
    /// measured, then decoded by PdfPig's own filter.
    /// </summary>
    private sealed class BoundedFlate(IFilter inner, ReadLimits limits) : IFilter
    {
        /// <summary>Output inflated first: a glyph procedure's d0/d1 line is well inside it.</summary>
        private const int HeadBytes = 128;

        /// <summary>
        /// The glyph procedures already recognised, by their compressed bytes: fonts are shared by
        /// the pages, and PdfPig measures a glyph again on every page it is drawn on.
        /// </summary>
        private readonly Dictionary<(byte[] Array, int Offset, int Count), Memory<byte>> _glyphs = new();

        public bool IsSupported => true;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            limits.CheckTime();
            var parameters = DecodeParameterResolver.GetFilterParameters(streamDictionary, filterIndex);
            bool predictor = parameters.TryGet(NameToken.Predictor, out NumericToken p) && p.Int > 1;
            // A stream's bytes are the same array each time PdfPig decodes it (the token keeps them).
            var key = System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(input, out var at) ? (at.Array!, at.Offset, at.Count) : default;
            if (!predictor && key.Item1 is not null && _glyphs.TryGetValue(key, out var known)) return known;
            var limit = limits.LimitFor(streamDictionary);
            var inflated = Inflate(input, limit, keep: !predictor, out bool glyph);
            if (inflated is null) return inner.Decode(input, streamDictionary, filterProvider, filterIndex); // not zlib: PdfPig's leniency
            limits.Charge(inflated.Value.Length, limit);
            if (predictor) return inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            if (glyph && key.Item1 is not null) _glyphs[key] = inflated.Value.Bytes;
            return inflated.Value.Bytes;
        }

        /// <summary>
        /// The length of a Type 3 glyph's procedure head ("0 0 1000 1000 0 0 d1"), or -1. PdfPig
        /// reads a glyph procedure only for that line (the glyph's ink box), parsing it on every page
        /// the glyph is drawn on; this reader places letters by their advance and baseline, never by
        /// their ink, so a glyph procedure is decoded as empty (PdfPig then takes the font's box)
        /// and only its head is ever inflated, once per document. Nothing
        /// else starts with d0/d1 (a page's content may not use them). <paramref name="complete"/>:
        /// the bytes are the whole stream (else a head must be followed by white space to be sure).
        /// </summary>
        private static int GlyphProcedureHead(ReadOnlySpan<byte> s, bool complete)
        {
            int i = 0, numbers = 0;
            while (numbers <= 6)
            {
                while (i < s.Length && IsWhite(s[i])) i++;
                if (i + 1 < s.Length && s[i] == 'd' && (s[i + 1] == '0' || s[i + 1] == '1')
                    && (i + 2 < s.Length ? IsWhite(s[i + 2]) : complete) && numbers == (s[i + 1] == '0' ? 2 : 6))
                    return i + 2;
                int start = i;
                while (i < s.Length && (char.IsAsciiDigit((char)s[i]) || s[i] is (byte)'.' or (byte)'-' or (byte)'+')) i++;
                if (i == start || i >= s.Length || !IsWhite(s[i])) return -1;
                numbers++;
            }
            return -1;
        }

        private static bool IsWhite(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0 or 12;

        /// <summary>
        /// The inflated bytes (or only their count), or null when the data is not a deflate stream.
        /// The first <see cref="HeadBytes"/> come first: a glyph procedure's head ends there
        /// (<paramref name="glyph"/>; it decodes as nothing, the outline is never inflated). Up to
        /// 1 MB is kept as it comes; a longer stream is first only counted (nothing held), then
        /// inflated again into an array of exactly its size: a bomb costs no memory.
        /// </summary>
        private (Memory<byte> Bytes, long Length)? Inflate(Memory<byte> input, (long Bytes, string Which) max, bool keep, out bool glyph)
        {
            const int small = 1 << 20;
            glyph = false;
            if (input.Length < 2) return null;
            var data = System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(input, out var segment)
                ? segment : new ArraySegment<byte>(input.ToArray());
            // Kept in a stream made after the head was looked at (a glyph's head needs none).
            MemoryStream? first = null;
            long total = Pass(data, max, keep ? () => first = new MemoryStream(Math.Min(data.Count * 4, small)) : null, small, keep ? HeadBytes : 0);
            if (total == -2)
            {
                glyph = true;
                return (Memory<byte>.Empty, 0);
            }
            if (total < 0) return null;
            if (!keep) return (Memory<byte>.Empty, total);
            if (total <= small) return (first is null ? Memory<byte>.Empty : first.GetBuffer().AsMemory(0, (int)first.Length), total);
            var exact = new byte[total];
            using var into = new MemoryStream(exact);
            Pass(data, max, () => into, long.MaxValue, 0);
            return (exact, total);
        }

        /// <summary>
        /// Inflates, writing up to <paramref name="keepUpTo"/> bytes to the stream <paramref name="keeper"/> makes; the
        /// length, -1 if not deflate, or -2 when the first <paramref name="headBytes"/> (0: none) hold
        /// a glyph procedure's head, and nothing more is inflated.
        /// </summary>
        private long Pass(ArraySegment<byte> data, (long Bytes, string Which) max, Func<Stream>? keeper, long keepUpTo, int headBytes)
        {
            Stream? into = null;
            using var source = new MemoryStream(data.Array!, data.Offset + 2, data.Count - 2, writable: false);
            using var deflate = new DeflateStream(source, CompressionMode.Decompress);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16384);
            long total = 0;
            try
            {
                if (headBytes > 0)
                {
                    // Only the head first: zlib inflates no more than is asked for.
                    int got = 0, n;
                    bool damaged = false;
                    try
                    {
                        while (got < headBytes && (n = deflate.Read(buffer, got, headBytes - got)) > 0) got += n;
                    }
                    catch (InvalidDataException) { damaged = true; }
                    bool complete = damaged || got < headBytes;
                    int length = GlyphProcedureHead(buffer.AsSpan(0, got), complete);
                    if (length >= 0) return -2;
                    total = got;
                    if (total > max.Bytes) throw new PdfLimitException(max.Which);
                    into = keeper?.Invoke();
                    into?.Write(buffer, 0, got);
                    // A damaged tail: keep what inflated, as below.
                    if (complete) return damaged && total == 0 ? -1 : total;
                }
                else into = keeper?.Invoke();
                int read;
                while ((read = deflate.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > max.Bytes) throw new PdfLimitException(max.Which);
                    if (into is not null && total <= keepUpTo) into.Write(buffer, 0, read);
                    if ((total & 0xFFFFF) < read) limits.CheckTime();
                }
            }
            catch (InvalidDataException)
            {
                // A damaged tail: keep what inflated, as PdfPig's filter would fail on it anyway.
                if (total == 0) return -1;
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            return total;
        }
    }
}
