using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>A decoded input file split into lines (terminators LF, CRLF and CR all accepted).</summary>
public sealed class SourceText
{
    public string Path { get; }
    public string Text { get; }
    public string EncodingName { get; }
    /// <summary>Where the lines came from when they were rebuilt from a PDF, workbook or Word file; null for text.</summary>
    public SourceMap? Places { get; }
    /// <summary>Lines without their terminators; index 0 is line 1.</summary>
    public IReadOnlyList<string> Lines { get; }
    /// <summary>
    /// Problems the opener met while building this text (a formula cell without a saved value, cells
    /// beyond a limit); the reader adds them to the submission's diagnostics. Empty for plain text.
    /// </summary>
    public IReadOnlyList<Diagnostic> Problems { get; init; } = Array.Empty<Diagnostic>();

    public SourceText(string path, string text, string encodingName, SourceMap? places = null)
    {
        Path = path;
        Text = text;
        EncodingName = encodingName;
        Places = places;
        Lines = SplitLines(text);
    }

    public int LineCount => Lines.Count;

    /// <summary>The text of a 1-based line.</summary>
    public string this[int line] => Lines[line - 1];

    /// <summary>A span over the non-blank part of a 1-based line.</summary>
    public SourceSpan LineSpan(int line)
    {
        var s = Lines[line - 1];
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

    private bool[]? _blank;

    /// <summary>Whether a 1-based line is empty or white space (worked out once per line: readers ask often).</summary>
    public bool IsBlank(int line)
    {
        if (_blank is null)
        {
            var blank = new bool[Lines.Count];
            for (int i = 0; i < blank.Length; i++) blank[i] = TextChars.IsBlank(Lines[i]);
            _blank = blank;
        }
        return _blank[line - 1];
    }

    public static IReadOnlyList<string> SplitLines(string text)
    {
        // Sized once: a line per LF, or per CR in a CR-only file.
        int breaks = text.AsSpan().Count('\n');
        if (breaks == 0) breaks = text.AsSpan().Count('\r');
        var lines = new List<string>(breaks + 1);
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\n' && c != '\r') continue;
            lines.Add(text.Substring(start, i - start));
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text.Substring(start));
        return lines;
    }
}
