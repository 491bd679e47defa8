using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Ingest.Canonical;

/// <summary>
/// A YAML node with its place in the file. Built from parser events rather than with
/// YamlDotNet's RepresentationModel, whose loader recurses (deep nesting overflows the stack,
/// which cannot be caught) and hashes keys (alias bombs used as keys blow up).
/// </summary>
internal abstract class YNode
{
    public SourceSpan Span { get; set; } = new(1, 1, 1, 1);
    public int Line => Span.StartLine;
    public abstract string TypeName { get; }
}

internal sealed class YScalar : YNode
{
    public string Value { get; init; } = "";
    public ScalarStyle Style { get; init; }
    public bool IsNull => Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";
    public override string TypeName => IsNull ? "空值" : "文本";
}

internal sealed class YMap : YNode
{
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = new();
    public override string TypeName => "映射";
}

internal sealed class YSeq : YNode
{
    public List<YNode> Items { get; } = new();
    public override string TypeName => "列表";
}

/// <summary>Something already reported while building (an alias, too deep, too long): skipped silently.</summary>
internal sealed class YRejected : YNode
{
    public override string TypeName => "无效内容";
}

/// <summary>Builds one node from a parser, iteratively, within limits; what breaks a limit is reported as PR002.</summary>
internal sealed class YamlTreeBuilder
{
    public const int MaxDepth = 64;
    public const int MaxScalarLength = 100_000;
    public const int MaxNodes = 1_000_000;

    private readonly IReadOnlyList<string>? _lines;
    private readonly Action<Diagnostic> _report;
    private int _nodes;

    public YamlTreeBuilder(IReadOnlyList<string>? lines, Action<Diagnostic> report)
    {
        _lines = lines;
        _report = report;
    }

    private sealed class Frame
    {
        public required YNode Node { get; init; }
        public required Mark Start { get; init; }
        public bool Flow { get; init; }
        public YScalar? PendingKey { get; set; }
        public bool DiscardNext { get; set; }
        public HashSet<string>? Keys { get; set; }
    }

    /// <summary>
    /// Reads the node at the parser's current event and leaves the parser after it.
    /// Throws YamlException for syntax errors (the caller reports PR001).
    /// </summary>
    public YNode Build(IParser parser)
    {
        var stack = new Stack<Frame>();
        YNode? root = null;

        void Attach(YNode node)
        {
            if (stack.Count == 0) { root = node; return; }
            var top = stack.Peek();
            if (top.Node is YSeq seq) { seq.Items.Add(node); return; }
            var map = (YMap)top.Node;
            if (top.PendingKey is { } key)
            {
                map.Entries.Add(new(key, node));
                top.PendingKey = null;
            }
        }

        do
        {
            var ev = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
            var top = stack.Count > 0 ? stack.Peek() : null;

            if (ev is MappingEnd or SequenceEnd)
            {
                parser.MoveNext();
                var done = stack.Pop();
                var end = done.Flow ? (ev.Start.Line, ev.Start.Column) : LastEnd(done.Node, done.Start);
                done.Node.Span = ToSpan(done.Start, end);
                Attach(done.Node);
                continue;
            }

            if (++_nodes > MaxNodes)
                throw new TooLargeException(ev.Start);

            // A map expecting a value that is to be dropped (its key was a duplicate or not text).
            if (top is { Node: YMap, DiscardNext: true } && top.PendingKey is null)
            {
                parser.SkipThisAndNestedEvents();
                top.DiscardNext = false;
                continue;
            }

            bool keyPosition = top is { Node: YMap, PendingKey: null };
            if (keyPosition && ev is not Scalar)
            {
                Report(ev.Start, ev is AnchorAlias a ? $"不支持 YAML 别名（*{a.Value}）" : "字段名必须是文本");
                parser.SkipThisAndNestedEvents();
                top!.DiscardNext = true;
                continue;
            }

            switch (ev)
            {
                case Scalar s:
                    parser.MoveNext();
                    YNode scalar;
                    if (s.Value.Length > MaxScalarLength)
                    {
                        Report(s.Start, $"文本过长（{s.Value.Length} 个字符，上限 {MaxScalarLength}）");
                        scalar = new YRejected { Span = ToSpan(s.Start, (s.Start.Line, s.Start.Column)) };
                    }
                    else
                    {
                        scalar = new YScalar { Value = s.Value, Style = s.Style, Span = ToSpan(s.Start, ScalarEnd(s)) };
                    }
                    if (keyPosition)
                    {
                        if (scalar is not YScalar k) { top!.DiscardNext = true; break; }
                        top!.Keys ??= new HashSet<string>(StringComparer.Ordinal);
                        if (!top.Keys.Add(k.Value))
                        {
                            Report(s.Start, $"字段“{Excerpt(k.Value)}”重复，只取第一个");
                            top.DiscardNext = true;
                            break;
                        }
                        top.PendingKey = k;
                        break;
                    }
                    Attach(scalar);
                    break;
                case AnchorAlias alias:
                    parser.MoveNext();
                    Report(alias.Start, $"不支持 YAML 别名（*{alias.Value}）");
                    Attach(new YRejected { Span = ToSpan(alias.Start, (alias.End.Line, alias.End.Column - 1)) });
                    break;
                case NodeEvent start and (MappingStart or SequenceStart):
                    if (stack.Count >= MaxDepth)
                    {
                        Report(start.Start, $"嵌套超过 {MaxDepth} 层，已跳过");
                        parser.SkipThisAndNestedEvents();
                        Attach(new YRejected { Span = ToSpan(start.Start, (start.Start.Line, start.Start.Column)) });
                        break;
                    }
                    parser.MoveNext();
                    bool flow = start is MappingStart ms ? ms.Style == MappingStyle.Flow : ((SequenceStart)start).Style == SequenceStyle.Flow;
                    stack.Push(new Frame
                    {
                        Node = start is MappingStart ? new YMap() : new YSeq(),
                        Start = start.Start,
                        Flow = flow,
                    });
                    break;
                default:
                    throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
            }
        } while (stack.Count > 0 || root is null);

        return root;
    }

