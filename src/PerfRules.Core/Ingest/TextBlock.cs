using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// Text wrapped over several lines, joined as the PDF extraction broke it (lines run together,
/// no separator), remembering where each character came from so spans can be given back.
/// </summary>
internal sealed class TextBlock
{
    // The joined characters, and one segment per appended piece: a piece is a run of characters of
    // one line, so the origin of any character is its segment's line and start column plus its
    // offset in the piece (a per-character table cost 8 bytes a character).
    // Grown on demand: a grid reader makes a block per cell of indicator text.
    private char[] _chars = [];
    private int _length;
    // A block of one piece (a tab-separated cell, a one-line paragraph) copies nothing: its
    // characters are read where they are, in the source text, until a second piece is appended.
    private string? _borrowed;
    private int _borrowedStart;
    // Not `[]` nor Array.Resize: those are generic code over our struct, which ReadyToRun cannot hold.
    private static readonly Segment[] NoSegments = new Segment[0];
    private Segment[] _segments = NoSegments;
    private int _segmentCount;
    private string? _text;

    private readonly record struct Segment(int Offset, int Line, int Column);

    /// <summary>The joined text (built once until the next append).</summary>
    public string Text => _text ??= Chars.ToString();
    public ReadOnlySpan<char> Chars => _borrowed is not null ? _borrowed.AsSpan(_borrowedStart, _length) : _chars.AsSpan(0, _length);
    public int Length => _length;
    public bool IsEmpty => _length == 0;
    public int FirstLine => _segmentCount == 0 ? 0 : _segments[0].Line;
    public int LastLine => _segmentCount == 0 ? 0 : _segments[_segmentCount - 1].Line;

    /// <summary>
    /// A block whose character buffer comes from the shared pool, for a reader that fills and
    /// empties one block over a whole document; <see cref="Release"/> gives the buffer back.
    /// </summary>
    public static TextBlock Pooled() => new() { _chars = System.Buffers.ArrayPool<char>.Shared.Rent(4096), _pooled = true };

    private bool _pooled;

    /// <summary>Returns a pooled buffer; the block is empty and unpooled after.</summary>
    public void Release()
    {
        if (!_pooled) return;
        System.Buffers.ArrayPool<char>.Shared.Return(_chars);
        _chars = [];
        _pooled = false;
        Clear();
    }

    /// <summary>Empties the block, keeping its buffers for the next text.</summary>
    public void Clear()
    {
        _length = 0;
        _segmentCount = 0;
        _lastSegment = 0;
        _text = null;
        _borrowed = null;
    }

    /// <summary>Appends the content of a line (trimmed), or a part of it starting at a 0-based column.</summary>
    public void Append(SourceText source, int line, int fromColumn = 0, int? toColumn = null)
    {
        var s = source.Chars(line);
        int start = fromColumn, end = Math.Min(toColumn ?? s.Length, s.Length);
        while (start < end && TextChars.IsSpace(s[start])) start++;
        while (end > start && TextChars.IsSpace(s[end - 1])) end--;
        if (end <= start) return;
        int n = end - start;
        if (_length == 0 && !_pooled)
        {
            _borrowed = source.Text;
            _borrowedStart = source.LineStart(line) + start;
        }
        else
        {
            if (_borrowed is not null)
            {
                // A second piece: the first is copied out of the source.
                var first = _borrowed.AsSpan(_borrowedStart, _length);
                _borrowed = null;
                if (_length + n > _chars.Length) Grow(_length + n);
                first.CopyTo(_chars);
            }
            else if (_length + n > _chars.Length) Grow(_length + n);
            s.Slice(start, n).CopyTo(_chars.AsSpan(_length));
        }
        if (_segmentCount == _segments.Length)
        {
            var more = new Segment[Math.Max(4, _segments.Length * 2)];
            Array.Copy(_segments, more, _segmentCount);
            _segments = more;
        }
        _segments[_segmentCount++] = new Segment(_length, line, start + 1);
        _length += n;
        _text = null;
    }

