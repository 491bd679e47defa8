using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// The spill's records: written by a <see cref="SpillWriter"/>, read in place by a <see cref="SpillReader"/>; a
/// document's records are built in this thread's writer (<see cref="Scratch"/>) and stored in one write.
/// </summary>
internal static class SpillBinary
{
    // One writer per thread, its buffer kept between records: a record is built here and written to the
    // spill from the buffer (no growing stream per document, no copy of it into an array of its own).
    [ThreadStatic] private static SpillWriter? _scratch;

    /// <summary>This thread's record writer, emptied; <see cref="Written"/> gives what was written since.</summary>
    public static SpillWriter Scratch()
    {
        var w = _scratch ??= new SpillWriter();
        w.Clear();
        return w;
    }

    /// <summary>The bytes written to <paramref name="w"/> (a <see cref="Scratch"/> writer); valid until its next use.</summary>
    public static ReadOnlySpan<byte> Written(SpillWriter w)
    {
        // A huge document's buffer is not kept for the rest of the run.
        if (w.Capacity > MaxScratch && ReferenceEquals(_scratch, w)) _scratch = null;
        return w.Bytes;
    }

    private const int MaxScratch = 1 << 20;

    /// <summary>
    /// A whole text as one record (a home document's text, quoted by cross-document findings), written to
    /// <paramref name="w"/> (a <see cref="Scratch"/> writer: no array of its own per document): the line count,
    /// each line's start and end, then the UTF-16 code units, so a line is read back without the rest (<see cref="TextLines"/>).
    /// </summary>
    public static void WriteText(SpillWriter w, SourceText source)
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

    /// <summary>
    /// Gives <paramref name="use"/> the line count and 1-based lines of a text written by <see cref="WriteText"/>
    /// (<paramref name="length"/> bytes at <paramref name="offset"/>), valid only during the call. A text up to
    /// <see cref="WholeText"/> is read in one piece into a pooled buffer (line by line took a read each: thousands of
    /// system calls for the quoted lines of a batch); a longer one a line at a time, as asked for.
    /// </summary>
    public static T TextLines<T>(ResultSpill spill, long offset, int length, Func<int, Func<int, string>, T> use)
    {
        if (length > WholeText)
        {
            var (count, line) = TextLines(spill, offset);
            return use(count, line);
        }
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            spill.Read(offset, bytes.AsSpan(0, length));
            var n = length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
            if (n < 0 || 4 + 8L * n > length) SpillReader.Damaged();
            var chars = 4 + 8 * n;
            return use(n, l =>
            {
                int start = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * l)), end = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * (n + l)));
                if (start < 0 || end < start || chars + 2L * end > length) SpillReader.Damaged();
                return new string(MemoryMarshal.Cast<byte, char>(bytes.AsSpan(chars + 2 * start, 2 * (end - start))));
            });
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The longest text <see cref="TextLines{T}"/> reads in one piece.</summary>
    internal const int WholeText = 1 << 18;

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
}

/// <summary>
/// Writes the spill's records into its own array (thousands of small values a document: no stream call each).
/// An int in as few bytes as it needs (zigzag, seven bits a byte: most are small line numbers, columns, counts and
/// lengths), a long as eight bytes little-endian, a bool one byte, a decimal as its sign and scale in a byte, then its
/// 96-bit magnitude (see <see cref="Write(decimal)"/>); strings as their UTF-16 code units after their length
/// (-1 for null), so damaged text (lone surrogates) comes
/// back exactly as it went in. A string already written in the same record (<see cref="BeginRecord"/>) is written
/// again as a back-reference: -2 minus where its first writing starts in the record (a finding repeats its file,
/// title, fix, rule set and names in every finding of a document; a model its units' and levels' names).
/// Only what the records hold can be written: no text overload to call by mistake.
/// </summary>
internal sealed class SpillWriter(int capacity = 4096)
{
    private byte[] _buffer = new byte[capacity];
    private int _length;
    // Where the current record starts, and each string written in it (by content) at its first writing, from there.
    private int _recordStart;
    private Dictionary<string, int>? _written;

