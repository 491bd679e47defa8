namespace PerfRules.Files;

/// <summary>
/// Writes an output file so that it is either the old file or the whole new one, never a part:
/// the bytes go to a hidden temporary file in the same folder, are flushed to disk, and the
/// temporary file is then renamed over the target (one atomic rename on the same file system).
/// On failure the target is untouched, the temporary file is deleted, and an
/// <see cref="OutputFileException"/> says so in Chinese. Every file the hosts write goes through here.
/// </summary>
public static class AtomicFile
{
    // Temporary files being written, so that an interrupt (Ctrl-C) can delete them.
    private static readonly HashSet<string> Live = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static bool _abandoned;

    /// <summary>
    /// A seam for fault-injection tests (a full disk without a full disk): wraps the temporary file's
    /// stream for writes made in the current async flow only.
    /// </summary>
    internal static readonly AsyncLocal<Func<Stream, Stream>?> StreamForTests = new();

    /// <summary>Marks the temporary files: ".{name}.{pid}-{random}.perfrules.tmp" beside the target.</summary>
    private const string TempSuffix = ".perfrules.tmp";

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically (see the class).</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full, target;
        try
        {
            full = Path.GetFullPath(path);
            target = FinalTarget(full);
        }
        catch (Exception e) when (IsEnvironmental(e))
        {
            throw Failed(path, e, false);
        }
        var kind = FileProbe.Kind(target);
        if (kind == FileKind.Directory)
            throw new OutputFileException(path, $"无法写入“{path}”：这是一个目录，不是文件");
        if (kind is FileKind.Fifo or FileKind.CharDevice or FileKind.Socket)
        {
            // /dev/stdout, /dev/null, a pipe: there is nothing to replace, and renaming over a device would be wrong.
            WriteStraight(path, target, write);
            return;
        }
        var existed = kind == FileKind.Regular;
        var dir = Path.GetDirectoryName(target)!;
        string? temp = null;
        try
        {
            if (!Directory.Exists(dir))
            {
                if (FileInTheWay(dir) is { } file)
                    throw new OutputFileException(path, $"无法写入“{path}”：路径中的“{file}”是文件，不是目录；未生成该文件");
                Directory.CreateDirectory(dir);
            }
            RemoveStale(dir, Path.GetFileName(target));
            temp = Path.Combine(dir, TempName(Path.GetFileName(target)));
            lock (Gate)
            {
                if (_abandoned) throw new OperationCanceledException();
                Live.Add(temp);
            }
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var early = new EarlyWriteback(stream);
                write(StreamForTests.Value is { } wrap ? wrap(early) : early);
                stream.Flush(flushToDisk: true);
            }
            if (existed && !OperatingSystem.IsWindows()) KeepMode(target, temp);
            lock (Gate)
            {
                // After an interrupt nothing is renamed into place: the process is on its way out.
                if (_abandoned) throw new OperationCanceledException();
                File.Move(temp, target, overwrite: true);
                Live.Remove(temp);
                temp = null;
            }
        }
        catch (Exception e) when (IsEnvironmental(e))
        {
            throw Failed(path, e, existed);
        }
        finally
        {
            if (temp is not null) Discard(temp);
        }
    }

    /// <summary>Writes text as UTF-8 without a byte order mark, atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });

    /// <summary>
    /// Deletes every temporary file still being written and stops later renames: for an interrupt,
    /// just before the process exits. Returns how many were deleted.
    /// </summary>
    public static int AbandonAll()
    {
        lock (Gate)
        {
            _abandoned = true;
            var n = 0;
            foreach (var t in Live)
                if (TryDelete(t)) n++;
            Live.Clear();
            return n;
        }
    }

    /// <summary>Undoes <see cref="AbandonAll"/> (tests abandon without ending the process).</summary>
    internal static void ResetAbandonedForTests()
    {
        lock (Gate) _abandoned = false;
    }

    /// <summary>The temporary files of this process still open (for tests).</summary>
    internal static IReadOnlyList<string> LiveTemporaries()
    {
        lock (Gate) return Live.ToList();
    }

    /// <summary>Whether a file name is one of this class's temporary files.</summary>
    public static bool IsTemporary(string fileName) => fileName.StartsWith('.') && fileName.EndsWith(TempSuffix, StringComparison.Ordinal);

    private static string TempName(string name)
    {
        // Long names are cut so the temporary name stays within the usual 255-byte limit.
        var stem = name.Length > 60 ? name[..60] : name;
        return $".{stem}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}{TempSuffix}";
    }

    /// <summary>
    /// Deletes temporary files of the same target left by processes that are gone (killed with no
    /// chance to clean up). Files of live processes, including other runs writing the same target, stay.
    /// </summary>
    private static void RemoveStale(string dir, string name)
    {
        var stem = name.Length > 60 ? name[..60] : name;
        try
        {
            foreach (var file in Directory.EnumerateFiles(dir, "." + stem + ".*" + TempSuffix))
            {
                var middle = Path.GetFileName(file)[(stem.Length + 2)..^TempSuffix.Length];
                var dash = middle.IndexOf('-');
                if (dash > 0 && int.TryParse(middle[..dash], out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
                    TryDelete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* tidying only */ }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return true; // cannot tell: keep the file
        }
    }

    private static void WriteStraight(string path, string target, Action<Stream> write)
    {
        try
        {
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            write(stream);
            stream.Flush();
        }
        catch (Exception e) when (IsEnvironmental(e))
        {
            throw Failed(path, e, false);
        }
    }

    /// <summary>The nearest existing ancestor of a missing folder when it is a file (then the folder cannot be made).</summary>
    private static string? FileInTheWay(string dir)
    {
        for (var d = dir; !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
        {
            if (Directory.Exists(d)) return null;
            if (File.Exists(d)) return d;
        }
        return null;
    }

    /// <summary>Where a path leads once every symbolic link is followed (the link itself stays a link).</summary>
    private static string FinalTarget(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        var resolved = info.ResolveLinkTarget(returnFinalTarget: true);
        return resolved is null ? full : Path.GetFullPath(resolved.FullName);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void KeepMode(string target, string temp)
    {
        try { File.SetUnixFileMode(temp, File.GetUnixFileMode(target)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the default mode is fine */ }
    }

    private static void Discard(string temp)
    {
        TryDelete(temp);
        lock (Gate) Live.Remove(temp);
    }

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Failures of the file system or of the path, as opposed to bugs (which are not wrapped).</summary>
    private static bool IsEnvironmental(Exception e) =>
        e is not OutputFileException and (IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException
        // .NET reports EFBIG (a file-size limit) as ArgumentOutOfRangeException; bad path characters as ArgumentException.
        or ArgumentException);

    private static OutputFileException Failed(string path, Exception e, bool existed) =>
        new(path, $"无法写入“{path}”：{Reason(e)}；{(existed ? "原有文件未改动" : "未生成该文件")}", e);

    /// <summary>
    /// Why a file operation failed, in Chinese for the common cases; the system's own words (English,
    /// with the path again) only when there is no Chinese reason for the failure.
    /// </summary>
    public static string Reason(Exception e)
    {
        string? why = e switch
        {
            UnauthorizedAccessException => "没有写入权限",
            DirectoryNotFoundException => "目录不存在",
            FileNotFoundException => "文件不存在",
            PathTooLongException => "路径过长",
            ArgumentOutOfRangeException => "超过文件大小上限",
            IOException io => (io.HResult & 0xFFFF) switch
            {
                28 when !OperatingSystem.IsWindows() => "磁盘空间不足",                 // ENOSPC
                122 when !OperatingSystem.IsWindows() => "超出磁盘配额",                // EDQUOT
                27 when !OperatingSystem.IsWindows() => "超过文件大小上限",             // EFBIG
                30 when !OperatingSystem.IsWindows() => "文件系统为只读",               // EROFS
                20 when !OperatingSystem.IsWindows() => "路径中的某一级不是目录",        // ENOTDIR
                21 when !OperatingSystem.IsWindows() => "这是一个目录，不是文件",          // EISDIR
                5 when !OperatingSystem.IsWindows() => "磁盘读写错误",                   // EIO
                13 or 1 when !OperatingSystem.IsWindows() => "没有权限",                 // EACCES, EPERM
                // A report left open in Excel or WPS: the commonest failure on a clerk's Windows machine.
                32 or 33 when OperatingSystem.IsWindows() => "文件正被其他程序占用（例如在 Excel 或 WPS 中打开着），请关闭后重试", // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
                112 or 39 when OperatingSystem.IsWindows() => "磁盘空间不足",          // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
                _ => null,
            },
            ArgumentException => "路径无效",
            _ => null,
        };
        if (why is not null) return why;
        var detail = e.Message.Replace('\r', ' ').Replace('\n', ' ').Trim();
        if (detail.Any(c => c is >= '\u4E00' and <= '\u9FFF')) return detail; // our own words already
        return detail.Length == 0 ? $"读写出错（{e.GetType().Name}）" : $"读写出错（系统信息：{detail}）";
    }
}
