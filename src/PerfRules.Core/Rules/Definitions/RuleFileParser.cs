using System.Text.RegularExpressions;
using PerfRules.Yaml;
using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Rules;

/// <summary>
/// Parses one rule file: its YAML read with the hardened tree builder (iterative, limited), then
/// its keys (<c>ruleset</c>, <c>version</c>, <c>extends</c>, <c>overrides</c>, <c>codes</c>, <c>rules</c>)
/// and each rule's fields, with every problem collected as an error at its file, line and column.
/// </summary>
internal static partial class RuleFileParser
{
private static readonly string[] FileKeys = { "ruleset", "version", "extends", "overrides", "codes", "rules", "description" };
private static readonly string[] RuleKeys = { "id", "title", "severity", "scope", "when", "let", "evidence", "assert", "message", "fix", "at", "reports", "basis", "description", "tags", "yields", "examples", "params", "match" };

/// <summary>The keys <c>reports: diagnostics</c> stands for: a rule with it may not write them.</summary>
private static readonly string[] ReportsDiagnosticsKeys = { "scope", "when", "let", "assert", "message", "at" };
private static readonly string[] ReservedNames = { "doc", "diagnostic", "unit", "project", "indicator", "rowKind", "name", "amounts", "codes", "department", "param", "group", "item" };

// \z, not $: $ also matches before a final newline.
[GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*\z")]
private static partial Regex IdPattern();

[GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
private static partial Regex LetNamePattern();

/// <summary>
/// Reads a rule file's one YAML document with the documents' hardened reader (iterative: no
/// stack overflow however deep; depth, size and alias expansion limited). Any problem fails
/// the file: nothing of a damaged file is interpreted. The project file (perfrules.yaml) is read
/// the same way; <paramref name="what"/> names the kind of file in the messages.
/// </summary>
internal static YMap? ReadTree(YamlSource src, List<RuleLoadError> errors, string what = "规则文件", string topLevel = "ruleset:、rules: …")
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
            errors.Add(new RuleLoadError(file.Name, 1, 1, $"{what}是空的"));
            return null;
        }
        var root = new YamlTreeBuilder((mark, why) => errors.Add(At(mark, "YAML 格式错误：" + why))).Build(parser);
        parser.Consume<DocumentEnd>();
        if (parser.Current is DocumentStart second)
            errors.Add(At(second.Start, $"一个{what}只能有一个 YAML 文档"));
        if (errors.Count > before) return null;
        if (root is YMap map) return map;
        errors.Add(src.At(root).Error($"{what}的顶层应是映射（{topLevel}）"));
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

public static ParsedRuleFile Parse(RuleFile file, List<RuleLoadError> errors)
{
    var result = new ParsedRuleFile(file);
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

private static void ParseFile(ParsedRuleFile result, List<RuleLoadError> errors)
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
                if (src.Scalar(value, "extends", errors) is { Length: > 0 } ext) result.Extends = new ParsedRuleFile.ExtendsRef(ext, src.At(value));
                break;
            case "description": result.Description = src.Scalar(value, "description", errors); break;
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

internal static string UnknownKey(string key, string[] allowed) => $"未知的键“{key}”（允许：{string.Join("、", allowed)}）";

private static void ParseOverrides(YamlSource src, YNode node, ParsedRuleFile result, List<RuleLoadError> errors)
{
    if (node is not YMap map) { if (!IsNull(node)) errors.Add(src.At(node).Error("overrides 应是映射：规则 id → { severity: … }")); return; }
    foreach (var (k, v) in map.Entries)
    {
        var id = k.Value;
        YNode? sevNode = null, paramsNode = null;
        if (v is YScalar) sevNode = v; // shorthand: PR203: off
        else if (v is YMap vm)
            foreach (var (ok, ov) in vm.Entries)
            {
                var okName = ok.Value;
                if (okName == "severity") sevNode = ov;
                else if (okName == "params") paramsNode = ov;
                else errors.Add(src.At(ok).Error(UnknownKey(okName ?? "", new[] { "severity", "params" })));
            }
        if (sevNode is null && paramsNode is null) { errors.Add(src.At(v).Error($"overrides 中“{id}”缺少 severity 或 params")); continue; }
        Severity? sev = null;
        if (sevNode is not null)
        {
            var text = src.Scalar(sevNode, "severity", errors);
            if (text is null) continue;
            if (!RuleEnumNames.TryParseSeverity(text, out var parsed)) { errors.Add(src.At(sevNode).Error(BadSeverity(text))); continue; }
            sev = parsed;
        }
        result.Overrides.Add(new ParsedRuleFile.OverrideEntry(id, sev, src.At(k))
        {
            Params = paramsNode is null ? Array.Empty<ParsedRuleFile.ParamOverride>() : ParseOverrideParams(src, paramsNode, id, errors),
        });
    }
}

private static string BadSeverity(string text) => $"severity“{text}”无效（应为 error、warning、info 或 off）";

private static CodeTable? ParseCodes(YamlSource src, YNode node, List<RuleLoadError> errors)
{
    if (node is not YMap) { errors.Add(src.At(node).Error("codes 应是映射（level1: …），扩展内置的指标代码表")); return null; }
    return CodeTableYaml.Read(node, "codes", (at, why) => errors.Add(src.At(at).Error(why)));
}

private static Rule? ParseRule(YamlSource src, YMap m, string setName, List<RuleLoadError> errors)
{
    var before = errors.Count;
    string? id = null, title = null, basis = null, description = null;
    Severity severity = Severity.Error;
    RuleScope? scope = null;
    Expr? when = null, assert = null, message = null, fix = null, atExpr = null;
    BatchMatch? match = null;
    YNode? matchNode = null;
    YNode? reports = null;
    var lets = new List<LetBinding>();
    YNode? evidenceNode = null;
    Dictionary<string, RuleParam>? ruleParams = null;
    var tags = new List<string>();
    var yields = new List<string>();
    var yieldsAt = new List<(int, int)>();
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
                    else errors.Add(src.At(value).Error($"scope“{sc}”无效（应为 document、diagnostic、amountRow、unit、project、indicator、department 或 batch）"));
                }
                break;
            case "when": when = src.Expression(value, "when", errors); break;
            case "assert": assert = src.Expression(value, "assert", errors); break;
            case "at": atExpr = src.Expression(value, "at", errors); break;
            case "message": message = src.Expression(value, "message", errors, allowEmpty: false); break;
            case "fix": fix = src.Expression(value, "fix", errors, allowEmpty: false); break;
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
            case "evidence": evidenceNode = value; break;
            case "tags":
                if (value is YSeq ts)
                    foreach (var t in ts.Items)
                    {
                        if (src.Scalar(t, "tags", errors) is { } tag) tags.Add(tag);
                    }
                else if (src.Scalar(value, "tags", errors) is { Length: > 0 } one) tags.Add(one);
                break;
            case "yields":
                // A list of ids, or one id.
                IEnumerable<YNode> yieldNodes = value is YSeq ys ? ys.Items : IsNull(value) ? Array.Empty<YNode>() : new[] { value };
                foreach (var y in yieldNodes)
                {
                    if (src.Scalar(y, "yields", errors) is not { } yid) continue;
                    var place = src.At(y);
                    if (!IdPattern().IsMatch(yid)) errors.Add(place.Error($"yields 中的规则 id“{yid}”无效"));
                    else if (yields.Contains(yid)) errors.Add(place.Error($"yields 中“{yid}”重复"));
                    else { yields.Add(yid); yieldsAt.Add((place.Line, place.Column)); }
                }
                break;
            case "examples": ParseExamples(src, value, valid, invalid, errors); break;
            case "match": matchNode = value; match = ParseMatch(src, value, errors); break;
            case "params": ruleParams = ParseParams(src, value, $"规则 {id}", errors); break;
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
    if (scope == RuleScope.Batch)
    {
        if (matchNode is null) errors.Add(at.Error($"规则 {id} 的 scope 是 batch，缺少 match（each、key，可选 where）"));
        if (Get(m, "yields") is { } y) errors.Add(src.At(y).Error($"规则 {id}：scope 为 batch 的规则不支持 yields"));
    }
    else if (matchNode is not null && scope is not null)
        errors.Add(src.At(matchNode).Error($"match 只用于 scope 为 batch 的规则（规则 {id} 的 scope 是 {scope.Value.Name()}）"));
    if (assert is null && Get(m, "assert") is null && !hasReports) errors.Add(at.Error($"规则 {id} 缺少 assert"));
    if (scope is null && Get(m, "scope") is null && !hasReports) errors.Add(at.Error($"规则 {id} 缺少 scope"));
    // After the loop: the lets it names may come after it in the file.
    var evidenceLabels = evidenceNode is null ? null : ParseEvidenceLabels(src, evidenceNode, lets, errors);
    var template = message is null ? null : MessageTemplate.Parse(message, errors);
    var fixTemplate = fix is null ? null : MessageTemplate.Parse(fix, errors);
    if (errors.Count > before || id is null || assert is null || scope is null) return null;

    title ??= id;
    template ??= MessageTemplate.Parse(Expr.Inline(title.Replace("{", "{{").Replace("}", "}}"), src.File.Name, at.Line, at.Column), errors);
    return new Rule
    {
        Id = id, Title = title, Severity = severity, DeclaredSeverity = severity, Scope = scope.Value,
        When = when, Lets = lets, EvidenceLabels = evidenceLabels, Assert = assert, Message = template, Fix = fixTemplate, At = atExpr, Match = match, Basis = basis, Description = description,
        Tags = tags, Yields = yields, YieldsAt = yieldsAt, ValidExamples = valid, InvalidExamples = invalid, DefinedIn = setName,
        File = src.File.Name, Line = at.Line, Column = at.Column,
        Params = ruleParams ?? new Dictionary<string, RuleParam>(),
    };
}

/// <summary>
/// <c>evidence:</c> a mapping of let name → the Chinese name reports show it under; lets left out
/// are working values, not shown to people (JSON and SARIF still carry every let).
/// </summary>
private static IReadOnlyDictionary<string, string>? ParseEvidenceLabels(YamlSource src, YNode node, List<LetBinding> lets, List<RuleLoadError> errors)
{
    if (IsNull(node)) return new Dictionary<string, string>();
    if (node is not YMap map) { errors.Add(src.At(node).Error("evidence 应是映射：let 的名字 → 报告中显示的中文名称")); return null; }
    var labels = new Dictionary<string, string>();
    foreach (var (k, v) in map.Entries)
    {
        var name = k.Value;
        if (!lets.Any(l => l.Name == name)) { errors.Add(src.At(k).Error($"evidence 中的“{name}”不是本规则的 let")); continue; }
        if (labels.ContainsKey(name)) { errors.Add(src.At(k).Error($"evidence 中“{name}”重复")); continue; }
        if (src.Scalar(v, "evidence." + name, errors) is not { } label) continue;
        if (label.Trim().Length == 0) { errors.Add(src.At(v).Error($"evidence 中“{name}”的名称是空的")); continue; }
        labels[name] = label.Trim();
    }
    return labels;
}

private static readonly string[] MatchKeys = { "each", "where", "key" };

/// <summary>
/// <c>match:</c> of a batch rule: <c>each</c> (document | unit | project | indicator: the objects of the
/// whole run it looks at), <c>key</c> (an expression over that scope's variables; objects with equal keys
/// form one group) and an optional <c>where</c> (which objects take part).
/// </summary>
private static BatchMatch? ParseMatch(YamlSource src, YNode node, List<RuleLoadError> errors)
{
    if (node is not YMap map) { errors.Add(src.At(node).Error("match 应是映射：each、key，可选 where")); return null; }
    RuleScope? each = null;
    Expr? where = null, key = null;
    foreach (var (k, v) in map.Entries)
        switch (k.Value)
        {
            case "each":
                if (src.Scalar(v, "match.each", errors) is { } e)
                {
                    if (RuleEnumNames.TryParseScope(e, out var sc) && sc is RuleScope.Document or RuleScope.Unit or RuleScope.Project or RuleScope.Indicator) each = sc;
                    else errors.Add(src.At(v).Error($"match.each“{e}”无效（应为 document、unit、project 或 indicator）"));
                }
                break;
            case "where": where = src.Expression(v, "match.where", errors); break;
            case "key": key = src.Expression(v, "match.key", errors); break;
            default: errors.Add(src.At(k).Error(UnknownKey(k.Value, MatchKeys))); break;
        }
    var at = src.At(map);
    if (Get(map, "each") is null) errors.Add(at.Error("match 缺少 each（document、unit、project 或 indicator）"));
    if (Get(map, "key") is null) errors.Add(at.Error("match 缺少 key（把对象分组的表达式）"));
    return each is null || key is null ? null : new BatchMatch(each.Value, where, key, at.Line, at.Column);
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
