using System.Security.Cryptography;
using System.Text;
using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// The compiled-rule cache on disk: <c>&lt;key&gt;.dll</c> and <c>&lt;key&gt;.mac</c>, the
/// HMAC-SHA256 of the key and the assembly under a per-user secret kept outside the folder. Only
/// an entry whose tag checks out is handed back (and loaded from those very bytes); a missing,
/// damaged, planted or foreign entry is reported and compiled again, then overwritten. The folder
/// is created owner-only (0700); one that group or others may write, or that belongs to another
/// user, is not used at all (a warning; the run compiles in memory), and neither is a secret that
/// others may read.
/// </summary>
internal sealed class DiskCache
{
    /// <summary>Largest cache entry read (a compiled rule set is a few hundred kilobytes).</summary>
    public const long MaxEntryBytes = 64L * 1024 * 1024;
    private const int SecretBytes = 32;
    private const UnixFileMode OwnerOnlyDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode OthersAny = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                           | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _dir;
    private readonly byte[] _secret;
    private readonly RuleEngineOptions _options;

    private DiskCache(string dir, byte[] secret, RuleEngineOptions options)
    {
        _dir = dir; _secret = secret; _options = options;
    }

    /// <summary>The cache folder, ready and safe to use, or null (with a warning) when it is not.</summary>
    public static DiskCache? Open(RuleEngineOptions options)
    {
        if (CacheLocation.Directory(options) is not { } chosen)
        {
            options.Warning("找不到存放规则缓存的用户文件夹，本次不使用磁盘缓存（可用环境变量 PERFRULES_CACHE 指定）");
            return null;
        }
        string dir;
        try { dir = Path.GetFullPath(chosen); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            options.Warning($"规则缓存文件夹“{chosen}”无效，本次不使用磁盘缓存");
            return null;
        }
        if (CacheLocation.SecretFile(options) is not { } secretPath)
        {
            options.Warning("找不到存放规则缓存密钥的用户文件夹（本地应用数据），本次不使用磁盘缓存");
            return null;
        }
        secretPath = Path.GetFullPath(secretPath);
        if (secretPath.StartsWith(Path.TrimEndingDirectorySeparator(dir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            options.Warning($"规则缓存的密钥文件“{secretPath}”不能放在缓存文件夹“{dir}”中，本次不使用磁盘缓存");
            return null;
        }
        if (PrepareFolder(dir) is { } why)
        {
            options.Warning($"规则缓存文件夹“{dir}”{why}，本次不使用磁盘缓存");
            return null;
        }
        if (LoadSecret(secretPath, out var secret) is { } problem)
        {
            options.Warning($"规则缓存密钥文件“{secretPath}”{problem}，本次不使用磁盘缓存");
            return null;
        }
        return new DiskCache(dir, secret!, options);
    }

    /// <summary>The verified assembly of this key, or null (a miss, or an entry that failed the check: reported).</summary>
    public byte[]? TryRead(string key)
    {
        var dll = Path.Combine(_dir, key + ".dll");
        try
        {
            if (!File.Exists(dll)) return null;
            var size = new FileInfo(dll).Length;
            if (size > MaxEntryBytes) return Reject(key, $"过大（{size} 字节）");
            var bytes = File.ReadAllBytes(dll);
            var mac = Path.Combine(_dir, key + ".mac");
            var tag = File.Exists(mac) && new FileInfo(mac).Length == SecretBytes ? File.ReadAllBytes(mac) : Array.Empty<byte>();
            if (tag.Length != SecretBytes || !CryptographicOperations.FixedTimeEquals(tag, Tag(key, bytes)))
                return Reject(key, "未通过完整性校验（被修改、损坏或不是本用户写入的）");
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Reject(key, $"无法读取（{e.Message}）");
        }
    }

    private byte[]? Reject(string key, string why)
    {
        _options.Warning($"规则缓存中的程序集 {key} {why}，已忽略并重新编译");
        return null;
    }

    /// <summary>Writes the entry: the assembly, then its tag, each atomically (temporary file, then rename).</summary>
    public void Write(string key, byte[] bytes)
    {
        try
        {
            WriteAtomically(Path.Combine(_dir, key + ".dll"), bytes);
            WriteAtomically(Path.Combine(_dir, key + ".mac"), Tag(key, bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation; a read-only or full disk only costs a compile next time.
        }
    }

    private byte[] Tag(string key, byte[] assembly)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(Encoding.ASCII.GetBytes("perfrules-rule-cache-v1\0" + key + "\0"));
        hmac.AppendData(assembly);
        return hmac.GetHashAndReset();
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var tmp = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(tmp, NewFile()))
            {
                // No fsync: a torn entry fails its tag and is compiled again.
                stream.Write(bytes);
            }
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static FileStreamOptions NewFile()
    {
        var o = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    /// <summary>Creates the folder owner-only, or checks an existing one: null when it is safe to use, else why not.</summary>
    private static string? PrepareFolder(string dir)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir);
                return null;
            }
            if (!Directory.Exists(dir)) Directory.CreateDirectory(dir, OwnerOnlyDir);
            return UnsafeOnUnix(dir, OthersWrite, "可被其他用户或同组用户写入");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"无法创建或访问（{e.Message}）";
        }
    }

    /// <summary>
    /// Why a file or folder is unsafe on Unix, or null: <paramref name="forbidden"/> bits set, or
    /// another owner (setting the mode it already has succeeds for the owner only).
    /// </summary>
    private static string? UnsafeOnUnix(string path, UnixFileMode forbidden, string forbiddenWhy)
    {
        if (OperatingSystem.IsWindows()) return null;
        var mode = File.GetUnixFileMode(path);
        if ((mode & forbidden) != 0) return forbiddenWhy + $"（权限 {Convert.ToString((int)mode & 0x1FF, 8)}）";
        try { File.SetUnixFileMode(path, mode); }
        catch (UnauthorizedAccessException) { return "不属于当前用户"; }
        return null;
    }

    /// <summary>Reads the per-user secret, creating it owner-only when it does not exist yet; null when all is well, else why not.</summary>
    private static string? LoadSecret(string path, out byte[]? secret)
    {
        secret = null;
        try
        {
            var folder = Path.GetDirectoryName(path)!;
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else if (!Directory.Exists(folder)) Directory.CreateDirectory(folder, OwnerOnlyDir);
            if (UnsafeOnUnix(folder, OthersWrite, "所在的文件夹可被其他用户或同组用户写入") is { } folderWhy) return folderWhy;

            if (!File.Exists(path))
            {
                var fresh = RandomNumberGenerator.GetBytes(SecretBytes);
                var tmp = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
                using (var stream = new FileStream(tmp, NewFile())) stream.Write(fresh);
                try { File.Move(tmp, path, overwrite: false); }
                catch (IOException) when (File.Exists(path)) { File.Delete(tmp); } // another process made it first: use theirs
            }
            if (UnsafeOnUnix(path, OthersAny, "可被其他用户或同组用户读取或写入") is { } fileWhy) return fileWhy;
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < SecretBytes) return "太短（不是本程序生成的密钥）";
            secret = bytes;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"无法创建或读取（{e.Message}）";
        }
    }
}