    public int Length => _length;
    public int Capacity => _buffer.Length;
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);
    public void Clear()
    {
        _length = 0;
        BeginRecord();
    }

    /// <summary>
    /// Starts a record at the current end: its strings refer back only within it, so it can be read alone
    /// (<see cref="SpillReader.BeginRecord"/> where several are read with one reader).
    /// </summary>
    public void BeginRecord()
    {
        _recordStart = _length;
        _written?.Clear();
    }
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>Room for <paramref name="capacity"/> bytes in all, grown to exactly that (a writer that must not double past a bound).</summary>
    public void Reserve(int capacity)
    {
        if (capacity > _buffer.Length) Array.Resize(ref _buffer, capacity);
    }

    private Span<byte> Take(int count)
    {
        if (_buffer.Length - _length < count) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public void Write(bool value) => Take(1)[0] = (byte)(value ? 1 : 0);
    public void Write(byte value) => Take(1)[0] = value;
    // Zigzag: -1 (null, none) takes one byte too.
    public void Write(int value) => Var((uint)((value << 1) ^ (value >> 31)));

    // Seven bits a byte, low first, the high bit set on all but the last: at most ten bytes.
    private void Var(ulong v)
    {
        if (_buffer.Length - _length < 10) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + 10));
        // In locals: the fields are not loaded again for each byte.
        var buffer = _buffer;
        var at = _length;
        while (v >= 0x80)
        {
            buffer[at++] = (byte)(v | 0x80);
            v >>= 7;
        }
        buffer[at++] = (byte)v;
        _length = at;
    }
    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>
    /// A decimal: a byte of its sign (bit 7), scale (bits 0-4) and whether its magnitude needs all 96 bits (bit 6),
    /// then the magnitude: its high 32 bits (four bytes) when they are not 0, and its low 64 bits as an unsigned number
    /// in as few bytes as it needs (220.00 in three).
    /// </summary>
    public void Write(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var flags = bits[3];
        var wide = bits[2] != 0;
        Write((byte)((flags < 0 ? 0x80 : 0) | (wide ? 0x40 : 0) | ((flags >> 16) & 0x1F)));
        if (wide) BinaryPrimitives.WriteInt32LittleEndian(Take(4), bits[2]);
        Var(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
    }

    public void Str(string? s)
    {
        if (s is null) { Write(-1); return; }
        if (s.Length > 0)
        {
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(_written ??= new Dictionary<string, int>(), s, out var seen);
            if (seen) { Write(-2 - first); return; }
            first = _length - _recordStart;
        }
        Write(s.Length);
        Write(MemoryMarshal.AsBytes(s.AsSpan()));
    }

    public void Span(SourceSpan? s)
    {
        Write(s is not null);
        if (s is null) return;
        Write(s.StartLine); Write(s.StartColumn); Write(s.EndLine); Write(s.EndColumn);
    }

    /// <summary>A span kept in its object's fields, written as <see cref="Span(SourceSpan?)"/> writes it (no SourceSpan made).</summary>
    public void Span(PackedSpan s)
    {
        Write(s.HasValue);
        if (!s.HasValue) return;
        Write(s.StartLine); Write(s.StartColumn); Write(s.EndLine); Write(s.EndColumn);
    }

    public void Dec(decimal? v) { Write(v.HasValue); Write(v ?? 0m); }
}

