using PerfRules.Model;
using YamlDotNet.Core;

namespace PerfRules.Yaml;

/// <summary>
/// A YAML node with its place in the file. Built from parser events rather than with
/// YamlDotNet's RepresentationModel, whose loader recurses (deep nesting overflows the stack,
/// which cannot be caught) and hashes keys (alias bombs used as keys blow up).
/// </summary>
internal abstract class YNode
{
    public SourceSpan Span { get; set; } = new(1, 1, 1, 1);
    /// <summary>Character offset of the node's start in the text.</summary>
    public long StartIndex { get; set; }
    /// <summary>Character offset just past the furthest thing written inside the node (an alias counts as its own text).</summary>
    public long EndIndex { get; set; }
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
