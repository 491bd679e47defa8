using PerfRules.Rules;
using PerfRules.Yaml;

namespace PerfRules.Runs;

/// <summary>
/// The settings kept beside a folder of tables, in <c>perfrules.yaml</c> at its root: the rules,
/// the files to leave out or keep (exclude, include), fail-on, the baseline and min-severity. It is
/// hostile input like a rule file: read with the hardened YAML reader (no tags, no types, nothing
/// run), every key and value checked, each problem reported with file, line and column. Paths in
/// it are relative to its folder.
/// </summary>
public sealed class ProjectFile
{
    public const string FileName = "perfrules.yaml";
    public const string AlternateFileName = "perfrules.yml";

    /// <summary>Largest project file read: settings a person writes.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>Most patterns in exclude and include together.</summary>
    public const int MaxPatterns = 1000;

    public static readonly IReadOnlyList<string> Keys = new[] { "rules", "exclude", "include", "fail-on", "baseline", "min-severity" };

    /// <summary>The levels min-severity accepts.</summary>
    public static readonly IReadOnlyList<string> MinSeverityLevels = new[] { "error", "warning", "info" };

    private ProjectFile(string path) => Path = path;

    /// <summary>The project file as named (the folder named plus its file name).</summary>
    public string Path { get; }

    /// <summary>The folder its relative paths start from.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>The rule folder (or rule file), resolved against <see cref="Folder"/>.</summary>
    public string? Rules { get; private set; }
    public string? Baseline { get; private set; }
    public string? FailOn { get; private set; }
    public string? MinSeverity { get; private set; }
    public IReadOnlyList<GlobPattern> Exclude { get; private set; } = Array.Empty<GlobPattern>();
    public IReadOnlyList<GlobPattern> Include { get; private set; } = Array.Empty<GlobPattern>();

    /// <summary>The line each key is on (for messages about conflicting settings).</summary>
    public IReadOnlyDictionary<string, int> Lines => _lines;
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    /// <summary>The project file at the root of <paramref name="folder"/>, or null when there is none.</summary>
    /// <exception cref="ProjectFileException">It is there but cannot be read or is not valid.</exception>
    public static ProjectFile? Find(string folder)
    {
        var yaml = System.IO.Path.Combine(folder, FileName);
        var yml = System.IO.Path.Combine(folder, AlternateFileName);
        bool hasYaml = Exists(yaml), hasYml = Exists(yml);
        if (hasYaml && hasYml)
            throw new ProjectFileException(yml, new[] { $"{yml}:1:1: 同一目录中既有 {FileName} 又有 {AlternateFileName}，请只保留一个" });
        return hasYaml ? Load(yaml) : hasYml ? Load(yml) : null;
    }

    // A folder (or anything not a file) of that name is reported by Load.
    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>Reads and checks a project file.</summary>
    /// <exception cref="ProjectFileException">It cannot be read or is not valid (every problem, with line and column).</exception>
    public static ProjectFile Load(string path)
    {
        string text;
        try
        {
            if (Directory.Exists(path)) throw Fail(path, "这是一个目录，不是项目文件");
            var size = new FileInfo(path).Length;
            if (size > MaxBytes) throw Fail(path, $"项目文件过大（{size} 字节，上限 {MaxBytes}）");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(path, $"无法读取项目文件：{InputExpansion.Why(e)}");
        }
        return Parse(path, text);
    }

    /// <summary>Checks a project file's text; <paramref name="path"/> names it in messages and anchors its relative paths.</summary>
    public static ProjectFile Parse(string path, string text)
    {
        var project = new ProjectFile(path);
        if (text.Contains('\uFFFD'))
        {
            var line = text[..text.IndexOf('\uFFFD')].Count(c => c == '\n') + 1;
            throw new ProjectFileException(path, new[] { $"{path}:{line}:1: 项目文件不是 UTF-8 编码，请用记事本等编辑器另存为 UTF-8" });
        }
        // Only comments and blank lines: nothing set.
        if (text.Split('\n').All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#') || l.Trim() == "\uFEFF")) return project;

        var errors = new List<RuleLoadError>();
        try
        {
            project.Read(new YamlSource(new RuleFile(path, text)), errors);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or ProjectFileException))
        {
            // Hostile input gives a message, never a crash.
            errors.Add(new RuleLoadError(path, 1, 1, $"无法读取项目文件（{e.GetType().Name}）"));
        }
        if (errors.Count > 0) throw new ProjectFileException(path, errors.Select(e => e.ToString()).ToList());
        return project;
    }

