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
/// </summary>
internal static class RuleAssemblyCache
{
    /// <summary>Bump when the generated code or the runtime contract changes.</summary>
    public const string EngineVersion = "perfrules-engine-4";

    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static int _compileCount;

    /// <summary>How many times this process ran the compiler (tests of the cache read it).</summary>
    public static int CompileCount => _compileCount;

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
        foreach (var f in set.Files) Add(f.Content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static CompiledRuleSet Load(RuleSet set, RuleEngineOptions options)
    {
        var key = Key(set);
        lock (Gate)
        {
            if (Loaded.TryGetValue(key, out var known) && TryCreate(known, set) is { } again)
                return new CompiledRuleSet(set, again.Programs, again.Runner, compiled: false, key);

            string? path = null;
            if (options.UseDiskCache)
            {
                path = Path.Combine(options.ResolveCacheDirectory(), key + ".dll");
                if (TryLoadFile(path, set) is { } hit)
                {
                    Loaded[key] = hit.Assembly;
                    return new CompiledRuleSet(set, hit.Rules.Programs, hit.Rules.Runner, compiled: false, key);
                }
            }

            var name = "PerfRules.RuleSet_" + key[..32] + (Loaded.ContainsKey(key) ? "_" + Guid.NewGuid().ToString("N")[..8] : "");
            var bytes = CompileOnMiss(set, name);
            Interlocked.Increment(ref _compileCount);
            var asm = LoadBytes(bytes);
            var created = TryCreate(asm, set) ?? throw new InvalidOperationException("compiled rule set does not match its rules");
            Loaded[key] = asm;
            if (path is not null) TryWrite(path, bytes);
            return new CompiledRuleSet(set, created.Programs, created.Runner, compiled: true, key);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static byte[] CompileOnMiss(RuleSet set, string assemblyName) => RoslynRuleCompiler.Compile(set, assemblyName);

    private static (Assembly Assembly, (RuleProgram[] Programs, ScopeRunner Runner) Rules)? TryLoadFile(string path, RuleSet set)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var asm = LoadBytes(File.ReadAllBytes(path));
            return TryCreate(asm, set) is { } programs ? (asm, programs) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException
                                       or FileLoadException or TypeLoadException or MissingMethodException)
        {
            return null; // a damaged or stale cache entry is simply compiled again
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

    private static void TryWrite(string path, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation; a read-only or full disk only costs a compile next time.
        }
    }
}
