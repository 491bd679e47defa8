using System.Security.Cryptography;
using System.Text;
using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// The compiled-rule cache on disk: <c>&lt;key&gt;.dll</c> and <c>&lt;key&gt;.mac</c>, the
/// HMAC-SHA256 of the key and the assembly under a per-user secret kept outside the folder (and,
/// the same way, the parsed rule set: <c>&lt;key&gt;.ruleset</c> and <c>&lt;key&gt;.ruleset.mac</c>,
/// <see cref="Entry.RuleSet"/>, under a MAC of its own domain so that one kind is never taken for the other). Only
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

    /// <summary>
    /// A kind of entry: its files' endings, the MAC's domain (an entry of one kind never checks out as
    /// the other) and how a rejected one is reported.
    /// </summary>
    public sealed record Entry(string Data, string Mac, string Domain, string What, string Then)
    {
        /// <summary>A compiled rule set (the assembly's bytes).</summary>
        public static readonly Entry Assembly = new(".dll", ".mac", "perfrules-rule-cache-v1", "程序集", "已忽略并重新编译");
        /// <summary>A parsed rule set (<see cref="RuleSetModel"/>).</summary>
        public static readonly Entry RuleSet = new(".ruleset", ".ruleset.mac", "perfrules-ruleset-cache-v1", "规则集", "已忽略并重新读取规则文件");
    }

    private readonly string _dir;
    private readonly byte[] _secret;
    private readonly RuleEngineOptions _options;

    private DiskCache(string dir, string secretPath, byte[] secret, RuleEngineOptions options)
    {
        _dir = dir; _secret = secret; _options = options;
        Where = Place(dir, secretPath);
    }

    /// <summary>The folder and the secret this cache uses (two opens with the same one share their entries).</summary>
    public string Where { get; }

    private static string Place(string dir, string secretPath) => dir + "\0" + secretPath;

    /// <summary>
    /// <see cref="Where"/> for these options without opening anything (null when they name no usable place):
    /// lets a caller tell whether an entry read elsewhere came from the same cache.
    /// </summary>
    public static string? WhereOf(RuleEngineOptions options)
    {
        try
        {
            return CacheLocation.Directory(options) is { } dir && CacheLocation.SecretFile(options) is { } secret
                ? Place(Path.GetFullPath(dir), Path.GetFullPath(secret))
                : null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>The cache folder, ready and safe to use, or null (with a warning) when it is not.</summary>
    public static DiskCache? Open(RuleEngineOptions options) => Open(options, create: true, warn: true);

    /// <summary>
    /// Like <see cref="Open(RuleEngineOptions)"/>. Without <paramref name="create"/> a folder or secret not made yet
    /// is not made (null: a look ahead that leaves no trace, <see cref="ParsedRuleSetCache.Prepare"/>); without
    /// <paramref name="warn"/> a folder or secret unfit for use is not reported (whoever opens it next does).
    /// A rejected entry is reported either way.
    /// </summary>
    public static DiskCache? Open(RuleEngineOptions options, bool create, bool warn)
    {
        void Warning(string message)
        {
            if (warn) options.Warning(message);
        }
        if (CacheLocation.Directory(options) is not { } chosen)
        {
            Warning("找不到存放规则缓存的用户文件夹，本次不使用磁盘缓存（可用环境变量 PERFRULES_CACHE 指定）");
            return null;
        }
        string dir;
        try { dir = Path.GetFullPath(chosen); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            Warning($"规则缓存文件夹“{chosen}”无效，本次不使用磁盘缓存");
            return null;
        }
        if (CacheLocation.SecretFile(options) is not { } secretPath)
        {
            Warning("找不到存放规则缓存密钥的用户文件夹（本地应用数据），本次不使用磁盘缓存");
            return null;
        }
        secretPath = Path.GetFullPath(secretPath);
        if (secretPath.StartsWith(Path.TrimEndingDirectorySeparator(dir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            Warning($"规则缓存的密钥文件“{secretPath}”不能放在缓存文件夹“{dir}”中，本次不使用磁盘缓存");
            return null;
        }
        if (!create && (!Directory.Exists(dir) || !File.Exists(secretPath))) return null;
        if (PrepareFolder(dir) is { } why)
        {
            Warning($"规则缓存文件夹“{dir}”{why}，本次不使用磁盘缓存");
            return null;
        }
        if (LoadSecret(secretPath, out var secret) is { } problem)
        {
            Warning($"规则缓存密钥文件“{secretPath}”{problem}，本次不使用磁盘缓存");
            return null;
        }
        return new DiskCache(dir, secretPath, secret!, options);
    }

    /// <summary>The verified assembly of this key, or null (a miss, or an entry that failed the check: reported).</summary>
    public byte[]? TryRead(string key) => TryRead(key, Entry.Assembly);

    /// <summary>The verified bytes of this key's entry of that kind, or null (a miss, or an entry that failed the check: reported).</summary>
    public byte[]? TryRead(string key, Entry entry)
    {
        var data = Path.Combine(_dir, key + entry.Data);
        try
        {
            if (!File.Exists(data)) return null;
            var size = new FileInfo(data).Length;
            if (size > MaxEntryBytes) return Reject(key, entry, $"过大（{size} 字节）");
            var bytes = File.ReadAllBytes(data);
            var mac = Path.Combine(_dir, key + entry.Mac);
            var tag = File.Exists(mac) && new FileInfo(mac).Length == SecretBytes ? File.ReadAllBytes(mac) : Array.Empty<byte>();
            if (tag.Length != SecretBytes || !CryptographicOperations.FixedTimeEquals(tag, Tag(key, entry, bytes)))
                return Reject(key, entry, "未通过完整性校验（被修改、损坏或不是本用户写入的）");
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Reject(key, entry, $"无法读取（{e.Message}）");
        }
    }

    /// <summary>Reports an entry that was verified but could not be used (a parsed rule set that does not read back), and gives null.</summary>
    public byte[]? Reject(string key, Entry entry, string why)
    {
        _options.Warning($"规则缓存中的{entry.What} {key} {why}，{entry.Then}");
        return null;
    }

    /// <summary>Writes the entry: the assembly, then its tag, each atomically (temporary file, then rename).</summary>
    public void Write(string key, byte[] bytes) => Write(key, Entry.Assembly, bytes);

    /// <summary>Writes an entry of that kind: its bytes, then its tag, each atomically (temporary file, then rename).</summary>
    public void Write(string key, Entry entry, byte[] bytes)
    {
        try
        {
            WriteAtomically(Path.Combine(_dir, key + entry.Data), bytes);
            WriteAtomically(Path.Combine(_dir, key + entry.Mac), Tag(key, entry, bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation; a read-only or full disk only costs a compile next time.
        }
    }

    private byte[] Tag(string key, Entry entry, byte[] data)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(entry.Domain + "\0" + key + "\0"));
        hmac.AppendData(data);
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
