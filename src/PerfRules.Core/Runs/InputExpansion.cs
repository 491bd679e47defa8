namespace PerfRules.Runs;

/// <summary>
/// The inputs of a run: every path named and every entry under every folder named, in a stable
/// order (ordinal), each once. A folder that cannot be listed, a folder link that leads back to a
/// folder already entered (a loop), or a folder nested too deep is an entry of its own carrying the
/// problem, so the report accounts for it.
/// </summary>
public static class InputExpansion
{
    private const int MaxDepth = 64;

    public static IReadOnlyList<InputFile> Expand(IEnumerable<string> paths)
    {
        var files = new List<InputFile>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) Walk(p, new HashSet<string>(StringComparer.Ordinal) { RealPath(p) }, files, 0);
            else files.Add(new InputFile(p));
        }
        return files;
    }

    /// <summary>Every file named, and every file under every folder named, in a stable order.</summary>
    public static IReadOnlyList<string> Paths(IEnumerable<string> paths) => Expand(paths).Select(i => i.Path).ToList();

    private static void Walk(string dir, HashSet<string> entered, List<InputFile> into, int depth)
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
            if (!Directory.Exists(e))
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
            Walk(e, entered, into, depth + 1);
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
