using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Yaml;

/// <summary>
/// Builds one node from a parser, iteratively, within limits. For documents, what breaks a limit
/// is reported as PR002 and skipped; rule files use the strict form (every problem reported to
/// the caller, aliases resolved to their anchor's node without copying, their expansion counted).
/// </summary>
internal sealed class YamlTreeBuilder
{
    public const int MaxDepth = 64;
    public const int MaxScalarLength = 100_000;
    public const int MaxNodes = 1_000_000;
    /// <summary>Strict form: how many nodes the aliases of one file may stand for in all (an alias bomb expands exponentially).</summary>
    public const int MaxAliasExpansion = 100_000;

    private readonly IReadOnlyList<string>? _lines;
    private readonly Action<Mark, string> _problem;
    private readonly bool _strict;
    private int _nodes;
    private long _expanded;
    private bool _expansionReported;
    private Dictionary<string, (YNode Node, long Size)>? _anchors;

    /// <summary>Documents: problems become PR002 findings; aliases are not supported.</summary>
    public YamlTreeBuilder(IReadOnlyList<string>? lines, Action<Diagnostic> report)
    {
        _lines = lines;
        _problem = (at, why) => report(Unplaced(Clamp(at.Line), Clamp(at.Column), why, null));
    }

    /// <summary>Rule files: every problem goes to <paramref name="problem"/> (the caller fails the file); aliases are resolved within <see cref="MaxAliasExpansion"/>.</summary>
    public YamlTreeBuilder(Action<Mark, string> problem)
    {
        _problem = problem;
        _strict = true;
        _anchors = new Dictionary<string, (YNode, long)>(StringComparer.Ordinal);
    }

    private sealed class Frame
    {
        public required YNode Node { get; init; }
        public required Mark Start { get; init; }
        public bool Flow { get; init; }
        public YScalar? PendingKey { get; set; }
        public bool DiscardNext { get; set; }
        public HashSet<string>? Keys { get; set; }
        public string? Anchor { get; init; }
        /// <summary>Nodes below, aliases expanded (strict form).</summary>
        public long Size { get; set; }
        public long Furthest { get; set; }
    }