    private static (long Line, long Column) LastEnd(YNode node, Mark start)
    {
        YNode? last = node switch
        {
            YMap m when m.Entries.Count > 0 => m.Entries[^1].Value,
            YSeq s when s.Items.Count > 0 => s.Items[^1],
            _ => null,
        };
        return last is null ? (start.Line, start.Column) : (last.Span.EndLine, last.Span.EndColumn);
    }

    /// <summary>The inclusive end of a scalar; block scalars end at the start of the next line.</summary>
    private (long Line, long Column) ScalarEnd(Scalar s)
    {
        var end = s.End;
        if (end.Line < s.Start.Line || (end.Line == s.Start.Line && end.Column <= s.Start.Column))
            return (s.Start.Line, s.Start.Column);
        if (end.Column > 1) return (end.Line, end.Column - 1);
        long line = end.Line - 1;
        while (line > s.Start.Line && _lines is not null && line <= _lines.Count && _lines[(int)line - 1].Trim().Length == 0) line--;
        long col = _lines is not null && line >= 1 && line <= _lines.Count ? Math.Max(1, _lines[(int)line - 1].TrimEnd().Length) : 1;
        return (line, col);
    }

    private static SourceSpan ToSpan(Mark start, (long Line, long Column) end)
    {
        int sl = Clamp(start.Line), sc = Clamp(start.Column);
        int el = Clamp(end.Line), ec = Clamp(end.Column);
        if (el < sl || (el == sl && ec < sc)) (el, ec) = (sl, sc);
        return new SourceSpan(sl, sc, el, ec);
    }

    private static int Clamp(long v) => (int)Math.Clamp(v, 1, int.MaxValue);

    private void Report(Mark at, string why) => _report(Unplaced(Clamp(at.Line), Clamp(at.Column), why, null));

    internal static Diagnostic Unplaced(int line, int column, string why, string? text)
        => new("PR002", $"第 {line} 行无法归入模型：{why}", new SourceSpan(line, column, line, column), text);

    internal static string Excerpt(string s) => s.Length <= 80 ? s : s[..80] + "…";

    internal sealed class TooLargeException(Mark at) : Exception("too many YAML nodes")
    {
        public Mark At { get; } = at;
    }
}
