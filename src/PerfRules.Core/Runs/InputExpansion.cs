namespace PerfRules.Runs;

/// <summary>
/// The inputs of a run: every path named and every entry under every folder named, in a stable
/// order (ordinal), each once. A folder that cannot be listed, a folder link that leads back to a
/// folder already entered (a loop), or a folder nested too deep is an entry of its own carrying the
/// problem, so the report accounts for it. What a folder holds that is not a table (system, lock and
/// hidden files, notes; see <see cref="InputSelection"/>) is left out and listed with its reason.
/// </summary>
public static class InputExpansion
{
    private const int MaxDepth = 64;

    /// <summary>The inputs of the paths, with the default selection.</summary>
    public static IReadOnlyList<InputFile> Expand(IEnumerable<string> paths) => Select(paths, _ => InputSelection.Default).Files;

    /// <summary>
    /// The inputs of the paths and what was left out; <paramref name="selectionFor"/> gives the
    /// selection for the entries of each folder named (paths named directly are always inputs).
    /// </summary>
    public static InputSet Select(IEnumerable<string> paths, Func<string, InputSelection> selectionFor)
    {
        var files = new List<InputFile>();
        var skipped = new List<SkippedInput>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                Walk(p, p, selectionFor(p), new HashSet<string>(StringComparer.Ordinal) { RealPath(p) }, files, skipped, 0);
            else files.Add(new InputFile(p));
        }
        return new InputSet(files, skipped);
    }

    /// <summary>Every file named, and every file under every folder named, in a stable order.</summary>
    public static IReadOnlyList<string> Paths(IEnumerable<string> paths) => Expand(paths).Select(i => i.Path).ToList();

    private static void Walk(string root, string dir, InputSelection selection, HashSet<string> entered, List<InputFile> into,
        List<SkippedInput> skipped, int depth)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            into.Add(new InputFile(dir, $"无法列出目录：{Why(e)}"));
            return;
        }
        Array.Sort(entries, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var isDirectory = Directory.Exists(e);
            if (selection.Skip(e, Path.GetRelativePath(root, e).Replace('\\', '/'), isDirectory) is { } why)
            {
                skipped.Add(new SkippedInput(e, why));
                continue;
            }
            if (!isDirectory)
            {
                into.Add(new InputFile(e));
                continue;
            }
            var real = RealPath(e);
            if (!entered.Add(real))
            {
                into.Add(new InputFile(e, "目录的符号链接指向已经检查过的目录（链接循环或重复），未再次进入"));
                continue;
            }
            if (depth >= MaxDepth)
            {
                into.Add(new InputFile(e, $"目录层级超过 {MaxDepth} 层，未进入"));
                continue;
            }
            Walk(root, e, selection, entered, into, skipped, depth + 1);
        }
    }

    private static string RealPath(string dir)
    {
        try
        {
            var info = new DirectoryInfo(dir);
            var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
            return Path.TrimEndingDirectorySeparator((target ?? info).FullName);
        }
        catch (IOException)
        {
            return Path.GetFullPath(dir);
        }
    }

    /// <summary>Why a path could not be read or listed, in Chinese.</summary>
    internal static string Why(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "文件不存在",
        UnauthorizedAccessException => "没有读取权限",
        _ => e.Message,
    };
}
