namespace PerfRules.Runs;

/// <summary>
/// Which entries of a folder named for a run are checked. By default the files a folder collects
/// that are not tables — system files (desktop.ini, Thumbs.db, .DS_Store), Office and WPS lock and
/// temporary files (~$表.xlsx, ~WRL0001.tmp), hidden files and folders, notes (说明.txt, README.md)
/// and PerfRules' own files (perfrules.yaml, perfrules-baseline.json) — are left out, each with
/// its reason so the host can list them. <see cref="Exclude"/> leaves out more; a non-empty
/// <see cref="Include"/> keeps only what it matches. Paths named directly are never left out.
/// </summary>
public sealed class InputSelection
{
    public static InputSelection Default { get; } = new();

    /// <summary>Patterns of what to leave out, with who asked (for the listing: "--exclude", the project file).</summary>
    public IReadOnlyList<(GlobPattern Pattern, string Source)> Exclude { get; init; } = Array.Empty<(GlobPattern, string)>();

    /// <summary>When not empty, only files matching one of these are checked.</summary>
    public IReadOnlyList<(GlobPattern Pattern, string Source)> Include { get; init; } = Array.Empty<(GlobPattern, string)>();

    /// <summary>Files and folders never read as inputs, by full path: this run's own outputs, the project file's rules and baseline.</summary>
    public IReadOnlyCollection<string> ExcludePaths { get; init; } = Array.Empty<string>();

    /// <summary>PerfRules' own files in a folder of tables.</summary>
    public static readonly IReadOnlyList<string> OwnFiles = new[] { ProjectFile.FileName, ProjectFile.AlternateFileName, "perfrules-baseline.json" };

    private static readonly string[] SystemFiles = { "desktop.ini", "thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "icon\r" };
    private static readonly string[] NoteStems = { "readme", "read me", "说明", "读我" };
    private static readonly string[] NoteExtensions = { ".txt", ".md" };

    /// <summary>Why an entry found in a folder is left out, or null when it is checked.</summary>
    /// <param name="relativePath">The path below the folder named, '/' between levels.</param>
    public string? Skip(string fullPath, string relativePath, bool isDirectory)
    {
        var name = Path.GetFileName(fullPath.TrimEnd('/', '\\'));
        if (DefaultReason(fullPath, name, isDirectory) is { } why) return why;
        if (ExcludePaths.Count > 0 && IsExcludedPath(fullPath))
            return "本次运行的输出文件，或项目文件指定的规则、基线";
        foreach (var (pattern, source) in Exclude)
            if (pattern.IsMatch(relativePath)) return $"被 {source} 的“{pattern.Text}”排除";
        // Folders are entered whatever the includes say: a file below may match.
        if (!isDirectory && Include.Count > 0 && !Include.Any(i => i.Pattern.IsMatch(relativePath)))
            return $"不符合 {string.Join("、", Include.Select(i => i.Source).Distinct())} 的包含模式（{string.Join("、", Include.Select(i => i.Pattern.Text))}）";
        return null;
    }

    private bool IsExcludedPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return ExcludePaths.Any(p => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)), full, comparison));
    }

    /// <summary>The default reasons: system, lock and temporary files, hidden entries, notes, PerfRules' own files.</summary>
    public static string? DefaultReason(string fullPath, string name, bool isDirectory)
    {
        if (name.StartsWith("~$", StringComparison.Ordinal)) return "Office/WPS 锁定文件（表格正在被打开）";
        if (name.StartsWith('.')) return isDirectory ? "隐藏目录" : "隐藏文件";
        if (isDirectory)
            return OperatingSystem.IsWindows() && HasAttribute(fullPath, FileAttributes.Hidden) ? "隐藏目录" : null;
        var lower = name.ToLowerInvariant();
        if (SystemFiles.Contains(lower)) return "系统文件";
        if (lower.StartsWith('~') && lower.EndsWith(".tmp", StringComparison.Ordinal)) return "Office/WPS 保存时的临时文件";
        if (OwnFiles.Contains(lower)) return "PerfRules 自己的文件";
        var ext = Path.GetExtension(lower);
        var stem = Path.GetFileNameWithoutExtension(lower);
        if (NoteExtensions.Contains(ext) && (NoteStems.Contains(stem) || stem.EndsWith("说明", StringComparison.Ordinal))) return "说明文件（不是表格）";
        // Windows marks desktop.ini and friends hidden or system; a folder's own System flag only means it is customised.
        if (OperatingSystem.IsWindows() && HasAttribute(fullPath, FileAttributes.Hidden | FileAttributes.System)) return "隐藏文件或系统文件";
        return null;
    }

    private static bool HasAttribute(string path, FileAttributes any)
    {
        try { return (File.GetAttributes(path) & any) != 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
