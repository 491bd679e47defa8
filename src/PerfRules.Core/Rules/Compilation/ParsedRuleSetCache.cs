using System.Security.Cryptography;
using System.Text;
using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// The parsed rule set kept in the rule cache beside the compiled assembly (<see cref="DiskCache.Entry.RuleSet"/>,
/// <see cref="RuleSetModel"/>), so that a warm start reads the rule files' bytes, hashes them and loads the stored
/// model: no YAML parse (it was the start's critical path: docs/performance.md, "The fixed cost of a run").
/// The key is a hash of the files themselves (the set's name and version, which the assembly's key also takes,
/// are only known after a parse). A miss, a changed file, another build of PerfRules, or an entry that fails
/// its MAC or does not read back: the files are parsed and the entry written again, as the assembly's is.
/// Used for the built-in set (every run with rules loads it).
/// </summary>
internal static class ParsedRuleSetCache
{
    /// <summary>What the built-in set is loaded as (<see cref="RuleSetLoader.LoadBuiltin(IEnumerable{RuleFile})"/>): part of its key.</summary>
    private const string BuiltinMode = "builtin";

    private static readonly object Gate = new();
    // The start thread's look at the cache (Prepare), for the run to take over (LoadBuiltin).
    private static Prepared? _prepared;
    // The caches (DiskCache.Where) this process has found or written the built-in set's entry in.
    private static readonly HashSet<string> StoredIn = new(StringComparer.Ordinal);

    private sealed record Prepared(string Where, RuleSet Set, bool Hit, List<string> Warnings);

    /// <summary>
    /// The entry's key: SHA-256 of the format's version, PerfRules.Core's MVID (the parser, the model and the
    /// built-in code table are that build's), how the files are loaded, and each file's name and content.
    /// </summary>
    public static string Key(IReadOnlyList<RuleFile> files, string mode)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            sha.AppendData(BitConverter.GetBytes(bytes.Length));
            sha.AppendData(bytes);
        }
        Add("perfrules-ruleset-" + RuleSetModel.FormatVersion);
        Add(typeof(RuleSet).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(mode);
        Add(files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var f in files)
        {
            Add(f.Name);
            Add(f.Content);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The stored set of these files, verified and read back; null on a miss or a bad entry (reported by the cache).</summary>
    public static RuleSet? TryRead(DiskCache disk, string key, IReadOnlyList<RuleFile> files)
    {
        if (disk.TryRead(key, DiskCache.Entry.RuleSet) is not { } bytes) return null;
        return RuleSetModel.Read(bytes, files) ?? (RuleSet?)Unreadable(disk, key);
    }

    private static object? Unreadable(DiskCache disk, string key)
    {
        disk.Reject(key, DiskCache.Entry.RuleSet, "无法读取（格式不符）");
        return null;
    }

    /// <summary>Stores the set parsed from these files.</summary>
    public static void Write(DiskCache disk, string key, RuleSet set, IReadOnlyList<RuleFile> files) =>
        disk.Write(key, DiskCache.Entry.RuleSet, RuleSetModel.Write(set, files));

    /// <summary>
    /// A set loaded from <paramref name="files"/> by <paramref name="parse"/>, through the cache of
    /// <paramref name="options"/>: the stored one when its entry checks out, else parsed and stored.
    /// </summary>
    public static (RuleSet Set, bool Hit) Load(IReadOnlyList<RuleFile> files, string mode, Func<RuleSet> parse, RuleEngineOptions options)
    {
        var disk = options.UseDiskCache ? DiskCache.Open(options) : null;
        if (disk is null) return (parse(), false);
        var key = Key(files, mode);
        if (TryRead(disk, key, files) is { } stored) return (stored, true);
        var set = parse();
        Write(disk, key, set, files);
        return (set, false);
    }

    /// <summary>
    /// Looks ahead, on the start thread, for the built-in set in the cache of <paramref name="cacheDirectory"/>
    /// (the command line's --cache as the host read it, else the default): reads only (creates no folder or
    /// secret, writes nothing) and keeps its warnings for the run (<see cref="LoadBuiltin"/>), which decides.
    /// Parses the files when the entry is not there. Either way the process's built-in set is made.
    /// </summary>
    public static void Prepare(string? cacheDirectory)
    {
        lock (Gate)
        {
            if (RuleSetLoader.BuiltinIfLoaded is not null || _prepared is not null) return;
            var warnings = new List<string>();
            var options = new RuleEngineOptions { CacheDirectory = cacheDirectory, Warn = warnings.Add };
            var disk = DiskCache.Open(options, create: false, warn: false);
            var files = RuleSetLoader.BuiltinFiles();
            RuleSet? stored = null;
            var set = RuleSetLoader.LoadBuiltin(() => stored = disk is null ? null : TryRead(disk, Key(files, BuiltinMode), files));
            if (DiskCache.WhereOf(options) is { } where)
                _prepared = new Prepared(where, set, stored is not null && ReferenceEquals(stored, set), warnings);
        }
    }

    /// <summary>
    /// The built-in set for a run with <paramref name="options"/>' cache: what <see cref="Prepare"/> found when it
    /// looked in the same cache (its warnings are given now), else read from the cache or parsed; stored in the
    /// cache when it was not there.
    /// </summary>
    public static RuleSet LoadBuiltin(RuleEngineOptions options)
    {
        if (!options.UseDiskCache) return RuleSetLoader.LoadBuiltin();
        lock (Gate)
        {
            var where = DiskCache.WhereOf(options);
            if (where is null) return RuleSetLoader.LoadBuiltin();
            var prepared = _prepared;
            _prepared = null;
            if (prepared is not null && prepared.Where == where)
            {
                foreach (var w in prepared.Warnings) options.Warning(w);
                if (prepared.Hit) StoredIn.Add(where);
            }
            if (StoredIn.Contains(where)) return RuleSetLoader.LoadBuiltin();

            // Its warnings of a folder or secret unfit for use are the compiled assembly's, whose look in the same cache comes next.
            if (DiskCache.Open(options, create: true, warn: false) is not { } disk) return RuleSetLoader.LoadBuiltin();
            var files = RuleSetLoader.BuiltinFiles();
            var key = Key(files, BuiltinMode);
            RuleSet? stored = null;
            // Read only when the process has no built-in set yet; one made otherwise (parsed by Prepare, which missed
            // here or looked elsewhere; or asked for without a cache) is stored here once.
            var set = RuleSetLoader.LoadBuiltin(() => stored = TryRead(disk, key, files));
            if (stored is null || !ReferenceEquals(stored, set)) Write(disk, key, set, files);
            StoredIn.Add(where);
            return set;
        }
    }
}