    private void Read(YamlSource src, List<RuleLoadError> errors)
    {
        if (RuleFileParser.ReadTree(src, errors, "项目文件", string.Join("、", Keys.Select(k => k + ":"))) is not { } root) return;
        var patterns = 0;
        foreach (var (keyNode, value) in root.Entries)
        {
            var key = keyNode.Value;
            if (!Keys.Contains(key))
            {
                errors.Add(src.At(keyNode).Error(RuleFileParser.UnknownKey(key, Keys.ToArray())));
                continue;
            }
            _lines[key] = src.At(keyNode).Line;
            switch (key)
            {
                case "rules": Rules = PathValue(src, value, key, errors); break;
                case "baseline": Baseline = PathValue(src, value, key, errors); break;
                case "fail-on": FailOn = Level(src, value, key, Runs.FailOn.Levels, errors); break;
                case "min-severity": MinSeverity = Level(src, value, key, MinSeverityLevels, errors); break;
                case "exclude": Exclude = Patterns(src, value, key, errors, ref patterns); break;
                case "include": Include = Patterns(src, value, key, errors, ref patterns); break;
            }
        }
    }

    private static string? Text(YamlSource src, YNode node, string key, List<RuleLoadError> errors)
    {
        if (node is YScalar { IsNull: false } s && s.Value.Trim().Length > 0) return s.Value.Trim();
        errors.Add(src.At(node).Error(node is YScalar ? $"{key} 的值是空的" : $"{key} 应是一个值，实际为{node.TypeName}"));
        return null;
    }

    private string? PathValue(YamlSource src, YNode node, string key, List<RuleLoadError> errors)
    {
        if (Text(src, node, key, errors) is not { } value) return null;
        if (value.Any(char.IsControl) || value.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add(src.At(node).Error($"{key} 的路径中有无效字符"));
            return null;
        }
        try
        {
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(Folder, value.Replace('\\', System.IO.Path.DirectorySeparatorChar)));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add(src.At(node).Error($"{key} 的路径“{value}”无效"));
            return null;
        }
    }

    private static string? Level(YamlSource src, YNode node, string key, IReadOnlyList<string> allowed, List<RuleLoadError> errors)
    {
        if (Text(src, node, key, errors) is not { } value) return null;
        var lower = value.ToLowerInvariant();
        if (allowed.Contains(lower)) return lower;
        errors.Add(src.At(node).Error($"{key} 的值“{Excerpt(value)}”无效（可用：{string.Join("、", allowed)}）"));
        return null;
    }

    private static IReadOnlyList<GlobPattern> Patterns(YamlSource src, YNode node, string key, List<RuleLoadError> errors, ref int count)
    {
        var items = node switch
        {
            YSeq seq => seq.Items,
            YScalar { IsNull: true } => new List<YNode>(),
            _ => new List<YNode> { node },
        };
        var list = new List<GlobPattern>();
        foreach (var item in items)
        {
            if (++count > MaxPatterns)
            {
                errors.Add(src.At(item).Error($"exclude 和 include 的模式超过 {MaxPatterns} 个"));
                break;
            }
            if (Text(src, item, key, errors) is not { } text) continue;
            if (GlobPattern.TryParse(text, out var why) is { } pattern) list.Add(pattern);
            else errors.Add(src.At(item).Error($"{key} 中的模式“{Excerpt(text)}”无效：{why}"));
        }
        return list;
    }

    private static string Excerpt(string s) => s.Length > 60 ? s[..60] + "…" : s;

    private static ProjectFileException Fail(string path, string message) => new(path, new[] { $"{path}: {message}" });
}
