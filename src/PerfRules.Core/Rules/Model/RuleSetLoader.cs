using System.Text.RegularExpressions;
using PerfRules.Ingest.Canonical;
using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Rules;

/// <summary>
/// Reads rule files (YAML) into <see cref="RuleSet"/>s, resolving <c>extends:</c> and
/// <c>overrides:</c>. Every problem is collected and thrown as one <see cref="RuleLoadException"/>.
/// A rule set may be split over several files that share <c>ruleset:</c>; their rules are taken
/// in file-name order (ordinal), then in file order. Files without <c>ruleset:</c> but with
/// <c>level1:</c> are code tables (rules/indicator-codes.yaml) and are skipped.
/// </summary>
public static partial class RuleSetLoader
{
    /// <summary>The built-in rule set (rules/core.yaml, embedded in PerfRules.Core).</summary>
    public const string BuiltinName = "core";
    private const string ResourcePrefix = "PerfRules.BuiltinRules.";

    private static readonly Lazy<RuleSet> Builtin = new(() => Load(BuiltinFiles(), BuiltinName, useBuiltin: false));

    /// <summary>The built-in rule set.</summary>
    public static RuleSet LoadBuiltin() => Builtin.Value;

    /// <summary>The embedded rule files (top level of rules/), in name order.</summary>
    public static IReadOnlyList<RuleFile> BuiltinFiles()
    {
        var asm = typeof(RuleSetLoader).Assembly;
        var files = new List<RuleFile>();
        foreach (var res in asm.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!res.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var name = res[ResourcePrefix.Length..];
            if (name.Contains('/') || name.Contains('\\') || !IsYamlName(name)) continue;
            using var stream = asm.GetManifestResourceStream(res)!;
            using var reader = new StreamReader(stream);
            files.Add(new RuleFile(name, reader.ReadToEnd()));
        }
        return files;
    }

    /// <summary>
    /// Loads the rule sets of a folder (*.yaml, *.yml, not recursive) and returns the one named,
    /// or, when no name is given, the only one that no other in the folder extends.
    /// <c>extends: core</c> finds the built-in set unless the folder defines its own <c>core</c>.
    /// </summary>
    public static RuleSet LoadFolder(string dir, string? name = null)
    {
        if (!Directory.Exists(dir))
            throw new RuleLoadException(new[] { new RuleLoadError(dir, 0, 0, "规则文件夹不存在") });
        var files = YamlFilesIn(dir).Select(f => Read(f)).ToList();
        if (files.Count == 0)
            throw new RuleLoadException(new[] { new RuleLoadError(dir, 0, 0, "规则文件夹中没有 .yaml 文件") });
        return Load(files, name);
    }

    /// <summary>Loads the rule set declared in one file; its <c>extends:</c> target is looked for beside it.</summary>
    public static RuleSet LoadFile(string path)
    {
        if (!File.Exists(path))
            throw new RuleLoadException(new[] { new RuleLoadError(path, 0, 0, "规则文件不存在") });
        var full = Path.GetFullPath(path);
        var own = ParseFile(Read(path), new List<RuleLoadError>());
        var dir = Path.GetDirectoryName(full)!;
        var files = YamlFilesIn(dir).Select(f => Path.GetFullPath(f) == full ? Read(path) : Read(f)).ToList();
        return Load(files, own.SetName);
    }

    /// <summary>Largest rule file read (bytes): a rule file is text a person writes.</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    private static IEnumerable<string> YamlFilesIn(string dir)
    {
        try
        {
            return Directory.EnumerateFiles(dir).Where(IsYamlName).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuleLoadException(new[] { new RuleLoadError(dir, 0, 0, $"无法列出规则文件夹：{e.Message}") });
        }
    }

