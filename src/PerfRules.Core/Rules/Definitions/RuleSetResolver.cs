using PerfRules.Model;
using PerfRules.Yaml;

namespace PerfRules.Rules;

/// <summary>
/// Builds the rule set of a name from its parsed files (several files may share one name): its
/// <c>extends:</c> parent first (a set of the same folder, or the built-in core), then its own
/// rules, then <c>overrides:</c> (severities), and the code table merged with every <c>codes:</c>.
/// A cycle, a missing parent, a duplicate id or keys that disagree across files are errors.
/// </summary>
internal sealed class RuleSetResolver(Dictionary<string, List<ParsedRuleFile>> groups, bool useBuiltin, List<RuleLoadError> errors)
{
    private readonly Dictionary<string, RuleSet?> _done = new(StringComparer.Ordinal);
    private readonly List<string> _visiting = new();

    public RuleSet? Resolve(string name, RuleFilePlace? from)
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
            if (useBuiltin && name == RuleSetLoader.BuiltinName) return _done[name] = RuleSetLoader.LoadBuiltin();
            errors.Add(from!.Value.Error($"找不到 extends 指向的规则集“{name}”（应在同一文件夹中，或为内置的 core）"));
            return null;
        }

        _visiting.Add(name);
        try { return _done[name] = Build(name, files); }
        finally { _visiting.Remove(name); }
    }

    private RuleSet? Build(string name, List<ParsedRuleFile> files)
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
                if (o.Severity is { } severity) rules[at] = rules[at].WithSeverity(severity);
                if (o.Params.Count > 0) rules[at] = rules[at].WithParams(OverriddenParams(rules[at], o));
            }

        CheckYields(name, rules, index);

        var codes = parent?.Codes ?? CodeTableYaml.Builtin;
        foreach (var f in files)
            if (f.Codes is not null) codes = codes.Merge(f.Codes);

        var own = files.Select(f => f.File);
        var descriptions = new Dictionary<string, string>(parent?.FileDescriptions ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var f in files)
            if (f.Description is { Length: > 0 } d) descriptions[f.File.Name] = d;
        return new RuleSet
        {
            Name = name,
            Version = version ?? "",
            Parent = parent,
            Rules = rules,
            Codes = codes,
            Files = (parent?.Files ?? Array.Empty<RuleFile>()).Concat(own).ToList(),
            FileDescriptions = descriptions,
        };
    }

    /// <summary>
    /// The set's own rules' <c>yields:</c>: each names a rule of the set (its own or inherited), not
    /// itself, of the same scope (one object is one element only within a scope), and no chain of
    /// them comes back to where it started. Inherited rules were checked with their own set.
    /// </summary>
    private void CheckYields(string name, List<Rule> rules, Dictionary<string, int> index)
    {
        foreach (var r in rules)
        {
            if (r.DefinedIn != name) continue;
            for (var k = 0; k < r.Yields.Count; k++)
            {
                var id = r.Yields[k];
                var (line, column) = k < r.YieldsAt.Count ? r.YieldsAt[k] : (r.Line, r.Column);
                var where = new RuleFilePlace(r.File, line, column);
                if (id == r.Id) errors.Add(where.Error($"规则 {r.Id} 不能让位于自己（yields）"));
                else if (!index.TryGetValue(id, out var other)) errors.Add(where.Error($"yields 指向的规则“{id}”不存在"));
                else if (rules[other].Scope != r.Scope)
                    errors.Add(where.Error($"规则 {r.Id} 只能让位于同一作用域的规则：{r.Id} 是 {r.Scope.Name()}，{id} 是 {rules[other].Scope.Name()}"));
                else if (PathBack(rules, index, id, r.Id) is { } back)
                    errors.Add(where.Error($"yields 形成了循环：{r.Id} → {string.Join(" → ", back)}"));
            }
        }
    }

    /// <summary>A chain of yields from <paramref name="from"/> to <paramref name="to"/> (both included), or null.</summary>
    private static List<string>? PathBack(List<Rule> rules, Dictionary<string, int> index, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<List<string>>();
        stack.Push(new List<string> { from });
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            var last = path[^1];
            if (last == to) return path;
            if (!seen.Add(last) || !index.TryGetValue(last, out var i)) continue;
            foreach (var next in rules[i].Yields) stack.Push(new List<string>(path) { next });
        }
        return null;
    }

    /// <summary>
    /// A rule's parameters after an override: each named one must be declared by the rule, and
    /// its new value must have the declared type. Errors name the override's file and line.
    /// </summary>
    private IReadOnlyDictionary<string, RuleParam> OverriddenParams(Rule rule, ParsedRuleFile.OverrideEntry o)
    {
        var values = new Dictionary<string, RuleParam>(rule.Params, StringComparer.Ordinal);
        foreach (var p in o.Params)
        {
            if (!rule.Params.TryGetValue(p.Name, out var declared))
            {
                var known = rule.Params.Count == 0 ? "该规则没有参数" : "该规则的参数：" + string.Join("、", rule.Params.Keys);
                errors.Add(p.Where.Error($"overrides 中规则 {rule.Id} 没有参数“{p.Name}”（{known}）"));
                continue;
            }
            if (p.Read(declared.Kind, errors) is { } value) values[p.Name] = value;
        }
        return values;
    }

    // A key stated in several files of one set must agree.
    private T? Single<T>(List<ParsedRuleFile> files, Func<ParsedRuleFile, T?> get, string key)
    {
        T? value = default;
        ParsedRuleFile? first = null;
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

    private static object? Key<T>(T v) => v is ParsedRuleFile.ExtendsRef e ? e.Name : v;
}
