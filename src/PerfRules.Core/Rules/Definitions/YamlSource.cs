using System.Text;
using PerfRules.Yaml;
using YamlDotNet.Core;

namespace PerfRules.Rules;

/// <summary>
/// A rule file's text with a line table: turns YAML marks into lines and columns (lines end at
/// '\n' only, as editors count them). The tree comes from <see cref="YamlTreeBuilder"/>, the
/// documents' hardened reader.
/// </summary>
internal sealed class YamlSource
{
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly bool _bom;

    public RuleFile File { get; }

    /// <summary>The text the YAML parser reads: a byte order mark becomes a space (same offsets; a scanner takes it for content).</summary>
    public string Text { get; }

    public YamlSource(RuleFile file)
    {
        File = file;
        _bom = file.Content.StartsWith('\uFEFF');
        Text = _bom ? " " + file.Content[1..] : file.Content;
        for (var i = 0; i < Text.Length; i++)
            if (Text[i] == '\n') _lineStarts.Add(i + 1);
    }

    /// <summary>1-based line and column of a character index (a leading byte order mark takes no column).</summary>
    public (int Line, int Column) PositionOfIndex(long index)
    {
        var i = (int)Math.Clamp(index, 0, Text.Length);
        var line = _lineStarts.BinarySearch(i);
        if (line < 0) line = ~line - 1;
        var column = i - _lineStarts[line] + 1;
        if (line == 0 && _bom) column = Math.Max(1, column - 1);
        return (line + 1, column);
    }

    public (int Line, int Column) PositionOf(Mark mark) => PositionOfIndex(mark.Index);

    public RuleFilePlace At(YNode node)
    {
        var (line, col) = PositionOfIndex(node.StartIndex);
        return new RuleFilePlace(File.Name, line, col);
    }

    public string? Scalar(YNode node, string key, List<RuleLoadError> errors)
    {
        if (node is YScalar s) return s.Value;
        errors.Add(At(node).Error($"{key} 应是一个值（字符串）"));
        return null;
    }

    /// <summary>A scalar as an expression, every character mapped back to the file.</summary>
    public Expr? Expression(YNode node, string key, List<RuleLoadError> errors, bool allowEmpty = false)
    {
        if (node is not YScalar s) { errors.Add(At(node).Error($"{key} 应是一个表达式（字符串）")); return null; }
        var value = s.Value;
        if (!allowEmpty && value.Trim().Length == 0) { errors.Add(At(node).Error($"{key} 是空的")); return null; }

        var start = (int)Math.Min(s.StartIndex, Text.Length);
        var end = (int)Math.Min(s.EndIndex, Text.Length);
        var p = start;
        if (s.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            var nl = Text.IndexOf('\n', start);
            p = nl < 0 ? end : nl + 1;
        }
        else if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) p = start + 1;

        // Greedy alignment of the value with the raw text: whitespace, quotes and escapes are skipped.
        var map = new int[value.Length + 1];
        for (var k = 0; k < value.Length; k++)
        {
            var q = p;
            var others = 0;
            var found = -1;
            while (q < end)
            {
                if (Text[q] == value[k]) { found = q; break; }
                if (char.IsWhiteSpace(Text[q])) q++;
                else if (others++ < 8) q++;
                else break;
            }
            if (found >= 0) { map[k] = found; p = found + 1; }
            else map[k] = Math.Min(p, Math.Max(end - 1, start));
        }
        map[value.Length] = p;

        var lines = new int[map.Length];
        var cols = new int[map.Length];
        for (var i = 0; i < map.Length; i++) (lines[i], cols[i]) = PositionOfIndex(map[i]);
        return new Expr(value, File.Name, lines, cols);
    }

    /// <summary>
    /// A node's text as written (comments kept), without its anchor and dedented, so it reads as
    /// a YAML document of its own.
    /// </summary>
    public string RawBlock(YNode node)
    {
        var start = (int)Math.Min(node.StartIndex, Text.Length);
        // A collection's End mark is not reliable in block style: the builder keeps the furthest
        // end of anything written inside (aliases count as their own text: nothing is expanded).
        var end = (int)Math.Clamp(node.EndIndex, start, Text.Length);
        if (start >= Text.Length) return "\n";
        if (Text[start] is '{' or '[') end = CloseBrackets(start, end);
        else
        {
            // Block style: the node runs to the end of its last line (closing brackets of flow children, comments).
            var nl = Text.IndexOf('\n', end);
            end = nl < 0 ? Text.Length : nl;
        }
        var raw = Text[start..end].Replace("\r\n", "\n");
        if (raw.StartsWith('&'))
        {
            var cut = 0;
            while (cut < raw.Length && !char.IsWhiteSpace(raw[cut])) cut++;
            raw = raw[cut..].TrimStart(' ', '\t');
        }
        var lines = raw.Split('\n').ToList();
        int indent;
        var dedentFirst = false;
        if (lines[0].Trim().Length == 0)
        {
            // "&anchor" alone on its line: the block starts on the next line.
            lines.RemoveAt(0);
            indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
            dedentFirst = true;
        }
        else indent = PositionOfIndex(start + (Text[start..end].Replace("\r\n", "\n").Length - raw.Length)).Column - 1;

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var cut = 0;
            if (i > 0 || dedentFirst)
                while (cut < indent && cut < line.Length && line[cut] == ' ') cut++;
            if (i > 0) sb.Append('\n');
            sb.Append(line[cut..]);
        }
        return sb.ToString().TrimEnd() + "\n";
    }

    // Flow collections end after their last scalar: take in the closing brackets that balance the slice.
    private int CloseBrackets(int start, int end)
    {
        var depth = 0;
        char quote = '\0';
        for (var i = start; i < end; i++)
        {
            var c = Text[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c is '{' or '[') depth++;
            else if (c is '}' or ']') depth--;
        }
        while (depth > 0 && end < Text.Length)
        {
            var c = Text[end++];
            if (c is '}' or ']') depth--;
            else if (c is '{' or '[') depth++;
        }
        return end;
    }
}
