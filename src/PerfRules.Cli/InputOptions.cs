using System.CommandLine;
using Microsoft.Extensions.Logging;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>
/// What lint, audit and baseline read: the paths named (each must exist; a wildcard the shell left
/// alone, as cmd and PowerShell do, is expanded here), --exclude and --include, and the project file
/// (perfrules.yaml) at the root of each folder named, unless --no-project.
/// </summary>
internal sealed class InputOptions
{
    public Argument<string[]> Paths { get; } = new("paths")
    {
        Description = Lang.T("要检查的文件或文件夹（文件夹中的全部文件，系统文件、锁定文件、隐藏文件和说明文件除外）",
            "Files or folders to check (every file in a folder, except system, lock, hidden and note files)"),
        HelpName = Lang.T("路径", "path"),
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = Lang.T("不检查文件夹中与模式匹配的文件或子文件夹，如 \"*.bak\"、\"草稿/**\"（可多次给出；* 不跨文件夹，** 跨文件夹）",
            "Leave out files or subfolders matching the pattern, e.g. \"*.bak\", \"drafts/**\" (repeatable; * stays in one folder, ** crosses folders)"),
        HelpName = Lang.T("模式", "glob"),
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = Lang.T("只检查文件夹中与模式匹配的文件，如 \"*.xlsx\"（可多次给出；给出后代替项目文件中的 include）",
            "Check only the files matching the pattern, e.g. \"*.xlsx\" (repeatable; replaces the project file's include)"),
        HelpName = Lang.T("模式", "glob"),
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> NoProject { get; } = new("--no-project")
    {
        Description = Lang.T($"不读取文件夹中的项目文件（{ProjectFile.FileName}）", $"Do not read the project file ({ProjectFile.FileName}) of the folders named"),
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        command.Options.Add(Exclude);
        command.Options.Add(Include);
        command.Options.Add(NoProject);
    }

    /// <summary>The inputs named, checked before anything is read; null (errors in <paramref name="usage"/>) when a path or pattern is wrong.</summary>
    public Inputs? Resolve(ParseResult r, Usage usage)
    {
        var paths = new List<string>();
        foreach (var p in r.GetValue(Paths) ?? Array.Empty<string>())
            paths.AddRange(NamedPath(p, usage));
        var excludes = Patterns(r.GetValue(Exclude), "--exclude", usage);
        var includes = Patterns(r.GetValue(Include), "--include", usage);

        var projects = new Dictionary<string, ProjectFile>(StringComparer.Ordinal);
        if (!r.GetValue(NoProject))
            foreach (var dir in paths.Where(Directory.Exists).Distinct())
            {
                try
                {
                    if (ProjectFile.Find(dir) is { } project) projects[dir] = project;
                }
                catch (ProjectFileException e)
                {
                    foreach (var error in e.Errors) usage.Problem(error);
                }
            }
        var settings = new ProjectSettings(projects.Values.ToList());
        return usage.Failed ? null : new Inputs(paths, projects, settings, excludes, includes);
    }

    /// <summary>A path as named: itself when it exists, the files a wildcard matches, or an error with the nearest name.</summary>
    public static IEnumerable<string> NamedPath(string path, Usage usage)
    {
        if (File.Exists(path) || Directory.Exists(path)) return new[] { path };
        var name = Path.GetFileName(path);
        var dir = Path.GetDirectoryName(path);
        var folder = string.IsNullOrEmpty(dir) ? "." : dir;
        if (name.IndexOfAny(new[] { '*', '?' }) >= 0 && Directory.Exists(folder) && GlobPattern.TryParse(name, out _) is { } pattern)
        {
            var matched = Entries(folder).Where(e => pattern.IsMatch(Path.GetFileName(e))).ToList();
            if (matched.Count > 0) return matched.Select(m => string.IsNullOrEmpty(dir) ? Path.GetFileName(m) : Path.Combine(dir, Path.GetFileName(m)));
            usage.Error(Lang.T($"没有与“{path}”匹配的文件", $"No file matches '{path}'"));
            return Array.Empty<string>();
        }
        var closest = Directory.Exists(folder) ? Suggestions.Closest(name, Entries(folder).Select(Path.GetFileName).OfType<string>()) : Array.Empty<string>();
        usage.Error(Lang.T($"找不到文件或文件夹“{path}”。", $"No such file or folder: '{path}'.")
            + Suggestions.Hint(closest.Select(c => string.IsNullOrEmpty(dir) ? c : Path.Combine(dir, c)).ToList()));
        return Array.Empty<string>();
    }

    private static IReadOnlyList<string> Entries(string folder)
    {
        try { return Directory.EnumerateFileSystemEntries(folder).Take(10_000).Order(StringComparer.Ordinal).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Array.Empty<string>(); }
    }

    private static List<(GlobPattern, string)> Patterns(string[]? texts, string option, Usage usage)
    {
        var list = new List<(GlobPattern, string)>();
        foreach (var t in texts ?? Array.Empty<string>())
        {
            if (GlobPattern.TryParse(t, out var why) is { } p) list.Add((p, option));
            else usage.Error(Lang.T($"{option} 的模式“{t}”无效：{why}", $"Invalid {option} pattern '{t}': {why}"));
        }
        return list;
    }
}

/// <summary>The inputs of a run, resolved: the paths, the project files of the folders, the patterns.</summary>
internal sealed class Inputs(
    IReadOnlyList<string> paths, IReadOnlyDictionary<string, ProjectFile> projects, ProjectSettings settings,
    IReadOnlyList<(GlobPattern, string)> excludes, IReadOnlyList<(GlobPattern, string)> includes)
{
    public IReadOnlyList<string> Paths { get; } = paths;
    public ProjectSettings Project { get; } = settings;

    /// <summary>
    /// The files to check and what was left out. <paramref name="ownFiles"/> (this run's outputs and
    /// log, the baseline, the rules) are never inputs.
    /// </summary>
    public InputSet Select(IEnumerable<string?> ownFiles)
    {
        var own = ownFiles.OfType<string>().Concat(Project.OwnFiles).ToList();
        return InputExpansion.Select(Paths, root =>
        {
            var project = projects.GetValueOrDefault(root);
            var fromProject = project is null ? "" : project.Path;
            // The project file's excludes, then the command line's: a loop, not LINQ over tuples (generic code over
            // a value type, JIT-compiled on the start's critical path; the list's own code is compiled anyway).
            var exclude = new List<(GlobPattern, string)>();
            if (project is not null)
                foreach (var p in project.Exclude) exclude.Add((p, fromProject));
            for (var i = 0; i < excludes.Count; i++) exclude.Add(excludes[i]);
            return new InputSelection
            {
                Exclude = exclude,
                // The command line's includes replace the project file's.
                Include = includes.Count > 0 ? includes : project?.Include.Select(p => (p, fromProject)).ToList() ?? new List<(GlobPattern, string)>(),
                ExcludePaths = own,
            };
        });
    }

    /// <summary>
    /// Says which project files apply (on stderr: an auditor sees when a folder brings its own
    /// settings) and what was left out: each entry in the log (on stderr with --verbose), else one
    /// line with the count. Nothing on stderr with <paramref name="quiet"/>.
    /// </summary>
    public void Tell(InputSet set, bool verbose, bool quiet, TextWriter stderr, ILogger logger)
    {
        foreach (var p in Project.Files)
        {
            logger.LogDebug("使用项目文件 {File}", p.Path);
            if (!quiet) stderr.WriteLine(Lang.T($"使用项目文件 {p.Path}", $"Using the project file {p.Path}"));
        }
        foreach (var s in set.Skipped) logger.LogDebug("已跳过 {File}：{Reason}", s.Path, s.Reason);
        if (set.Skipped.Count > 0 && !verbose && !quiet)
            stderr.WriteLine(Lang.T($"已跳过 {set.Skipped.Count} 个不检查的文件（系统文件、锁定文件、隐藏文件、说明文件或按模式排除的文件；加 --verbose 列出）",
                $"Skipped {set.Skipped.Count} files (system, lock, hidden, note or excluded files; --verbose lists them)"));
    }
}
