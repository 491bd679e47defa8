using System.Text;

namespace PerfRules.Rules;

/// <summary>
/// A finding's message: literal text with <c>{expression}</c> holes. <c>{{</c> and <c>}}</c> are
/// literal braces. Holes may nest braces and contain string literals.
/// </summary>
public sealed class MessageTemplate
{
    /// <summary>A piece of the template: literal text, or a hole when <see cref="Hole"/> is set.</summary>
    public sealed record Part(string Literal, Expr? Hole);

    public Expr Source { get; }
    public IReadOnlyList<Part> Parts { get; }
    public IEnumerable<Expr> Holes => Parts.Where(p => p.Hole is not null).Select(p => p.Hole!);
    public int HoleCount { get; }

    // The parts as an array, for Render (made for every finding).
    private readonly Part[] _parts;

    private MessageTemplate(Expr source, IReadOnlyList<Part> parts)
    {
        Source = source; Parts = parts;
        _parts = parts.ToArray();
        HoleCount = _parts.Count(p => p.Hole is not null);
    }

    /// <summary>Fills the holes, in order, with the given values.</summary>
    public string Render(IReadOnlyList<string> holeValues) => Render(holeValues, 0);

    /// <summary>Fills the holes, in order, with the values from <paramref name="first"/> on (a rule's message and fix holes share one list).</summary>
    public string Render(IReadOnlyList<string> holeValues, int first)
    {
        // The length first, then the text written once (no builder growing and copied at the end).
        var length = 0;
        var h = first;
        foreach (var p in _parts)
            length += p.Hole is null ? p.Literal.Length : (h < holeValues.Count ? holeValues[h++].Length : 0);
        return string.Create(length, (this, holeValues, first), static (span, state) =>
        {
            var (template, values, h) = state;
            foreach (var p in template._parts)
            {
                var piece = p.Hole is null ? p.Literal : (h < values.Count ? values[h++] : "");
                piece.CopyTo(span);
                span = span[piece.Length..];
            }
        });
    }

    /// <summary>The template as a reader can follow it without the values: each hole shown as …</summary>
    public string Sketch() => string.Concat(Parts.Select(p => p.Hole is null ? p.Literal : "…"));

    /// <summary>Splits a template; problems (an unclosed or empty hole, a stray brace) go to <paramref name="errors"/>.</summary>
    public static MessageTemplate Parse(Expr source, List<RuleLoadError> errors)
    {
        var text = source.Text;
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i += 2; continue; }
            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i += 2; continue; }
            if (c == '}')
            {
                Error(source, i, "消息中有多余的“}”（字面的花括号请写成“}}”）", errors);
                i++; continue;
            }
            if (c != '{') { literal.Append(c); i++; continue; }

            var close = FindClose(text, i + 1);
            if (close < 0)
            {
                Error(source, i, "消息中的“{”没有对应的“}”", errors);
                break;
            }
            if (literal.Length > 0) { parts.Add(new Part(literal.ToString(), null)); literal.Clear(); }
            var hole = source.Slice(i + 1, close - i - 1);
            if (hole.Text.Trim().Length == 0) Error(source, i, "消息中的“{}”是空的", errors);
            else parts.Add(new Part("", hole));
            i = close + 1;
        }
        if (literal.Length > 0) parts.Add(new Part(literal.ToString(), null));
        return new MessageTemplate(source, parts);
    }

    // Nesting counts braces outside string and char literals.
    private static int FindClose(string text, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' || c == '\'')
            {
                for (i++; i < text.Length && text[i] != c; i++)
                    if (text[i] == '\\') i++;
                continue;
            }
            if (c == '{') depth++;
            else if (c == '}')
            {
                if (depth == 0) return i;
                depth--;
            }
        }
        return -1;
    }

    private static void Error(Expr source, int offset, string message, List<RuleLoadError> errors)
    {
        var (line, col) = source.PositionAt(offset);
        errors.Add(new RuleLoadError(source.File, line, col, message));
    }
}
