namespace PerfRules.Runs;

/// <summary>
/// A file pattern of --exclude, --include and the project file, matched against a path relative to
/// the folder named (separators '/'), case-insensitively (Windows users write *.XLSX and *.xlsx alike).
/// <c>*</c> is any run of characters within one folder level, <c>?</c> one character, <c>**</c> any
/// number of levels. A pattern without '/' matches a name at any depth (<c>*.bak</c>, <c>草稿</c>);
/// one with '/' (also a leading one, or "./") is anchored at the folder (<c>2025/*.xlsx</c>, <c>草稿/**</c>, <c>/表.txt</c>). A pattern that matches
/// a folder matches everything under it.
/// </summary>
public sealed class GlobPattern
{
    /// <summary>Longest pattern accepted: a pattern is something a person types.</summary>
    public const int MaxLength = 1000;

    private readonly string[] _segments;
    private readonly bool _anchored;

    private GlobPattern(string text, string[] segments, bool anchored)
    {
        Text = text;
        _segments = segments;
        _anchored = anchored;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The pattern, or null with the reason (Chinese) when it is not one.</summary>
    public static GlobPattern? TryParse(string text, out string? error)
    {
        error = null;
        var t = text.Trim().Replace('\\', '/');
        if (t.Length == 0) { error = "模式是空的"; return null; }
        if (t.Length > MaxLength) { error = $"模式过长（{t.Length} 个字符，上限 {MaxLength}）"; return null; }
        if (t.Any(char.IsControl)) { error = "模式中有控制字符"; return null; }
        // "/x" and "./x" are anchored at the folder, like "a/x".
        var anchored = t.StartsWith("./", StringComparison.Ordinal) || t.TrimEnd('/').Contains('/');
        if (t.StartsWith("./", StringComparison.Ordinal)) t = t[2..];
        t = t.Trim('/');
        if (t.Length == 0) { error = "模式只有“/”"; return null; }
        var segments = t.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or "..")) { error = "模式中不能有“.”或“..”"; return null; }
        return new GlobPattern(text, segments, anchored);
    }

    public static GlobPattern Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException($"无效的文件模式“{text}”：{error}");

    /// <summary>Whether the relative path, or one of the folders it is in, matches.</summary>
    public bool IsMatch(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!_anchored)
            return parts.Any(p => Segment(_segments[0], p));
        // Anchored: the pattern matches the path or a leading part of it (a folder).
        for (var n = 1; n <= parts.Length; n++)
            if (Match(0, parts, 0, n)) return true;
        return false;
    }

    // Segments of the pattern from i against parts[j..end).
    private bool Match(int i, string[] parts, int j, int end)
    {
        if (i == _segments.Length) return j == end;
        if (_segments[i] == "**")
        {
            for (var k = j; k <= end; k++)
                if (Match(i + 1, parts, k, end)) return true;
            return false;
        }
        return j < end && Segment(_segments[i], parts[j]) && Match(i + 1, parts, j + 1, end);
    }

    /// <summary>One level: '*' any run, '?' one character, case-insensitive.</summary>
    private static bool Segment(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], name[n]))) { p++; n++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = n; }
            else if (star >= 0) { p = star + 1; n = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);

    public override string ToString() => Text;
}