    private void Grow(int needed)
    {
        int size = Math.Max(Math.Max(_chars.Length * 2, needed), 64);
        if (_pooled)
        {
            var bigger = System.Buffers.ArrayPool<char>.Shared.Rent(size);
            _chars.AsSpan(0, _length).CopyTo(bigger);
            System.Buffers.ArrayPool<char>.Shared.Return(_chars);
            _chars = bigger;
        }
        else Array.Resize(ref _chars, size);
    }

    /// <summary>The line and 1-based column of the character at an index of the joined text.</summary>
    public (int Line, int Column) Origin(int index)
    {
        // Readers ask in text order: the segment of the last answer, or the next, usually holds it.
        int k = _lastSegment;
        if (k < _segmentCount && _segments[k].Offset <= index)
        {
            if (k + 1 == _segmentCount || index < _segments[k + 1].Offset) return At(k, index);
            if (k + 2 == _segmentCount || index < _segments[k + 2].Offset) return At(k + 1, index);
        }
        int lo = 0, hi = _segmentCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_segments[mid].Offset <= index) lo = mid; else hi = mid - 1;
        }
        return At(lo, index);
    }

    private int _lastSegment;

    private (int Line, int Column) At(int k, int index)
    {
        _lastSegment = k;
        var seg = _segments[k];
        return (seg.Line, seg.Column + index - seg.Offset);
    }

    /// <summary>The span of the characters [start, end) of the joined text.</summary>
    public SourceSpan? Span(int start, int end) => Packed(start, end).Value;

    /// <summary>The span of the characters [start, end), as fields (see <see cref="PackedSpan"/>).</summary>
    public PackedSpan Packed(int start, int end)
    {
        if (_length == 0) return default;
        start = Math.Clamp(start, 0, _length - 1);
        end = Math.Clamp(end, start + 1, _length);
        var a = Origin(start);
        var b = Origin(end - 1);
        return new PackedSpan(a.Line, a.Column, b.Line, b.Column);
    }

    /// <summary>The span of [start, end) after trimming white space inside it; null when it is empty.</summary>
    public SourceSpan? TrimmedSpan(int start, int end) => TrimmedPacked(start, end).Value;

    /// <inheritdoc cref="TrimmedSpan"/>
    public PackedSpan TrimmedPacked(int start, int end) => TrimmedPacked(TrimmedStart(start, end), end);

    /// <summary>
    /// The first half of <see cref="TrimmedPacked(int, int)"/>: [start, end)'s first character that is not
    /// white space and its origin, asked now. A reader that asks for other spans inside [start, end)
    /// before its end asks <see cref="Origin"/> in text order, which finds each from the last one.
    /// </summary>
    public SpanStart TrimmedStart(int start, int end)
    {
        var t = Chars;
        while (start < end && TextChars.IsSpace(t[start])) start++;
        if (start >= end) return new SpanStart(end, 0, 0);
        var (line, column) = Origin(start);
        return new SpanStart(start, line, column);
    }

    /// <summary>
    /// The second half: the span from <paramref name="from"/> to the last character before <paramref name="end"/>
    /// that is not white space; <paramref name="end"/> at most the end given to <see cref="TrimmedStart"/>
    /// (then it is what TrimmedPacked(start, end) gives).
    /// </summary>
    public PackedSpan TrimmedPacked(SpanStart from, int end)
    {
        var t = Chars;
        while (end > from.Index && TextChars.IsSpace(t[end - 1])) end--;
        if (end <= from.Index) return default;
        var (line, column) = Origin(end - 1);
        return new PackedSpan(from.Line, from.Column, line, column);
    }

    /// <summary>A trimmed span's first character (<see cref="TrimmedStart"/>): its index, line and column.</summary>
    public readonly record struct SpanStart(int Index, int Line, int Column);

    /// <summary>Narrows [start, end) to exclude leading and trailing white space.</summary>
    public void Trim(ref int start, ref int end)
    {
        var t = Chars;
        while (start < end && TextChars.IsSpace(t[start])) start++;
        while (end > start && TextChars.IsSpace(t[end - 1])) end--;
    }

    /// <summary>The characters [start, end) as a string.</summary>
    public string Substring(int start, int end) => start == 0 && end == _length ? Text : _text?.Substring(start, end - start) ?? Chars[start..end].ToString();

    public SourceSpan? WholeSpan => _length == 0 ? null : Span(0, _length);
}
