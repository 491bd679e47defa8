using System.Globalization;
using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Yaml;

/// <summary>
/// The code table's YAML form (rules/indicator-codes.yaml; a rule file's <c>codes:</c>) read from the
/// hardened YAML tree: one reader for the built-in table and for rule sets' extensions, every
/// problem in Chinese at the line and column of the node at fault. YamlDotNet's object deserializer
/// did this before; building it and its first use cost about 20–35 ms of every run's start
/// (docs/performance.md, "The fixed cost of a run").
/// </summary>
public static class CodeTableYaml
{
    private static readonly string[] TableKeys = { "codes", "version", "level1" };
    private static readonly string[] Level1Keys = { "code", "name", "level2" };
    private static readonly string[] Level2Keys = { "code", "name" };

    /// <summary>The name of the embedded rules/indicator-codes.yaml.</summary>
    internal const string BuiltinResource = "PerfRules.BuiltinRules.indicator-codes.yaml";

    private static CodeTable? _builtin;
    private static readonly object BuiltinGate = new();

    /// <summary>The table shipped in rules/indicator-codes.yaml.</summary>
    public static CodeTable Builtin => Volatile.Read(ref _builtin) ?? LoadBuiltin(null);

    /// <summary>Whether <see cref="Builtin"/> is made (then asking for it parses nothing).</summary>
    internal static bool IsBuiltinLoaded => Volatile.Read(ref _builtin) is not null;

    /// <summary>
    /// The built-in table, made the first time it is asked for: <paramref name="stored"/> when given (the table
    /// read back from a verified rule-cache entry of the built-in set, whose key covers indicator-codes.yaml
    /// and this assembly's build: so no YAML is parsed on a warm start), else parsed from the embedded file.
    /// The same instance from then on, whichever came first.
    /// </summary>
    internal static CodeTable LoadBuiltin(CodeTable? stored)
    {
        lock (BuiltinGate) return _builtin ??= stored ?? ParseBuiltin();
    }

