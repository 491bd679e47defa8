using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// The primitives of the spill's records. Strings are stored as UTF-16 code units (-1 for null), so
/// damaged text (lone surrogates) comes back exactly as it went in, with no transcoding.
/// </summary>
internal static class SpillBinary
{
    public static void Str(BinaryWriter w, string? s)
    {
        if (s is null) { w.Write(-1); return; }
        w.Write(s.Length);
        w.Write(MemoryMarshal.AsBytes(s.AsSpan()));
    }

    public static string? Str(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0) return null;
        // A record read from memory (Reader): the string straight from its bytes, no copy of them first.
        if (r.BaseStream is MemoryStream ms && ms.TryGetBuffer(out var buffer))
        {
            var at = (int)ms.Position;
            var length = (int)Math.Min((long)n * 2, buffer.Count - at);
            ms.Position = at + length;
            return new string(MemoryMarshal.Cast<byte, char>(buffer.AsSpan(at, length)));
        }
        var bytes = r.ReadBytes(n * 2);
        return new string(MemoryMarshal.Cast<byte, char>(bytes));
    }

    /// <summary>A reader over a record in memory whose strings <see cref="Str(BinaryReader)"/> takes from the record itself.</summary>
    public static BinaryReader Reader(byte[] record) => new(new MemoryStream(record, 0, record.Length, writable: false, publiclyVisible: true));

    // One writer per thread, its buffer kept between records: a record is built here and written to the
    // spill from the buffer (no growing stream per document, no copy of it into an array of its own).
    [ThreadStatic] private static BinaryWriter? _scratch;

    /// <summary>This thread's record writer, emptied; <see cref="Written"/> gives what was written since.</summary>
    public static BinaryWriter Scratch()
    {
        var w = _scratch ??= new BinaryWriter(new MemoryStream());
        w.BaseStream.SetLength(0);
        return w;
    }

    /// <summary>The bytes written to <paramref name="w"/> (a <see cref="Scratch"/> writer); valid until its next use.</summary>
    public static ReadOnlySpan<byte> Written(BinaryWriter w)
    {
        w.Flush();
        var ms = (MemoryStream)w.BaseStream;
        var bytes = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        // A huge document's buffer is not kept for the rest of the run.
        if (ms.Capacity > MaxScratch) _scratch = null;
        return bytes;
    }

    private const int MaxScratch = 1 << 20;

    public static void Span(BinaryWriter w, SourceSpan? s)
    {
        w.Write(s is not null);
        if (s is null) return;
        w.Write(s.StartLine); w.Write(s.StartColumn); w.Write(s.EndLine); w.Write(s.EndColumn);
    }

    public static SourceSpan? Span(BinaryReader r) =>
        r.ReadBoolean() ? new SourceSpan(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) : null;

    public static void Dec(BinaryWriter w, decimal? v) { w.Write(v.HasValue); w.Write(v ?? 0m); }

    public static decimal? Dec(BinaryReader r) { var has = r.ReadBoolean(); var v = r.ReadDecimal(); return has ? v : null; }

    /// <summary>
    /// A whole text as one record (a home document's text, quoted by cross-document findings): the line count, each
    /// line's start and end, then the UTF-16 code units, so a line is read back without the rest (<see cref="TextLines"/>).
    /// </summary>
    public static byte[] EncodeText(SourceText source)
    {
        var text = source.Text;
        var n = source.LineCount;
        var record = new byte[4 + 8 * n + 2 * text.Length];
        var ints = MemoryMarshal.Cast<byte, int>(record.AsSpan(0, 4 + 8 * n));
        ints[0] = n;
        for (var l = 1; l <= n; l++)
        {
            ints[l] = source.LineStart(l);
            ints[n + l] = source.LineStart(l) + source.Chars(l).Length;
        }
        MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(record.AsSpan(4 + 8 * n));
        return record;
    }

    /// <summary>The line count and 1-based lines of a text written by <see cref="EncodeText"/>, each line read from the spill when asked for.</summary>
    public static (int Count, Func<int, string> Line) TextLines(ResultSpill spill, long offset)
    {
        var n = BitConverter.ToInt32(spill.Read(offset, 4));
        var bounds = MemoryMarshal.Cast<byte, int>(spill.Read(offset + 4, 8 * n)).ToArray();
        var chars = offset + 4 + 8 * n;
        return (n, l =>
        {
            var (start, end) = (bounds[l - 1], bounds[n + l - 1]);
            return new string(MemoryMarshal.Cast<byte, char>(spill.Read(chars + 2L * start, 2 * (end - start))));
        });
    }

    /// <summary>
    /// Reads a record in place: no stream and reader over it, and strings made only of the fields asked for
    /// (<see cref="ResultCodec.Tally"/> skips all but a finding's rule id, severity and title).
    /// </summary>
    public ref struct InPlace(ReadOnlySpan<byte> record)
    {
        private readonly ReadOnlySpan<byte> _record = record;
        private int _at;

        public int Int32()
        {
            var v = BinaryPrimitives.ReadInt32LittleEndian(_record[_at..]);
            _at += 4;
            return v;
        }

        public bool Boolean() => _record[_at++] != 0;

        /// <summary>A string's UTF-16 code units as stored (empty for null).</summary>
        public ReadOnlySpan<char> Chars()
        {
            var n = Int32();
            if (n <= 0) return default;
            var chars = MemoryMarshal.Cast<byte, char>(_record.Slice(_at, 2 * n));
            _at += 2 * n;
            return chars;
        }

        /// <summary>A string as <see cref="SpillBinary.Str(BinaryWriter, string?)"/> wrote it (null as null).</summary>
        public string? Str()
        {
            var n = Int32();
            if (n < 0) return null;
            var text = new string(MemoryMarshal.Cast<byte, char>(_record.Slice(_at, 2 * n)));
            _at += 2 * n;
            return text;
        }

        public SourceSpan? Span() => Boolean()
            ? new SourceSpan(Int32(), Int32(), Int32(), Int32())
            : null;

        public void SkipStr()
        {
            var n = Int32();
            if (n > 0) _at += 2 * n;
        }

        public void SkipSpan()
        {
            if (Boolean()) _at += 16;
        }
    }
}
