namespace PerfRules.Rules;

/// <summary>
/// A C# expression as written in a rule file, with where it starts. Every character of
/// <see cref="Text"/> also knows its own line and column in the file (multi-line and quoted
/// scalars included), so compile errors point at the exact place.
/// </summary>
public sealed class Expr
{
    private readonly int[] _lines;
    private readonly int[] _columns;

    public string Text { get; }
    public string File { get; }
    /// <summary>1-based line of the first character.</summary>
    public int Line => _lines[0];
    /// <summary>1-based column of the first character.</summary>
    public int Column => _columns[0];

    /// <param name="lines">Line of each character, plus one entry for the end.</param>
    /// <param name="columns">Column of each character, plus one entry for the end.</param>
    internal Expr(string text, string file, int[] lines, int[] columns)
    {
        if (lines.Length != text.Length + 1 || columns.Length != text.Length + 1)
            throw new ArgumentException("position map must cover every character and the end");
        Text = text; File = file; _lines = lines; _columns = columns;
    }

    /// <summary>An expression on one line (for rules built in code and for tests).</summary>
    public static Expr Inline(string text, string file = "", int line = 1, int column = 1)
    {
        var lines = new int[text.Length + 1];
        var cols = new int[text.Length + 1];
        for (var i = 0; i <= text.Length; i++) { lines[i] = line; cols[i] = column + i; }
        return new Expr(text, file, lines, cols);
    }

    /// <summary>The file position of a character offset inside <see cref="Text"/>.</summary>
    public (int Line, int Column) PositionAt(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        return (_lines[offset], _columns[offset]);
    }

    /// <summary>The part of this expression from <paramref name="start"/>, keeping positions.</summary>
    public Expr Slice(int start, int length) =>
        new(Text.Substring(start, length), File, _lines[start..(start + length + 1)], _columns[start..(start + length + 1)]);

    public override string ToString() => Text;
}
