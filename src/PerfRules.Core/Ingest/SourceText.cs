using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// A decoded input file split into lines (terminators LF, CRLF and CR all accepted). The lines are
/// kept as places in the text: a line becomes a string only when asked for as one (<see cref="this[int]"/>,
/// <see cref="Lines"/>), and readers that work on characters (<see cref="Chars"/>) make none.
/// </summary>
public sealed class SourceText
{
    public string Path { get; }
    public string Text { get; }
    public string EncodingName { get; }
    /// <summary>Where the lines came from when they were rebuilt from a PDF, workbook or Word file; null for text.</summary>
    public SourceMap? Places { get; }
    /// <summary>Lines without their terminators; index 0 is line 1.</summary>
    public IReadOnlyList<string> Lines => _lines ??= new LineList(this);
    /// <summary>
    /// Problems the opener met while building this text (a formula cell without a saved value, cells
    /// beyond a limit); the reader adds them to the submission's diagnostics. Empty for plain text.
    /// </summary>
    public IReadOnlyList<Diagnostic> Problems { get; init; } = Array.Empty<Diagnostic>();

    /// <summary>
    /// Which part of its file this text is when an opener found several (a sheet's name, 表2 for a
    /// Word table); null when the text is the whole file. Names the document (<c>file.xlsx#项目表</c>).
    /// </summary>
    public string? Part { get; private init; }

    // Line i (0-based) is Text[_starts[i] .. _ends[i]).
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly int _count;
    private string?[]? _strings;
    private LineList? _lines;

    public SourceText(string path, string text, string encodingName, SourceMap? places = null)
    {
        Path = path;
        Text = text;
        EncodingName = encodingName;
        Places = places;
        (_starts, _ends, _count) = Split(text);
    }

    private SourceText(SourceText other, string part)
    {
        Path = other.Path; Text = other.Text; EncodingName = other.EncodingName; Places = other.Places;
        (_starts, _ends, _count) = (other._starts, other._ends, other._count);
        Problems = other.Problems; Part = part;
    }

    /// <summary>The same text, named as part <paramref name="part"/> of its file (lines are shared, not split again).</summary>
    public SourceText WithPart(string part) => new(this, part);

    public int LineCount => _count;

    /// <summary>The text of a 1-based line.</summary>
    public string this[int line]
    {
        get
        {
            if ((uint)(line - 1) >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(line));
            var strings = _strings ??= new string?[_count];
            return strings[line - 1] ??= Text.Substring(_starts[line - 1], _ends[line - 1] - _starts[line - 1]);
        }
    }

    /// <summary>The characters of a 1-based line, without making a string of them.</summary>
    public ReadOnlySpan<char> Chars(int line)
    {
        if ((uint)(line - 1) >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(line));
        return Text.AsSpan(_starts[line - 1], _ends[line - 1] - _starts[line - 1]);
    }

    /// <summary>Where a 1-based line starts in <see cref="Text"/>.</summary>
    internal int LineStart(int line) => _starts[line - 1];

    /// <summary>The length of a 1-based line.</summary>
    public int LineLength(int line) => Chars(line).Length;

    /// <summary>A span over the non-blank part of a 1-based line.</summary>
    public SourceSpan LineSpan(int line)
    {
        var s = Chars(line);
        int start = 0, end = s.Length;
        while (start < end && TextChars.IsSpace(s[start])) start++;
        while (end > start && TextChars.IsSpace(s[end - 1])) end--;
        return end == start ? new SourceSpan(line, 1, line, 1) : new SourceSpan(line, start + 1, line, end);
    }

    /// <summary>A span from the start of one line's content to the end of another's.</summary>
    public SourceSpan Range(int firstLine, int lastLine)
    {
        var a = LineSpan(firstLine);
        var b = LineSpan(lastLine);
        return new SourceSpan(firstLine, a.StartColumn, lastLine, b.EndColumn);
    }

    private int _hasTab = -1;

    /// <summary>Whether any line holds a tab (one search of the text: readers ask per line otherwise).</summary>
    public bool HasTab => (_hasTab < 0 ? _hasTab = Text.Contains('\t') ? 1 : 0 : _hasTab) == 1;

    private bool[]? _blank;

    /// <summary>Whether a 1-based line is empty or white space (worked out once per line: readers ask often).</summary>
    public bool IsBlank(int line)
    {
        if (_blank is null)
        {
            var blank = new bool[_count];
            for (int i = 0; i < blank.Length; i++) blank[i] = TextChars.IsBlank(Text.AsSpan(_starts[i], _ends[i] - _starts[i]));
            _blank = blank;
        }
        return _blank[line - 1];
    }

    /// <summary>The lines of a text as strings.</summary>
    public static IReadOnlyList<string> SplitLines(string text) => new SourceText("", text, "").Lines.ToArray();

    private static (int[] Starts, int[] Ends, int Count) Split(string text)
    {
        // Sized once: a line per LF, or per CR in a CR-only file (a mixed file grows the arrays).
        int breaks = text.AsSpan().Count('\n');
        if (breaks == 0) breaks = text.AsSpan().Count('\r');
        var starts = new int[breaks + 1];
        var ends = new int[breaks + 1];
        int count = 0, start = 0;
        for (int i = text.AsSpan().IndexOfAny('\n', '\r'); i >= 0;)
        {
            Add(start, i);
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
            int next = text.AsSpan(start).IndexOfAny('\n', '\r');
            i = next < 0 ? -1 : start + next;
        }
        if (start < text.Length) Add(start, text.Length);
        return (starts, ends, count);

        void Add(int from, int to)
        {
            if (count == starts.Length)
            {
                Array.Resize(ref starts, starts.Length * 2);
                Array.Resize(ref ends, ends.Length * 2);
            }
            starts[count] = from;
            ends[count++] = to;
        }
    }

    /// <summary>The lines as strings, each made on first use.</summary>
    private sealed class LineList(SourceText source) : IReadOnlyList<string>
    {
        public string this[int index] => source[index + 1];
        public int Count => source._count;
        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 1; i <= source._count; i++) yield return source[i];
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