    // Apart, so that reaching the table already made does not bring YamlDotNet's types in.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static CodeTable ParseBuiltin()
    {
        using var stream = typeof(CodeTableYaml).Assembly.GetManifestResourceStream(BuiltinResource)
            ?? throw new InvalidOperationException("built-in indicator-codes.yaml is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "indicator-codes.yaml");
    }

    /// <summary>
    /// A code table from YAML text (a table of our own: the built-in one, tests). Throws
    /// <see cref="FormatException"/> with every problem as "name:line:column: message", one a line.
    /// An empty text is an empty table.
    /// </summary>
    public static CodeTable Parse(string yaml, string name = "代码表")
    {
        var problems = new List<string>();
        void Problem(long line, long column, string why) => problems.Add($"{name}:{line}:{column}: {why}");
        YNode? root = null;
        if (YamlTreeBuilder.FlowNestingBeyond(yaml, YamlTreeBuilder.MaxDepth) is not null)
            Problem(1, 1, $"YAML 格式错误：嵌套超过 {YamlTreeBuilder.MaxDepth} 层");
        else
            try
            {
                var parser = new Parser(new StringReader(yaml));
                parser.Consume<StreamStart>();
                if (parser.TryConsume<DocumentStart>(out _))
                    root = new YamlTreeBuilder((at, why) => Problem(at.Line, at.Column, "YAML 格式错误：" + why)).Build(parser);
            }
            catch (YamlException e) { Problem(e.Start.Line, e.Start.Column, "YAML 格式错误：" + e.Message); }
            catch (YamlTreeBuilder.TooLargeException e) { Problem(e.At.Line, e.At.Column, $"YAML 格式错误：节点超过 {YamlTreeBuilder.MaxNodes} 个"); }
        var table = root is null || problems.Count > 0 ? null : Read(root, "", (n, why) => Problem(n.Span.StartLine, n.Span.StartColumn, why));
        if (problems.Count > 0) throw new FormatException(string.Join("\n", problems));
        return table ?? new CodeTable();
    }

    /// <summary>
    /// A code table from a node of the tree; each problem goes to <paramref name="problem"/> at its
    /// node (messages name the place from <paramref name="path"/>, e.g. "codes.level1[2].code"), and
    /// then the result is null. A null node is an empty table.
    /// </summary>
    internal static CodeTable? Read(YNode node, string path, Action<YNode, string> problem)
    {
        var ok = true;
        void Bad(YNode at, string why) { ok = false; problem(at, why); }
        string Path(string key) => path.Length == 0 ? key : path + "." + key;

        var table = new CodeTable();
        if (IsNull(node)) return table;
        if (node is not YMap map) { Bad(node, $"{Named(path, "代码表")}应是映射（codes、version、level1）"); return null; }
        foreach (var (key, value) in map.Entries)
            switch (key.Value)
            {
                case "codes": table.Codes = Text(value, Path("codes"), Bad) ?? ""; break;
                case "version": table.Version = Text(value, Path("version"), Bad) ?? ""; break;
                case "level1":
                    var level1 = new List<CodeTable.Level1Entry>();
                    foreach (var (item, at) in Items(value, Path("level1"), Bad))
                        if (Entry(item, at, Level1Keys, Bad) is { } e)
                        {
                            var entry = new CodeTable.Level1Entry { Code = e.Code, Name = e.Name };
                            if (e.Level2 is { } children)
                                foreach (var (child, childAt) in Items(children, at + ".level2", Bad))
                                    if (Entry(child, childAt, Level2Keys, Bad) is { } c)
                                        entry.Level2.Add(new CodeTable.Level2Entry { Code = c.Code, Name = c.Name });
                            level1.Add(entry);
                        }
                    table.Level1 = level1;
                    break;
                default: Bad(key, UnknownKey(key.Value, Named(path, "代码表"), TableKeys)); break;
            }
        return ok ? table : null;
    }

    /// <summary>"未知的键…" as the rule files word it.</summary>
    internal static string UnknownKey(string key, string where, string[] allowed) =>
        $"{where}中未知的键“{YamlTreeBuilder.Excerpt(key)}”（允许：{string.Join("、", allowed)}）";

    /// <summary>One entry of level1 or level2: its code and name, and (level1) its level2 node.</summary>
    private static (int? Code, string Name, YNode? Level2)? Entry(YNode node, string at, string[] keys, Action<YNode, string> bad)
    {
        if (node is not YMap map) { bad(node, $"{at} 应是映射（{string.Join("、", keys)}）"); return null; }
        int? code = null;
        string? name = null;
        YNode? level2 = null;
        var fine = true;
        foreach (var (key, value) in map.Entries)
            switch (key.Value)
            {
                case "code":
                    if (IsNull(value)) break;
                    if (value is YScalar s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var c)) code = c;
                    else { bad(value, $"{at}.code 应是整数（如 11）{Was(value)}"); fine = false; }
                    break;
                case "name":
                    // A name left empty (null) broke every lookup later; an entry without name: has "" as before.
                    if (IsNull(value)) { bad(value, $"{at}.name 是空的"); fine = false; }
                    else if (Text(value, at + ".name", bad) is { } text) name = text;
                    else fine = false;
                    break;
                case "level2" when keys == Level1Keys: level2 = value; break;
                default: bad(key, UnknownKey(key.Value, at + " ", keys)); fine = false; break;
            }
        return fine ? (code, name ?? "", level2) : null;
    }

    /// <summary>The items of a list, each with its place ("level1[2]"); a null node is an empty list.</summary>
    private static IEnumerable<(YNode Item, string At)> Items(YNode node, string path, Action<YNode, string> bad)
    {
        if (IsNull(node)) yield break;
        if (node is not YSeq seq) { bad(node, $"{path} 应是列表"); yield break; }
        for (var i = 0; i < seq.Items.Count; i++) yield return (seq.Items[i], $"{path}[{i}]");
    }

    private static string? Text(YNode node, string path, Action<YNode, string> bad)
    {
        if (node is YScalar { IsNull: false } s) return s.Value;
        if (node is YScalar) return null;
        bad(node, $"{path} 应是文本，不是{node.TypeName}");
        return null;
    }

    private static string Was(YNode node) => node is YScalar s ? $"，不是“{YamlTreeBuilder.Excerpt(s.Value)}”" : $"，不是{node.TypeName}";

    private static string Named(string path, string otherwise) => path.Length == 0 ? otherwise : path + " ";

    private static bool IsNull(YNode node) => node is YScalar { IsNull: true };
}
