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
    [ThreadStatic] private static ScratchWriter? _scratch;

    /// <summary>This thread's record writer, emptied; <see cref="Written"/> gives what was written since.</summary>
    public static BinaryWriter Scratch()
    {
        var w = _scratch ??= new ScratchWriter();
        w.Clear();
        return w;
    }

    /// <summary>The bytes written to <paramref name="w"/> (a <see cref="Scratch"/> writer); valid until its next use.</summary>
    public static ReadOnlySpan<byte> Written(BinaryWriter w)
    {
        var s = (ScratchWriter)w;
        // A huge document's buffer is not kept for the rest of the run.
        if (s.Capacity > MaxScratch && ReferenceEquals(_scratch, s)) _scratch = null;
        return s.Bytes;
    }

    /// <summary>How many bytes <paramref name="w"/> (a <see cref="Scratch"/> writer) holds.</summary>
    public static int Length(BinaryWriter w) => ((ScratchWriter)w).Length;

    private const int MaxScratch = 1 << 20;

    public static void Span(BinaryWriter w, SourceSpan? s)
    {
        w.Write(s is not null);
        if (s is null) return;
        w.Write(s.StartLine); w.Write(s.StartColumn); w.Write(s.EndLine); w.Write(s.EndColumn);
    }

    /// <summary>A span kept in its object's fields, written as <see cref="Span(BinaryWriter, SourceSpan?)"/> writes it (no SourceSpan made).</summary>
    public static void Span(BinaryWriter w, PackedSpan s)
    {
        w.Write(s.HasValue);
        if (!s.HasValue) return;
        w.Write(s.StartLine); w.Write(s.StartColumn); w.Write(s.EndLine); w.Write(s.EndColumn);
    }

    public static SourceSpan? Span(BinaryReader r) =>
        r.ReadBoolean() ? new SourceSpan(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()) : null;

    public static void Dec(BinaryWriter w, decimal? v) { w.Write(v.HasValue); w.Write(v ?? 0m); }

    public static decimal? Dec(BinaryReader r) { var has = r.ReadBoolean(); var v = r.ReadDecimal(); return has ? v : null; }

    /// <summary>
    /// A whole text as one record (a home document's text, quoted by cross-document findings), written to
    /// <paramref name="w"/> (a <see cref="Scratch"/> writer: no array of its own per document): the line count,
    /// each line's start and end, then the UTF-16 code units, so a line is read back without the rest (<see cref="TextLines"/>).
    /// </summary>
    public static void WriteText(BinaryWriter w, SourceText source)
    {
        var n = source.LineCount;
        var ints = System.Buffers.ArrayPool<int>.Shared.Rent(1 + 2 * n);
        try
        {
            ints[0] = n;
            for (var l = 1; l <= n; l++)
            {
                ints[l] = source.LineStart(l);
                ints[n + l] = source.LineStart(l) + source.Chars(l).Length;
            }
            w.Write(MemoryMarshal.AsBytes(ints.AsSpan(0, 1 + 2 * n)));
        }
        finally { System.Buffers.ArrayPool<int>.Shared.Return(ints); }
        w.Write(MemoryMarshal.AsBytes(source.Text.AsSpan()));
    }

    /// <summary>The line count and 1-based lines of a text written by <see cref="WriteText"/>, each line read from the spill when asked for.</summary>
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

/// <summary>
/// A <see cref="BinaryWriter"/> whose every write goes straight into its own array (the spill's records are
/// thousands of small values: one stream call each was a large part of storing a document): the same bytes
/// as a <see cref="BinaryWriter"/> over a <see cref="MemoryStream"/> (UTF-8, little-endian). Text is written
/// by <see cref="SpillBinary.Str(BinaryWriter, string?)"/> as UTF-16 bytes; the encoding-dependent overloads
/// (char, string) are not used by the spill and refuse.
/// </summary>
internal sealed class ScratchWriter() : BinaryWriter(Stream.Null)
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    public int Length => _length;
    public int Capacity => _buffer.Length;
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);
    public void Clear() => _length = 0;

    private Span<byte> Take(int count)
    {
        if (_buffer.Length - _length < count) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public override Stream BaseStream => throw new NotSupportedException("a scratch writer has no stream");
    public override void Flush() { }
    public override long Seek(int offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void Write(bool value) => Take(1)[0] = (byte)(value ? 1 : 0);
    public override void Write(byte value) => Take(1)[0] = value;
    public override void Write(sbyte value) => Take(1)[0] = (byte)value;
    public override void Write(byte[] buffer) => Write((ReadOnlySpan<byte>)(buffer ?? throw new ArgumentNullException(nameof(buffer))));
    public override void Write(byte[] buffer, int index, int count) => Write(new ReadOnlySpan<byte>(buffer, index, count));
    public override void Write(ReadOnlySpan<byte> buffer) => buffer.CopyTo(Take(buffer.Length));
    public override void Write(short value) => BinaryPrimitives.WriteInt16LittleEndian(Take(2), value);
    public override void Write(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);
    public override void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);
    public override void Write(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
    public override void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    public override void Write(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);
    public override void Write(float value) => BinaryPrimitives.WriteSingleLittleEndian(Take(4), value);
    public override void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);
    public override void Write(Half value) => BinaryPrimitives.WriteHalfLittleEndian(Take(2), value);

    // BinaryWriter's layout of a decimal: lo, mid, hi, flags, each little-endian.
    public override void Write(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var to = Take(16);
        for (var k = 0; k < 4; k++) BinaryPrimitives.WriteInt32LittleEndian(to[(4 * k)..], bits[k]);
    }

    public override void Write(char ch) => throw Text();
    public override void Write(char[] chars) => throw Text();
    public override void Write(char[] chars, int index, int count) => throw Text();
    public override void Write(ReadOnlySpan<char> chars) => throw Text();
    public override void Write(string value) => throw Text();

    private static NotSupportedException Text() => new("the spill writes text as UTF-16 bytes (SpillBinary.Str)");
}