    /// <summary>
    /// Reads the node at the parser's current event and leaves the parser after it.
    /// Throws YamlException for syntax errors (the caller reports PR001).
    /// </summary>
    public YNode Build(IParser parser)
    {
        var stack = new Stack<Frame>();
        YNode? root = null;

        void Attach(YNode node, long size = 1)
        {
            if (stack.Count == 0) { root = node; return; }
            var top = stack.Peek();
            top.Size += size;
            top.Furthest = Math.Max(top.Furthest, node.EndIndex);
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
                done.Node.EndIndex = done.Flow ? Math.Max(done.Furthest, ev.End.Index) : Math.Max(done.Furthest, done.Node.StartIndex);
                if (done.Anchor is { } name) _anchors![name] = (done.Node, done.Size + 1);
                Attach(done.Node, done.Size + 1);
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
                        scalar = new YRejected { Span = ToSpan(s.Start, (s.Start.Line, s.Start.Column)), StartIndex = s.Start.Index, EndIndex = s.End.Index };
                    }
                    else
                    {
                        scalar = new YScalar { Value = s.Value, Style = s.Style, Span = ToSpan(s.Start, ScalarEnd(s)), StartIndex = s.Start.Index, EndIndex = s.End.Index };
                        if (_anchors is not null && !s.Anchor.IsEmpty) _anchors[s.Anchor.Value] = (scalar, 1);
                    }
                    if (keyPosition)
                    {
                        if (scalar is not YScalar k) { top!.DiscardNext = true; break; }
                        top!.Keys ??= new HashSet<string>(StringComparer.Ordinal);
                        if (!top.Keys.Add(k.Value))
                        {
                            Report(s.Start, _strict ? $"字段“{Excerpt(k.Value)}”重复" : $"字段“{Excerpt(k.Value)}”重复，只取第一个");
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
                    var rejected = new YRejected
                    {
                        Span = ToSpan(alias.Start, (alias.End.Line, alias.End.Column - 1)), StartIndex = alias.Start.Index, EndIndex = alias.End.Index,
                    };
                    if (_anchors is null)
                    {
                        Report(alias.Start, $"不支持 YAML 别名（*{alias.Value}）");
                        Attach(rejected);
                    }
                    else if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        Report(alias.Start, $"别名 *{alias.Value} 没有在它之前定义的锚点");
                        Attach(rejected);
                    }
                    else if ((_expanded += target.Size) > MaxAliasExpansion)
                    {
                        if (!_expansionReported) Report(alias.Start, $"别名展开后的节点超过 {MaxAliasExpansion} 个（别名炸弹？）");
                        _expansionReported = true;
                        Attach(rejected);
                    }
                    else
                    {
                        // The anchor's own node, shared, not copied: the text it came from stays where it was.
                        if (stack.Count > 0) stack.Peek().Furthest = Math.Max(stack.Peek().Furthest, alias.End.Index);
                        Attach(target.Node, target.Size);
                    }
                    break;
                case NodeEvent start and (MappingStart or SequenceStart):
                    if (stack.Count >= MaxDepth)
                    {
                        Report(start.Start, _strict ? $"嵌套超过 {MaxDepth} 层" : $"嵌套超过 {MaxDepth} 层，已跳过");
                        parser.SkipThisAndNestedEvents();
                        Attach(new YRejected { Span = ToSpan(start.Start, (start.Start.Line, start.Start.Column)), StartIndex = start.Start.Index, EndIndex = start.End.Index });
                        break;
                    }
                    parser.MoveNext();
                    bool flow = start is MappingStart ms ? ms.Style == MappingStyle.Flow : ((SequenceStart)start).Style == SequenceStyle.Flow;
                    stack.Push(new Frame
                    {
                        Node = start is MappingStart ? new YMap { StartIndex = start.Start.Index } : new YSeq { StartIndex = start.Start.Index },
                        Start = start.Start,
                        Flow = flow,
                        Anchor = _anchors is not null && !start.Anchor.IsEmpty ? start.Anchor.Value : null,
                        Furthest = start.End.Index,
                    });
                    break;
                default:
                    throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
            }
        } while (stack.Count > 0 || root is null);

        return root;
    }

    /// <summary>
    /// Where flow collections ([…], {…}) nest deeper than <paramref name="maxDepth"/>, found by one
    /// linear pass over the text before it is parsed; null when they do not. YamlDotNet's scanner
    /// revisits every open flow level at every token, so 100,000 levels take minutes before the
    /// builder's own depth limit is reached. Brackets count where a YAML token can start (after
    /// a line start, ':', '-', ',', '?', '[' or '{'); quoted scalars and comments are skipped.
    /// </summary>
    public static int? FlowNestingBeyond(string text, int maxDepth)
    {
        var depth = 0;
        var prev = '\n'; // the last character that is not a space or tab ('\n' at a line start)
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var tokenStart = prev is '\n' or ':' or '-' or ',' or '?' or '[' or '{';
            if (c == '#' && (i == 0 || text[i - 1] is ' ' or '\t' or '\n' or '\r'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (tokenStart && c is '"' or '\'')
            {
                for (i++; i < text.Length; i++)
                {
                    if (c == '"' && text[i] == '\\') { i++; continue; }
                    if (text[i] != c) continue;
                    if (c == '\'' && i + 1 < text.Length && text[i + 1] == '\'') { i++; continue; }
                    break;
                }
                prev = c;
                continue;
            }
            if (tokenStart && c is '[' or '{')
            {
                if (++depth > maxDepth) return i;
            }
            else if (c is ']' or '}' && depth > 0) depth--;
            if (c == '\n') prev = '\n';
            else if (c is not (' ' or '\t' or '\r')) prev = c;
        }
        return null;
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

    private void Report(Mark at, string why) => _problem(at, why);

    internal static Diagnostic Unplaced(int line, int column, string why, string? text)
        => new("PR002", $"第 {line} 行无法归入模型：{why}", new SourceSpan(line, column, line, column), text);

    internal static string Excerpt(string s) => s.Length <= 80 ? s : s[..80] + "…";

    internal sealed class TooLargeException(Mark at) : Exception("too many YAML nodes")
    {
        public Mark At { get; } = at;
    }
}
