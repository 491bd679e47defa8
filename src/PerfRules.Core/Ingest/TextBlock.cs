using System.Text;
using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// Text wrapped over several lines, joined as the PDF extraction broke it (lines run together,
/// no separator), remembering where each character came from so spans can be given back.
/// </summary>
internal sealed class TextBlock
{
    private readonly StringBuilder _text = new();
    // For each character of the joined text: its line and 1-based column.
    private readonly List<(int Line, int Column)> _origin = new();

    public string Text => _text.ToString();
    public int Length => _text.Length;
    public bool IsEmpty => _text.Length == 0;
    public int FirstLine => _origin.Count == 0 ? 0 : _origin[0].Line;
    public int LastLine => _origin.Count == 0 ? 0 : _origin[^1].Line;

    /// <summary>Appends the content of a line (trimmed), or a part of it starting at a 0-based column.</summary>
    public void Append(SourceText source, int line, int fromColumn = 0, int? toColumn = null)
    {
        var s = source[line];
        int start = fromColumn, end = Math.Min(toColumn ?? s.Length, s.Length);
        while (start < end && char.IsWhiteSpace(s[start])) start++;
        while (end > start && char.IsWhiteSpace(s[end - 1])) end--;
        for (int i = start; i < end; i++)
        {
            _text.Append(s[i]);
            _origin.Add((line, i + 1));
        }
    }

    /// <summary>The span of the characters [start, end) of the joined text.</summary>
    public SourceSpan? Span(int start, int end)
    {
        if (_origin.Count == 0) return null;
        start = Math.Clamp(start, 0, _origin.Count - 1);
        end = Math.Clamp(end, start + 1, _origin.Count);
        var a = _origin[start];
        var b = _origin[end - 1];
        return new SourceSpan(a.Line, a.Column, b.Line, b.Column);
    }

    /// <summary>The span of [start, end) after trimming white space inside it; null when it is empty.</summary>
    public SourceSpan? TrimmedSpan(int start, int end)
    {
        var t = _text;
        while (start < end && char.IsWhiteSpace(t[start])) start++;
        while (end > start && char.IsWhiteSpace(t[end - 1])) end--;
        return end > start ? Span(start, end) : null;
    }

    /// <summary>The characters [start, end) as a block of their own, keeping where they came from.</summary>
    public TextBlock Slice(int start, int end)
    {
        var b = new TextBlock();
        for (int i = start; i < end; i++)
        {
            b._text.Append(_text[i]);
            b._origin.Add(_origin[i]);
        }
        return b;
    }

    /// <summary>The block without leading and trailing white space.</summary>
    public TextBlock Trim()
    {
        int start = 0, end = _text.Length;
        while (start < end && char.IsWhiteSpace(_text[start])) start++;
        while (end > start && char.IsWhiteSpace(_text[end - 1])) end--;
        return start == 0 && end == _text.Length ? this : Slice(start, end);
    }

    public SourceSpan? WholeSpan => _origin.Count == 0 ? null : Span(0, _origin.Count);
}