    /// <summary>Reads a rule file; a failure to read it is a load error naming it, like any other.</summary>
    private static RuleFile Read(string path)
    {
        try
        {
            var size = new FileInfo(path).Length;
            if (size > MaxFileBytes)
                throw new RuleLoadException(new[] { new RuleLoadError(path, 1, 1, $"规则文件过大（{size} 字节，上限 {MaxFileBytes}）") });
            return new RuleFile(path, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuleLoadException(new[] { new RuleLoadError(path, 1, 1, $"无法读取规则文件：{e.Message}") });
        }
    }

    /// <summary>Loads rule sets from in-memory files and returns the one named (or the only leaf).</summary>
    public static RuleSet Load(IEnumerable<RuleFile> files, string? name = null) => Load(files, name, useBuiltin: true);

    private static RuleSet Load(IEnumerable<RuleFile> files, string? name, bool useBuiltin)
    {
        var errors = new List<RuleLoadError>();
        var parsed = files.Select(f => ParseFile(f, errors)).Where(p => !p.IsCodeTable).ToList();
        var groups = parsed.Where(p => p.SetName is not null)
            .GroupBy(p => p.SetName!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        if (name is null && errors.Count == 0)
        {
            var extended = parsed.Select(p => p.Extends?.Name).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
            var leaves = groups.Keys.Where(k => !extended.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (leaves.Count == 1) name = leaves[0];
            else
            {
                var where = parsed.FirstOrDefault()?.File.Name ?? "";
                errors.Add(new RuleLoadError(where, 0, 0, leaves.Count == 0
                    ? "没有找到规则集（文件中缺少 ruleset:）"
                    : $"有多个规则集（{string.Join("、", leaves)}），请指定要使用哪一个"));
            }
        }

        RuleSet? result = null;
        if (name is not null && errors.Count == 0)
        {
            var resolver = new Resolver(groups, useBuiltin, errors);
            if (!groups.ContainsKey(name) && !(useBuiltin && name == BuiltinName))
                errors.Add(new RuleLoadError(parsed.FirstOrDefault()?.File.Name ?? "", 0, 0, $"找不到规则集“{name}”"));
            else
                result = resolver.Resolve(name, null);
        }
        if (errors.Count > 0 || result is null) throw new RuleLoadException(Dedupe(errors));
        return result;
    }

    private static IReadOnlyList<RuleLoadError> Dedupe(List<RuleLoadError> errors) => errors.Distinct().ToList();

    private static bool IsYamlName(string f) =>
        f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    // ---- resolution of extends / overrides ---------------------------------------------------

    private sealed class Resolver(Dictionary<string, List<ParsedFile>> groups, bool useBuiltin, List<RuleLoadError> errors)
    {
        private readonly Dictionary<string, RuleSet?> _done = new(StringComparer.Ordinal);
        private readonly List<string> _visiting = new();

        public RuleSet? Resolve(string name, Located? from)
        {
            if (_done.TryGetValue(name, out var done)) return done;
            if (_visiting.Contains(name))
            {
                var cycle = string.Join(" → ", _visiting.SkipWhile(v => v != name).Append(name));
                errors.Add(from is { } f ? f.Error($"规则集的 extends 形成了循环：{cycle}") : new RuleLoadError("", 0, 0, $"规则集的 extends 形成了循环：{cycle}"));
                return null;
            }
            if (!groups.TryGetValue(name, out var files))
            {
                if (useBuiltin && name == BuiltinName) return _done[name] = LoadBuiltin();
                errors.Add(from!.Value.Error($"找不到 extends 指向的规则集“{name}”（应在同一文件夹中，或为内置的 core）"));
                return null;
            }

            _visiting.Add(name);
            try { return _done[name] = Build(name, files); }
            finally { _visiting.Remove(name); }
        }

        private RuleSet? Build(string name, List<ParsedFile> files)
        {
            var version = Single(files, f => f.Version, "version");
            var extends = Single(files, f => f.Extends, "extends");
            RuleSet? parent = null;
            if (extends is { } ext)
            {
                parent = Resolve(ext.Name, ext.Where);
                if (parent is null) return null;
            }

            var rules = new List<Rule>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            if (parent is not null)
                foreach (var r in parent.Rules) { index[r.Id] = rules.Count; rules.Add(r); }

            foreach (var f in files)
                foreach (var r in f.Rules)
                {
                    if (index.TryGetValue(r.Id, out var prev))
                    {
                        var p = rules[prev];
                        errors.Add(new RuleLoadError(r.File, r.Line, r.Column, p.DefinedIn == name
                            ? $"规则 id“{r.Id}”重复（已在 {p.File}:{p.Line} 定义）"
                            : $"规则 id“{r.Id}”与继承的规则集 {p.DefinedIn} 中的规则重复；要修改继承的规则请用 overrides"));
                        continue;
                    }
                    index[r.Id] = rules.Count;
                    rules.Add(r);
                }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in files)
                foreach (var o in f.Overrides)
                {
                    if (!seen.Add(o.Id)) { errors.Add(o.Where.Error($"overrides 中“{o.Id}”重复")); continue; }
                    if (!index.TryGetValue(o.Id, out var at)) { errors.Add(o.Where.Error($"overrides 指向的规则“{o.Id}”不存在")); continue; }
                    rules[at] = rules[at].WithSeverity(o.Severity);
                }

            var codes = parent?.Codes ?? CodeTable.Builtin;
            foreach (var f in files)
                if (f.Codes is not null) codes = codes.Merge(f.Codes);

            var own = files.Select(f => f.File);
            return new RuleSet
            {
                Name = name,
                Version = version ?? "",
                Parent = parent,
                Rules = rules,
                Codes = codes,
                Files = (parent?.Files ?? Array.Empty<RuleFile>()).Concat(own).ToList(),
            };
        }

        // A key stated in several files of one set must agree.
        private T? Single<T>(List<ParsedFile> files, Func<ParsedFile, T?> get, string key)
        {
            T? value = default;
            ParsedFile? first = null;
            foreach (var f in files)
            {
                var v = get(f);
                if (v is null) continue;
                if (first is null) { value = v; first = f; continue; }
                if (!Equals(Key(v), Key(value)))
                    errors.Add(new RuleLoadError(f.File.Name, 1, 1, $"同一规则集的文件中 {key} 不一致（{first.File.Name} 中是“{Key(value)}”）"));
            }
            return value;
        }

        private static object? Key<T>(T v) => v is ExtendsRef e ? e.Name : v;
    }

    // ---- parsing one file ---------------------------------------------------------------------

    internal readonly record struct Located(string File, int Line, int Column)
    {
        public RuleLoadError Error(string message) => new(File, Line, Column, message);
    }

    private sealed record ExtendsRef(string Name, Located Where);
    private sealed record OverrideEntry(string Id, Severity Severity, Located Where);

    private sealed class ParsedFile(RuleFile file)
    {
        public RuleFile File { get; } = file;
        public string? SetName { get; set; }
        public string? Version { get; set; }
        public ExtendsRef? Extends { get; set; }
        public List<OverrideEntry> Overrides { get; } = new();
        public CodeTable? Codes { get; set; }
        public List<Rule> Rules { get; } = new();
        public bool IsCodeTable { get; set; }
    }

    private static readonly string[] FileKeys = { "ruleset", "version", "extends", "overrides", "codes", "rules", "description" };
    private static readonly string[] RuleKeys = { "id", "title", "severity", "scope", "when", "let", "assert", "message", "at", "reports", "basis", "description", "tags", "examples" };

    /// <summary>The keys <c>reports: diagnostics</c> stands for: a rule with it may not write them.</summary>
    private static readonly string[] ReportsDiagnosticsKeys = { "scope", "when", "let", "assert", "message", "at" };
    private static readonly string[] ReservedNames = { "doc", "diagnostic", "unit", "project", "indicator", "rowKind", "name", "amounts", "codes", "department" };

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex LetNamePattern();

    /// <summary>
    /// Reads a rule file's one YAML document with the documents' hardened reader (iterative: no
    /// stack overflow however deep; depth, size and alias expansion limited). Any problem fails
    /// the file: nothing of a damaged file is interpreted.
    /// </summary>
    private static YMap? ReadTree(YamlSource src, List<RuleLoadError> errors)
    {
        var file = src.File;
        var before = errors.Count;
        RuleLoadError At(Mark mark, string message)
        {
            var (line, col) = src.PositionOf(mark);
            return new RuleLoadError(file.Name, line, col, message);
        }
        if (YamlTreeBuilder.FlowNestingBeyond(src.Text, YamlTreeBuilder.MaxDepth) is { } deep)
        {
            var (line, col) = src.PositionOfIndex(deep);
            errors.Add(new RuleLoadError(file.Name, line, col, $"YAML 格式错误：嵌套超过 {YamlTreeBuilder.MaxDepth} 层"));
            return null;
        }
        try
        {
            var parser = new Parser(new StringReader(src.Text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                errors.Add(new RuleLoadError(file.Name, 1, 1, "规则文件是空的"));
                return null;
            }
            var root = new YamlTreeBuilder((mark, why) => errors.Add(At(mark, "YAML 格式错误：" + why))).Build(parser);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
                errors.Add(At(second.Start, "一个规则文件只能有一个 YAML 文档"));
            if (errors.Count > before) return null;
            if (root is YMap map) return map;
            errors.Add(src.At(root).Error("规则文件的顶层应是映射（ruleset:、rules: …）"));
            return null;
        }
        catch (YamlException e)
        {
            errors.Add(At(e.Start, "YAML 格式错误：" + e.Message));
        }
        catch (YamlTreeBuilder.TooLargeException e)
        {
            errors.Add(At(e.At, $"YAML 格式错误：节点超过 {YamlTreeBuilder.MaxNodes} 个"));
        }
        return null;
    }

    private static YNode? Get(YMap map, string key)
    {
        foreach (var (k, v) in map.Entries)
            if (k.Value == key) return v;
        return null;
    }

    private static ParsedFile ParseFile(RuleFile file, List<RuleLoadError> errors)
    {
        var result = new ParsedFile(file);
        try
        {
            ParseFile(result, errors);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or RuleLoadException))
        {
            // Hostile input must give a message, never a crash: name the file.
            errors.Add(new RuleLoadError(file.Name, 1, 1, $"无法读取规则文件（{e.GetType().Name}）"));
        }
        return result;
    }

    private static void ParseFile(ParsedFile result, List<RuleLoadError> errors)
    {
        var file = result.File;
        var src = new YamlSource(file);
        if (ReadTree(src, errors) is not { } root) return;

        var keys = root.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        if (!keys.Contains("ruleset") && keys.Contains("level1")) { result.IsCodeTable = true; return; }

        foreach (var (keyNode, value) in root.Entries)
        {
            var key = keyNode.Value;
            switch (key)
            {
                case "ruleset":
                    result.SetName = src.Scalar(value, "ruleset", errors);
                    if (result.SetName is { Length: 0 }) { errors.Add(src.At(value).Error("ruleset 不能为空")); result.SetName = null; }
                    break;
                case "version": result.Version = src.Scalar(value, "version", errors); break;
                case "extends":
                    if (src.Scalar(value, "extends", errors) is { Length: > 0 } ext) result.Extends = new ExtendsRef(ext, src.At(value));
                    break;
                case "description": break;
                case "overrides": ParseOverrides(src, value, result, errors); break;
                case "codes": result.Codes = ParseCodes(src, value, errors); break;
                case "rules": break;
                default: errors.Add(src.At(keyNode).Error(UnknownKey(key, FileKeys))); break;
            }
        }
        if (result.SetName is null)
        {
            errors.Add(new RuleLoadError(file.Name, 1, 1, "缺少 ruleset:（规则集名称）"));
            return;
        }

        if (Get(root, "rules") is { } rulesNode)
        {
            if (rulesNode is YSeq seq)
                foreach (var item in seq.Items)
                {
                    if (item is YMap m) { if (ParseRule(src, m, result.SetName, errors) is { } r) result.Rules.Add(r); }
                    else errors.Add(src.At(item).Error("rules 的每一项应是一条规则（映射）"));
                }
            else if (!IsNull(rulesNode)) errors.Add(src.At(rulesNode).Error("rules 应是列表"));
        }
    }

    private static bool IsNull(YNode n) => n is YScalar { IsNull: true };

    private static string UnknownKey(string key, string[] allowed) => $"未知的键“{key}”（允许：{string.Join("、", allowed)}）";

    private static void ParseOverrides(YamlSource src, YNode node, ParsedFile result, List<RuleLoadError> errors)
    {
        if (node is not YMap map) { if (!IsNull(node)) errors.Add(src.At(node).Error("overrides 应是映射：规则 id → { severity: … }")); return; }
        foreach (var (k, v) in map.Entries)
        {
            var id = k.Value;
            YNode? sevNode = null;
            if (v is YScalar) sevNode = v; // shorthand: PR203: off
            else if (v is YMap vm)
                foreach (var (ok, ov) in vm.Entries)
                {
                    var okName = ok.Value;
                    if (okName == "severity") sevNode = ov;
                    else errors.Add(src.At(ok).Error(UnknownKey(okName ?? "", new[] { "severity" })));
                }
            if (sevNode is null) { errors.Add(src.At(v).Error($"overrides 中“{id}”缺少 severity")); continue; }
            var text = src.Scalar(sevNode, "severity", errors);
            if (text is null) continue;
            if (!RuleEnumNames.TryParseSeverity(text, out var sev)) { errors.Add(src.At(sevNode).Error(BadSeverity(text))); continue; }
            result.Overrides.Add(new OverrideEntry(id, sev, src.At(k)));
        }
    }

    private static string BadSeverity(string text) => $"severity“{text}”无效（应为 error、warning、info 或 off）";

    private static CodeTable? ParseCodes(YamlSource src, YNode node, List<RuleLoadError> errors)
    {
        if (node is not YMap) { errors.Add(src.At(node).Error("codes 应是映射（level1: …），扩展内置的指标代码表")); return null; }
        try { return CodeTable.Parse(src.RawBlock(node)); }
        catch (YamlException e)
        {
            errors.Add(src.At(node).Error("codes 无法读取：" + e.Message));
            return null;
        }
    }

    private static Rule? ParseRule(YamlSource src, YMap m, string setName, List<RuleLoadError> errors)
    {
        var before = errors.Count;
        string? id = null, title = null, basis = null, description = null;
        Severity severity = Severity.Error;
        RuleScope? scope = null;
        Expr? when = null, assert = null, message = null, atExpr = null;
        YNode? reports = null;
        var lets = new List<LetBinding>();
        var tags = new List<string>();
        var valid = new List<RuleExample>();
        var invalid = new List<RuleExample>();

        foreach (var (keyNode, value) in m.Entries)
        {
            var key = keyNode.Value;
            switch (key)
            {
                case "id":
                    id = src.Scalar(value, "id", errors);
                    if (id is not null && !IdPattern().IsMatch(id)) { errors.Add(src.At(value).Error($"规则 id“{id}”无效（字母开头，只含字母、数字、_ . -）")); id = null; }
                    break;
                case "title": title = src.Scalar(value, "title", errors); break;
                case "basis": basis = src.Scalar(value, "basis", errors); break;
                case "description": description = src.Scalar(value, "description", errors); break;
                case "severity":
                    if (src.Scalar(value, "severity", errors) is { } s)
                    {
                        if (RuleEnumNames.TryParseSeverity(s, out var sev)) severity = sev;
                        else errors.Add(src.At(value).Error(BadSeverity(s)));
                    }
                    break;
                case "scope":
                    if (src.Scalar(value, "scope", errors) is { } sc)
                    {
                        if (RuleEnumNames.TryParseScope(sc, out var sco)) scope = sco;
                        else errors.Add(src.At(value).Error($"scope“{sc}”无效（应为 document、diagnostic、amountRow、unit、project、indicator 或 department）"));
                    }
                    break;
                case "when": when = src.Expression(value, "when", errors); break;
                case "assert": assert = src.Expression(value, "assert", errors); break;
                case "at": atExpr = src.Expression(value, "at", errors); break;
                case "message": message = src.Expression(value, "message", errors, allowEmpty: false); break;
                case "let":
                    if (value is YMap lm)
                        foreach (var (lk, lv) in lm.Entries)
                        {
                            var ln = lk.Value;
                            if (!LetNamePattern().IsMatch(ln) || ln.StartsWith("__", StringComparison.Ordinal))
                                errors.Add(src.At(lk).Error($"let 的名字“{ln}”无效（应是 C# 标识符，不以 __ 开头）"));
                            else if (ReservedNames.Contains(ln))
                                errors.Add(src.At(lk).Error($"let 的名字“{ln}”与作用域中的变量重名"));
                            else if (lets.Any(l => l.Name == ln))
                                errors.Add(src.At(lk).Error($"let 的名字“{ln}”重复"));
                            else if (src.Expression(lv, "let." + ln, errors) is { } le)
                                lets.Add(new LetBinding(ln, le));
                        }
                    else if (!IsNull(value)) errors.Add(src.At(value).Error("let 应是映射：名字 → 表达式（按顺序求值）"));
                    break;
                case "tags":
                    if (value is YSeq ts)
                        foreach (var t in ts.Items)
                        {
                            if (src.Scalar(t, "tags", errors) is { } tag) tags.Add(tag);
                        }
                    else if (src.Scalar(value, "tags", errors) is { Length: > 0 } one) tags.Add(one);
                    break;
                case "examples": ParseExamples(src, value, valid, invalid, errors); break;
                case "reports":
                    if (src.Scalar(value, "reports", errors) is { } what)
                    {
                        if (what == "diagnostics") reports = value;
                        else errors.Add(src.At(value).Error($"reports“{what}”无效（只能是 diagnostics）"));
                    }
                    break;
                default: errors.Add(src.At(keyNode).Error(UnknownKey(key, RuleKeys))); break;
            }
        }

        var at = src.At(m);
        if (reports is not null && id is not null)
        {
            // The readers' diagnostics with this rule's id, reported as they are: the shape six reading rules share.
            foreach (var (keyNode, _) in m.Entries)
                if (ReportsDiagnosticsKeys.Contains(keyNode.Value))
                    errors.Add(src.At(keyNode).Error($"规则 {id} 写了 reports: diagnostics，不能再写 {keyNode.Value}（由 reports 决定）"));
            var from = src.At(reports);
            scope = RuleScope.Diagnostic;
            when = Expr.Inline($"diagnostic.RuleId == \"{id}\"", src.File.Name, from.Line, from.Column);
            assert = Expr.Inline("false", src.File.Name, from.Line, from.Column);
            message = Expr.Inline("{diagnostic.Message}", src.File.Name, from.Line, from.Column);
        }
        if (id is null && Get(m, "id") is null) errors.Add(at.Error("规则缺少 id"));
        // A bad reports: value is reported at the value; what it would stand for is not missing as well.
        var hasReports = Get(m, "reports") is not null;
        if (assert is null && Get(m, "assert") is null && !hasReports) errors.Add(at.Error($"规则 {id} 缺少 assert"));
        if (scope is null && Get(m, "scope") is null && !hasReports) errors.Add(at.Error($"规则 {id} 缺少 scope"));
        var template = message is null ? null : MessageTemplate.Parse(message, errors);
        if (errors.Count > before || id is null || assert is null || scope is null) return null;

        title ??= id;
        template ??= MessageTemplate.Parse(Expr.Inline(title.Replace("{", "{{").Replace("}", "}}"), src.File.Name, at.Line, at.Column), errors);
        return new Rule
        {
            Id = id, Title = title, Severity = severity, DeclaredSeverity = severity, Scope = scope.Value,
            When = when, Lets = lets, Assert = assert, Message = template, At = atExpr, Basis = basis, Description = description,
            Tags = tags, ValidExamples = valid, InvalidExamples = invalid, DefinedIn = setName,
            File = src.File.Name, Line = at.Line, Column = at.Column,
        };
    }

    private static void ParseExamples(YamlSource src, YNode node, List<RuleExample> valid, List<RuleExample> invalid, List<RuleLoadError> errors)
    {
        if (node is not YMap map) { if (!IsNull(node)) errors.Add(src.At(node).Error("examples 应是映射：valid: […]、invalid: […]")); return; }
        foreach (var (k, v) in map.Entries)
        {
            var key = k.Value;
            var target = key switch { "valid" => valid, "invalid" => invalid, _ => null };
            if (target is null) { errors.Add(src.At(k).Error(UnknownKey(key, new[] { "valid", "invalid" }))); continue; }
            if (v is not YSeq seq) { if (!IsNull(v)) errors.Add(src.At(v).Error($"examples.{key} 应是列表")); continue; }
            foreach (var item in seq.Items)
            {
                var at = src.At(item);
                // An alias is its anchor's node: the example is that node's own text, not a copy.
                var text = item is YScalar s ? s.Value : src.RawBlock(item);
                // A text example is parsed later by the documents' reader: the same nesting limit, now.
                if (item is YScalar && YamlTreeBuilder.FlowNestingBeyond(text, YamlTreeBuilder.MaxDepth) is not null)
                {
                    errors.Add(at.Error($"examples.{key} 的示例嵌套超过 {YamlTreeBuilder.MaxDepth} 层"));
                    continue;
                }
                target.Add(new RuleExample(text, at.File, at.Line, at.Column));
            }
        }
    }
}
