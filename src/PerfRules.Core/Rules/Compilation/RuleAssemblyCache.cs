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
    public const string EngineVersion = "perfrules-engine-7";

    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static int _compileCount;

    /// <summary>How many times this process ran the compiler (tests of the cache read it).</summary>
    public static int CompileCount => _compileCount;

    /// <summary>Forgets the assemblies loaded by this process, so the next load reads the disk as a new process would (tests).</summary>
    internal static void ForgetLoaded()
    {
        Loaded.Clear();
        _ahead = null;
    }

    /// <summary>
    /// SHA-256 of everything that decides the compiled assembly or how it is read: the engine
    /// version, PerfRules.Core's MVID, the runtime's version, the set's name and version, and each
    /// rule file's name and content (a renamed file is a new key).
    /// </summary>
    public static string Key(RuleSet set)
    {
        // The start thread works out the built-in set's key ahead (RuleSetCompiler.Prepare): the run takes it.
        if (_lastKey is { } last && ReferenceEquals(last.Set, set)) return last.Key;
        var key = MakeKey(set);
        _lastKey = new KeyOf(set, key);
        return key;
    }

    private sealed record KeyOf(RuleSet Set, string Key);
    private static volatile KeyOf? _lastKey;

    private static string MakeKey(RuleSet set)
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

    // The start thread's look ahead (Prepare): an assembly read from a cache and loaded, for the run to take when its
    // own cache gives the same (same cache, or the same bytes); until then it holds the assembly's name in this process.
    private sealed record Ahead(string Where, string Key, byte[] Bytes, Assembly Assembly);
    private static Ahead? _ahead;

    /// <summary>
    /// The start thread's head start on the run's load (<see cref="RuleSetCompiler.PrepareCompiled"/>): reads
    /// <paramref name="set"/>'s assembly from the cache of <paramref name="cache"/> (read only: creates and
    /// writes nothing), loads it when its MAC checks out and gives it compiled (null on a miss, a rejected entry
    /// or anything else: the run then loads as before, and reports what it finds). <see cref="Load"/> takes the
    /// loaded assembly instead of reading the entry again when its cache is the same one or gives the same bytes.
    /// When the run has loaded the set already, gives that (nothing is read).
    /// </summary>
    public static CompiledRuleSet? Prepare(RuleSet set, RuleEngineOptions cache)
    {
        var key = Key(set);
        var rejected = false;
        var options = cache with { Warn = _ => rejected = true };
        lock (Gate)
        {
            // The run got there first: its assembly, for the head start on the rules' first use all the same.
            if (Loaded.TryGetValue(key, out var known))
                return TryCreate(known, set) is { } again ? new CompiledRuleSet(set, again.Programs, again.Runner, compiled: false, key, options) : null;
            if (_ahead?.Key == key) return null;
            if (DiskCache.Open(options, create: false, warn: false) is not { } disk) return null;
            // A rejected entry is left to the run, which reads it again and reports it.
            if (disk.TryRead(key) is not { } bytes || rejected) return null;
            Assembly asm;
            try { asm = LoadBytes(bytes); }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException) { return null; }
            // Held even when it does not fit: its name is taken in this process (Load then names a compile apart).
            _ahead = new Ahead(disk.Where, key, bytes, asm);
            return TryCreate(asm, set) is { } made ? new CompiledRuleSet(set, made.Programs, made.Runner, compiled: false, key, options) : null;
        }
    }

    public static CompiledRuleSet Load(RuleSet set, RuleEngineOptions options)
    {
        var key = Key(set);
        lock (Gate)
        {
            if (Loaded.TryGetValue(key, out var known) && TryCreate(known, set) is { } again)
                return new CompiledRuleSet(set, again.Programs, again.Runner, compiled: false, key, options);

            var disk = options.UseDiskCache ? DiskCache.Open(options) : null;
            byte[]? verified = null;
            var read = false;
            // The start thread's assembly, when this cache gives the same one (read again only from another cache).
            if (_ahead is { } ahead && ahead.Key == key && disk is not null)
            {
                if (ahead.Where != disk.Where) (verified, read) = (disk.TryRead(key), true);
                if ((!read || verified is not null && verified.AsSpan().SequenceEqual(ahead.Bytes)) && TryCreate(ahead.Assembly, set) is { } taken)
                {
                    _ahead = null;
                    Loaded[key] = ahead.Assembly;
                    return new CompiledRuleSet(set, taken.Programs, taken.Runner, compiled: false, key, options);
                }
            }
            if (!read) verified = disk?.TryRead(key);
            if (verified is not null)
            {
                try
                {
                    var asm = LoadBytes(verified);
                    if (TryCreate(asm, set) is { } hit)
                    {
                        Loaded[key] = asm;
                        return new CompiledRuleSet(set, hit.Programs, hit.Runner, compiled: false, key, options);
                    }
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or TypeLoadException or MissingMethodException)
                {
                    // Signed by us but not loadable here (another build of the runtime): compiled again below.
                }
            }

            var nameTaken = Loaded.ContainsKey(key) || _ahead?.Key == key;
            var name = "PerfRules.RuleSet_" + key[..32] + (nameTaken ? "_" + Guid.NewGuid().ToString("N")[..8] : "");
            var bytes = CompileOnMiss(set, name);
            Interlocked.Increment(ref _compileCount);
            var compiled = LoadBytes(bytes);
            var created = TryCreate(compiled, set) ?? throw new InvalidOperationException("compiled rule set does not match its rules");
            Loaded[key] = compiled;
            disk?.Write(key, bytes);
            return new CompiledRuleSet(set, created.Programs, created.Runner, compiled: true, key, options);
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
