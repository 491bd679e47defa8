using System.Diagnostics;
using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace PerfRules.Readers.Pdf;

/// <summary>Thrown when reading a PDF goes past its budget (decoded bytes or time); the opener reports it.</summary>
internal sealed class PdfBudgetException(string message) : Exception(message);

/// <summary>
/// What one PDF may cost to read: bytes decoded from its streams (one stream, and all together)
/// and time. PdfPig decodes streams whole and without a limit (a Flate bomb of a few MB inflates to
/// gigabytes), so every filter goes through this budget.
/// </summary>
internal sealed class ReadBudget
{
    private readonly long _maxStream;
    private readonly long _maxTotal;
    private readonly long _deadline;
    private long _used;

    public ReadBudget(long maxStream, long maxTotal, TimeSpan time)
    {
        _maxStream = maxStream;
        _maxTotal = maxTotal;
        _deadline = time > TimeSpan.Zero ? Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    public long MaxStream => _maxStream;

    public long Used => Interlocked.Read(ref _used);

    public void CheckTime()
    {
        if (Stopwatch.GetTimestamp() > _deadline) throw new PdfBudgetException("time");
    }

    public void Charge(long bytes)
    {
        if (bytes > _maxStream) throw new PdfBudgetException("stream");
        if (Interlocked.Add(ref _used, bytes) > _maxTotal) throw new PdfBudgetException("total");
    }

    /// <summary>PdfPig's filters, each decoding within this budget.</summary>
    public IFilterProvider Filters() => new Provider(this);

    private sealed class Provider(ReadBudget budget) : BaseFilterProvider(Wrap(budget));

    private static Dictionary<string, IFilter> Wrap(ReadBudget budget)
    {
        var result = new Dictionary<string, IFilter>();
        foreach (var name in Names)
        {
            var inner = DefaultFilterProvider.Instance.GetNamedFilters(new[] { NameToken.Create(name) })[0];
            result[name] = name is "FlateDecode" or "Fl" ? new BoundedFlate(inner, budget) : new Charged(inner, budget);
        }
        return result;
    }

    private static readonly string[] Names =
    {
        "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx", "CCITTFaxDecode", "CCF", "DCTDecode", "DCT", "FlateDecode", "Fl",
        "JBIG2Decode", "JPXDecode", "RunLengthDecode", "RL", "LZWDecode", "LZW",
    };

    /// <summary>A filter whose output is counted after it ran (their expansion is bounded by their input).</summary>
    private sealed class Charged(IFilter inner, ReadBudget budget) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            budget.CheckTime();
            var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            budget.Charge(output.Length);
            return output;
        }
    }

    /// <summary>
    /// Flate inflated with a ceiling: past the per-stream limit it stops, instead of filling memory.
    /// Streams with a predictor (images, cross-reference streams) are inflated here only to be
    /// measured, then decoded by PdfPig's own filter.
    /// </summary>
    private sealed class BoundedFlate(IFilter inner, ReadBudget budget) : IFilter
    {
        public bool IsSupported => true;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            budget.CheckTime();
            var parameters = DecodeParameterResolver.GetFilterParameters(streamDictionary, filterIndex);
            bool predictor = parameters.TryGet(NameToken.Predictor, out NumericToken p) && p.Int > 1;
            var inflated = Inflate(input, budget.MaxStream, keep: !predictor);
            if (inflated is null) return inner.Decode(input, streamDictionary, filterProvider, filterIndex); // not zlib: PdfPig's leniency
            budget.Charge(inflated.Value.Length);
            return predictor ? inner.Decode(input, streamDictionary, filterProvider, filterIndex) : inflated.Value.Bytes;
        }

        /// <summary>The inflated bytes (or only their count), or null when the data is not a deflate stream.</summary>
        private (Memory<byte> Bytes, long Length)? Inflate(Memory<byte> input, long max, bool keep)
        {
            if (input.Length < 2) return null;
            using var source = new MemoryStream(input.ToArray(), 2, input.Length - 2, writable: false);
            using var deflate = new DeflateStream(source, CompressionMode.Decompress);
            using var output = keep ? new MemoryStream(Math.Min(input.Length * 4, 1 << 20)) : null;
            var buffer = new byte[81920];
            long total = 0;
            try
            {
                int n;
                while ((n = deflate.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += n;
                    if (total > max) throw new PdfBudgetException("stream");
                    output?.Write(buffer, 0, n);
                    if ((total & 0xFFFFF) < n) budget.CheckTime();
                }
            }
            catch (InvalidDataException)
            {
                // A damaged tail: keep what inflated, as PdfPig's filter would fail on it anyway.
                if (total == 0) return null;
            }
            return (output is null ? Memory<byte>.Empty : output.GetBuffer().AsMemory(0, (int)output.Length), total);
        }
    }
}
