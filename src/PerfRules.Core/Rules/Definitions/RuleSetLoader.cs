namespace PerfRules.Rules;

/// <summary>
/// Reads rule files (YAML) into <see cref="RuleSet"/>s: each file is parsed by
/// <see cref="RuleFileParser"/>, then <see cref="RuleSetResolver"/> resolves <c>extends:</c> and
/// <c>overrides:</c>. Every problem is collected and thrown as one <see cref="RuleLoadException"/>.
/// A rule set may be split over several files that share <c>ruleset:</c>; their rules are taken
/// in file-name order (ordinal), then in file order. Files without <c>ruleset:</c> but with
/// <c>level1:</c> are code tables (rules/indicator-codes.yaml) and are skipped.
/// </summary>
public static class RuleSetLoader
{
    /// <summary>The built-in rule set (rules/core.yaml, embedded in PerfRules.Core).</summary>
    public const string BuiltinName = "core";
    private const string ResourcePrefix = "PerfRules.BuiltinRules.";

    private static RuleSet? _builtin;
    private static readonly object BuiltinGate = new();

    /// <summary>
    /// The built-in set from its files: besides every check of <see cref="Load(IEnumerable{RuleFile}, string?)"/>,
    /// each rule must say how to fix what it finds (<c>fix:</c>), a rule without one is a load error.
    /// </summary>
    internal static RuleSet LoadBuiltin(IEnumerable<RuleFile> files)
    {
        var set = Load(files, BuiltinName, useBuiltin: false);
        var missing = set.Rules.Where(r => r.Fix is null)
            .Select(r => new RuleLoadError(r.File, r.Line, r.Column, $"内置规则 {r.Id} 缺少 fix（告诉用户如何改正）")).ToList();
        if (missing.Count > 0) throw new RuleLoadException(missing);
        return set;
    }

    /// <summary>The built-in rule set (one instance a process, however it was made).</summary>
    public static RuleSet LoadBuiltin() => Volatile.Read(ref _builtin) ?? LoadBuiltin(stored: null);

    /// <summary>
    /// The built-in set, made the first time it is asked for: by <paramref name="stored"/> when it gives one
    /// (the set read back from the verified rule cache: Rules.Compilation's ParsedRuleSetCache), else parsed from
    /// its files. Whoever asks first decides; everyone gets that instance.
    /// </summary>
    internal static RuleSet LoadBuiltin(Func<RuleSet?>? stored)
    {
        lock (BuiltinGate) return _builtin ??= stored?.Invoke() ?? LoadBuiltin(BuiltinFiles());
    }

    /// <summary>The built-in set when this process has made it already, else null (nothing is parsed).</summary>
    internal static RuleSet? BuiltinIfLoaded => Volatile.Read(ref _builtin);

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
        var own = RuleFileParser.Parse(Read(path), new List<RuleLoadError>());
        var dir = Path.GetDirectoryName(full)!;
        var files = YamlFilesIn(dir).Select(f => Path.GetFullPath(f) == full ? Read(path) : Read(f)).ToList();
        return Load(files, own.SetName);
    }

    /// <summary>
    /// The files <see cref="LoadFolder"/> or <see cref="LoadFile"/> would read for
    /// <paramref name="path"/> (a file brings its folder's, for <c>extends:</c>), so a watcher can
    /// notice a rule being edited; none when the path cannot be listed.
    /// </summary>
    public static IReadOnlyList<string> SourceFiles(string path)
    {
        try
        {
            var dir = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
            return Directory.Exists(dir) ? YamlFilesIn(dir).ToList() : Array.Empty<string>();
        }
        catch (RuleLoadException)
        {
            return Array.Empty<string>();
        }
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
        var parsed = files.Select(f => RuleFileParser.Parse(f, errors)).Where(p => !p.IsCodeTable).ToList();
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
            var resolver = new RuleSetResolver(groups, useBuiltin, errors);
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
}