/// <summary>
/// Reads a record a <see cref="SpillWriter"/> wrote, in place: no stream or reader over it, and strings made only
/// of the fields asked for (<see cref="ResultCodec.Tally"/> makes none; the back-references to one string share one).
/// The spill is read as hostile: a read past the record's end, a count larger than what is left, a decimal that is
/// not one or a back-reference to anything but a whole string written before it in the record is an <see cref="IOException"/>.
/// </summary>
internal ref struct SpillReader(ReadOnlySpan<byte> record)
{
    private readonly ReadOnlySpan<byte> _record = record;
    private int _at;
    // Where the current record starts (back-references count from there), and the strings made for back-references, by where they were first written.
    private int _recordStart;
    private Dictionary<int, string>? _shared;

    /// <summary>Whether the whole record has been read.</summary>
    public readonly bool End => _at == _record.Length;

    /// <summary>Starts the next record at the current position (records written one after the other, each with <see cref="SpillWriter.BeginRecord"/>).</summary>
    public void BeginRecord()
    {
        _recordStart = _at;
        _shared?.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Skip(int count)
    {
        // Unsigned: a negative count (or a string length doubled past int.MaxValue) is too large too.
        if ((uint)count > (uint)(_record.Length - _at)) Damaged();
        _at += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int count)
    {
        var at = _at;
        Skip(count);
        return _record.Slice(at, count);
    }

    // Thrown from here, so the reads that check stay small enough to inline.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void Damaged() => throw new IOException("临时文件中的记录不完整或已损坏");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Int32()
    {
        var v = Var();
        if (v > uint.MaxValue) Damaged();
        return (int)((uint)v >> 1) ^ -(int)((uint)v & 1);
    }

    // A number SpillWriter.Var wrote: at most ten bytes, the tenth holding one bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Var()
    {
        // Most are one byte (small counts, lengths, line numbers).
        if (_at < _record.Length && _record[_at] < 0x80) return _record[_at++];
        return LongVar();
    }

    private ulong LongVar()
    {
        // Var calls it when the first byte has its high bit set. Two bytes: string lengths from 64 characters, most back-references.
        if (_at + 1 < _record.Length && _record[_at + 1] < 0x80)
        {
            var two = (ulong)(uint)((_record[_at] & 0x7F) | (_record[_at + 1] << 7));
            _at += 2;
            return two;
        }
        ulong v = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (_at == _record.Length) Damaged();
            var b = _record[_at++];
            if (shift == 63 && b > 1) Damaged();
            v |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return v;
        }
    }
    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public byte Byte() => Take(1)[0];
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Boolean() => Take(1)[0] != 0;

    /// <summary>
    /// A count of what follows: at least <paramref name="min"/> (-1 where it stands for none), at most the bytes
    /// left (each item takes one at least), so a damaged count makes no huge list.
    /// </summary>
    public int Count(int min = 0)
    {
        var n = Int32();
        if (n < min || n > _record.Length - _at) Damaged();
        return n;
    }

    /// <summary>A number that picks one of <paramref name="count"/> things (0 to count - 1); anything else is damage.</summary>
    public int Index(int count)
    {
        var n = Int32();
        if ((uint)n >= (uint)count) Damaged();
        return n;
    }

    public decimal Decimal()
    {
        var flags = Byte();
        var scale = (byte)(flags & 0x1F);
        // Bit 5 is never set, and a scale is at most 28.
        if ((flags & 0x20) != 0 || scale > 28) Damaged();
        var hi = (flags & 0x40) != 0 ? BinaryPrimitives.ReadInt32LittleEndian(Take(4)) : 0;
        var low = Var();
        return new decimal((int)low, (int)(low >> 32), hi, (flags & 0x80) != 0, scale);
    }

    public decimal? Dec() { var has = Boolean(); var v = Decimal(); return has ? v : null; }

    /// <summary>A string's UTF-16 code units as stored (a back-reference's from its first writing), no string made; false for null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a report reads every field of every finding with it
    public bool Chars(out ReadOnlySpan<char> chars)
    {
        var at = _at;
        var n = Int32();
        if (n < -1) { chars = Earlier(at, n, out _); return true; }
        chars = n < 0 ? default : AsChars(Take(2 * n));
        return n >= 0;
    }

    /// <summary>A string as <see cref="SpillWriter.Str"/> wrote it (null as null; a back-reference as the one string made for all of them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the report reads millions: not left to ReadyToRun code (see JsonItemWriter)
    public string? Str()
    {
        var at = _at;
        var n = Int32();
        if (n < -1)
        {
            var chars = Earlier(at, n, out var first);
            ref var made = ref CollectionsMarshal.GetValueRefOrAddDefault(_shared ??= new Dictionary<int, string>(), first, out _);
            return made ??= new string(chars);
        }
        return n < 0 ? null : new string(AsChars(Take(2 * n)));
    }

    // The stored UTF-16 code units (unaligned reads are fine): not MemoryMarshal.Cast, a generic that ReadyToRun code
    // calls at tier 0 (it ran unoptimised through a whole report).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<char> AsChars(ReadOnlySpan<byte> bytes) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, char>(ref MemoryMarshal.GetReference(bytes)), bytes.Length / 2);

    public SourceSpan? Span() => Boolean() ? new SourceSpan(Int32(), Int32(), Int32(), Int32()) : null;

    public void SkipStr()
    {
        var at = _at;
        var n = Int32();
        if (n < -1) Earlier(at, n, out _);
        else if (n > 0) Skip(2 * n);
    }

    /// <summary>
    /// <see cref="SkipStr"/> without looking at what a back-reference points to: for a pass that only finds where the
    /// next field starts (<see cref="ResultCodec.DecodeTail"/>); whoever reads the string later checks it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PassStr()
    {
        var n = Int32();
        if (n > 0) Skip(2 * n);
        return n != -1;
    }

    // The string a back-reference at `at` (its value `n`, below -1) points to: a whole string (not a null or another
    // back-reference) written before it in the record, else the record is damaged (also a reference forward or to itself).
    private readonly ReadOnlySpan<char> Earlier(int at, int n, out int first)
    {
        var offset = -2 - n; // 0 to int.MaxValue - 1 for n from -2 down to int.MinValue
        // A length takes a byte at least.
        if (offset > at - _recordStart - 1) Damaged();
        first = _recordStart + offset;
        // The length there, read by a reader over the record up to the reference: its end bounds the string.
        var there = new SpillReader(_record[..at]) { _at = first };
        var length = there.Int32();
        // Unsigned: a null or a back-reference there is too large too.
        if ((uint)length > (uint)(at - there._at) / 2) Damaged();
        return AsChars(_record.Slice(there._at, 2 * length));
    }

    public void SkipSpan()
    {
        if (Boolean()) { Int32(); Int32(); Int32(); Int32(); }
    }
}
