using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Finds the compiled assembly of a rule set: in this process, on disk, or by compiling it.
/// Deliberately free of Roslyn types: a cache hit never loads Microsoft.CodeAnalysis; only
/// <see cref="CompileOnMiss"/> (not inlined) reaches <see cref="RoslynRuleCompiler"/>.
/// The disk cache is hostile input: an entry is loaded only after its HMAC checks out
/// (<see cref="DiskCache"/>); anything else is compiled again.
/// </summary>
internal static class RuleAssemblyCache
{
    /// <summary>Bump when the generated code or the runtime contract changes.</summary>
    public const string EngineVersion = "perfrules-engine-5";

    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static int _compileCount;

    /// <summary>How many times this process ran the compiler (tests of the cache read it).</summary>
    public static int CompileCount => _compileCount;

    /// <summary>Forgets the assemblies loaded by this process, so the next load reads the disk as a new process would (tests).</summary>
    internal static void ForgetLoaded() => Loaded.Clear();

    /// <summary>
    /// SHA-256 of everything that decides the compiled assembly or how it is read: the engine
    /// version, PerfRules.Core's MVID, the runtime's version, the set's name and version, and each
    /// rule file's name and content (a renamed file is a new key).
    /// </summary>
    public static string Key(RuleSet set)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            sha.AppendData(BitConverter.GetBytes(bytes.Length));
            sha.AppendData(bytes);
        }
        Add(EngineVersion);
        Add(typeof(RuleProgram).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(Environment.Version.ToString());
        Add(set.Name);
        Add(set.Version);
        foreach (var f in set.Files)
        {
            Add(f.Name);
            Add(f.Content);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static CompiledRuleSet Load(RuleSet set, RuleEngineOptions options)
    {
        var key = Key(set);
        lock (Gate)
        {
            if (Loaded.TryGetValue(key, out var known) && TryCreate(known, set) is { } again)
                return new CompiledRuleSet(set, again.Programs, again.Runner, compiled: false, key);

            var disk = options.UseDiskCache ? DiskCache.Open(options) : null;
            if (disk?.TryRead(key) is { } verified)
            {
                try
                {
                    var asm = LoadBytes(verified);
                    if (TryCreate(asm, set) is { } hit)
                    {
                        Loaded[key] = asm;
                        return new CompiledRuleSet(set, hit.Programs, hit.Runner, compiled: false, key);
                    }
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or MissingMethodException)
                {
                    // Signed by us but not loadable here (another build of the runtime): compiled again below.
                }
            }

            var name = "PerfRules.RuleSet_" + key[..32] + (Loaded.ContainsKey(key) ? "_" + Guid.NewGuid().ToString("N")[..8] : "");
            var bytes = CompileOnMiss(set, name);
            Interlocked.Increment(ref _compileCount);
            var compiled = LoadBytes(bytes);
            var created = TryCreate(compiled, set) ?? throw new InvalidOperationException("compiled rule set does not match its rules");
            Loaded[key] = compiled;
            disk?.Write(key, bytes);
            return new CompiledRuleSet(set, created.Programs, created.Runner, compiled: true, key);
        }
    }

    /// <summary>Compiles on a cache miss; any failure of the compiler itself is a load error naming the rule files, never a crash.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] CompileOnMiss(RuleSet set, string assemblyName)
    {
        try
        {
            return RoslynRuleCompiler.Compile(set, assemblyName);
        }
        catch (Exception e) when (e is not (RuleLoadException or OutOfMemoryException))
        {
            var file = set.Files.LastOrDefault()?.Name ?? set.Name;
            throw new RuleLoadException(new[] { new RuleLoadError(file, 1, 1, $"规则集无法编译（{e.GetType().Name}：{e.Message}）") });
        }
    }

    // Into the context that holds PerfRules.Core, so the rules bind to this copy of the model.
    private static Assembly LoadBytes(byte[] bytes)
    {
        var context = AssemblyLoadContext.GetLoadContext(typeof(RuleProgram).Assembly) ?? AssemblyLoadContext.Default;
        using var ms = new MemoryStream(bytes);
        return context.LoadFromStream(ms);
    }

    private static (RuleProgram[] Programs, ScopeRunner Runner)? TryCreate(Assembly asm, RuleSet set)
    {
        if (asm.GetType(RuleProgramFactory.GeneratedTypeName) is not { } type) return null;
        if (Activator.CreateInstance(type) is not RuleProgramFactory factory) return null;
        var programs = factory.Create();
        if (programs.Length != set.Rules.Count) return null;
        for (var i = 0; i < programs.Length; i++)
            if (programs[i].RuleId != set.Rules[i].Id) return null;
        return (programs, factory.CreateRunner());
    }
}

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
        if (options.ResolveCacheDirectory() is not { } chosen)
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
        if (options.ResolveCacheSecretFile() is not { } secretPath)
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
