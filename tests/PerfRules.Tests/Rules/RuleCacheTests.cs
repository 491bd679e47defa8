using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>The compiled assembly is cached: in the process and on disk, and a hit needs no Roslyn.</summary>
[NonParallelizable]
public class RuleCacheTests
{
    private static string UniqueRules() => $"""
        # {Guid.NewGuid()}
        ruleset: cached
        version: '1'
        rules:
          - id: C1
            scope: project
            assert: project.Indicators.Count > 5
            message: "{"{"}project.Name{"}"} 指标太少"
        """;

    private static Submission Doc() => new()
    {
        SourceFile = "x.txt",
        Units = { new FundingUnit { Name = "u", Projects = { new Project { Name = "p1" }, new Project { Name = "p2" } } } },
    };

    [Test]
    public void A_second_load_of_the_same_files_does_not_compile_and_gives_the_same_findings()
    {
        var yaml = UniqueRules();
        var before = RuleAssemblyCache.CompileCount;
        var first = RuleTestSupport.CompileText(yaml);
        first.Compiled.ShouldBeTrue();
        RuleAssemblyCache.CompileCount.ShouldBe(before + 1);

        var second = RuleTestSupport.CompileText(yaml);
        second.Compiled.ShouldBeFalse();
        RuleAssemblyCache.CompileCount.ShouldBe(before + 1);
        second.CacheKey.ShouldBe(first.CacheKey);
        second.Evaluate(Doc()).ShouldBe(first.Evaluate(Doc()));
        first.Evaluate(Doc()).Count.ShouldBe(2);
    }

    [Test]
    public void The_cache_key_changes_with_the_rule_files()
    {
        var a = RuleAssemblyCache.Key(RuleTestSupport.LoadText(UniqueRules()));
        var b = RuleAssemblyCache.Key(RuleTestSupport.LoadText(UniqueRules()));
        a.ShouldNotBe(b);
        a.Length.ShouldBe(64);
    }

    [Test]
    public void The_disk_cache_is_written_and_a_corrupt_entry_is_compiled_again()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-cache-").FullName;
        try
        {
            var set = RuleTestSupport.LoadText(UniqueRules());
            var compiled = RuleSetCompiler.Compile(set, RuleTestSupport.Options with { CacheDirectory = dir });
            var file = Path.Combine(dir, compiled.CacheKey + ".dll");
            File.Exists(file).ShouldBeTrue();
            new FileInfo(file).Length.ShouldBeGreaterThan(1000);

            var set2 = RuleTestSupport.LoadText(UniqueRules());
            var key2 = RuleAssemblyCache.Key(set2);
            File.WriteAllText(Path.Combine(dir, key2 + ".dll"), "not an assembly");
            var again = RuleSetCompiler.Compile(set2, RuleTestSupport.Options with { CacheDirectory = dir });
            again.Compiled.ShouldBeTrue();
            again.Evaluate(Doc()).Count.ShouldBe(2);
        }
        finally { Directory.Delete(dir, true); }
    }

    // ---- integrity: the cache is hostile input too ------------------------------------------

    /// <summary>A cache folder and a secret of the test's own (the secret outside the folder, as in real use).</summary>
    private sealed class TempCache : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("perfrules-cache-").FullName;
        public string Dir => Path.Combine(Root, "cache");
        public string Secret => Path.Combine(Root, "secret", "cache.key");
        public List<string> Warnings { get; } = new();
        public RuleEngineOptions Options => new() { CacheDirectory = Dir, CacheSecretFile = Secret, Warn = w => { lock (Warnings) Warnings.Add(w); } };
        public void Dispose() => Directory.Delete(Root, true);
    }

    private static IReadOnlyList<(string, string, string)> Summary(IReadOnlyList<Finding> findings) =>
        findings.Select(f => (f.RuleId, f.Message, f.Fingerprint)).ToList();

    /// <summary>An assembly shaped like a compiled rule set whose module initializer writes a marker file.</summary>
    private static byte[] PlantedAssembly(string marker, string assemblyName)
    {
        var source = $$"""
            namespace PerfRules.Generated
            {
                public static class Boot
                {
                    [System.Runtime.CompilerServices.ModuleInitializer]
                    public static void Init() => System.IO.File.WriteAllText(@"{{marker}}", "planted");
                }
                public sealed class RuleSetPrograms : PerfRules.Rules.Runtime.RuleProgramFactory
                {
                    public override PerfRules.Rules.Runtime.RuleProgram[] Create() { System.IO.File.WriteAllText(@"{{marker}}", "created"); return new PerfRules.Rules.Runtime.RuleProgram[0]; }
                    public override PerfRules.Rules.Runtime.ScopeRunner CreateRunner() => null!;
                }
            }
            """;
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileNameWithoutExtension(p) is "System.Private.CoreLib" or "System.Runtime" or "System.IO.FileSystem")
            .Append(typeof(RuleSet).Assembly.Location)
            .Select(p => (Microsoft.CodeAnalysis.MetadataReference)Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(p));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(assemblyName,
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source) }, refs,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        result.Success.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return ms.ToArray();
    }

    [Test]
    public void A_planted_assembly_at_the_builtin_sets_key_is_never_loaded()
    {
        using var cache = new TempCache();
        var marker = Path.Combine(cache.Root, "marker");
        var set = RuleSetLoader.LoadBuiltin();
        var key = RuleAssemblyCache.Key(set);
        Directory.CreateDirectory(cache.Dir);
        File.WriteAllBytes(Path.Combine(cache.Dir, key + ".dll"), PlantedAssembly(marker, "Planted" + Guid.NewGuid().ToString("N")));
        // The planter may also guess a tag: a made-up one is no better than none.
        File.WriteAllBytes(Path.Combine(cache.Dir, key + ".mac"), new byte[32]);

        RuleAssemblyCache.ForgetLoaded(); // as in a new process: only the disk has it
        var loaded = RuleSetCompiler.Compile(set, cache.Options);
        File.Exists(marker).ShouldBeFalse("the planted assembly ran");
        loaded.Compiled.ShouldBeTrue();
        var seed = TestPaths.Seed("001");
        Summary(new Linter(loaded).Check(seed).One().Findings).ShouldBe(Summary(new Linter(RuleTestSupport.Builtin).Check(seed).One().Findings));
        cache.Warnings.ShouldContain(w => w.Contains(key));
    }

    [Test]
    public void Flipped_bytes_in_a_cached_assembly_give_the_same_findings_as_a_clean_run()
    {
        using var cache = new TempCache();
        var yaml = UniqueRules();
        var first = RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options);
        first.Compiled.ShouldBeTrue();
        var dll = Path.Combine(cache.Dir, first.CacheKey + ".dll");
        var bytes = File.ReadAllBytes(dll);
        var rng = new Random(5);
        for (var i = 0; i < 10; i++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
        File.WriteAllBytes(dll, bytes);

        // A fresh process would find only the disk entry: leave the in-process copy out of it.
        RuleAssemblyCache.ForgetLoaded();
        var again = RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options);
        again.Compiled.ShouldBeTrue();
        Summary(again.Evaluate(Doc())).ShouldBe(Summary(first.Evaluate(Doc())));
        cache.Warnings.ShouldContain(w => w.Contains(first.CacheKey));

        // Repaired: the next load is a clean hit.
        RuleAssemblyCache.ForgetLoaded();
        cache.Warnings.Clear();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options).Compiled.ShouldBeFalse();
        cache.Warnings.ShouldBeEmpty();
    }

    [Test]
    public void An_entry_tagged_with_another_secret_is_compiled_again()
    {
        using var cache = new TempCache();
        var yaml = UniqueRules();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options).Compiled.ShouldBeTrue();
        RuleAssemblyCache.ForgetLoaded();
        // Another user's (or an attacker's) secret: the same cache folder, a different key file.
        var other = cache.Options with { CacheSecretFile = Path.Combine(cache.Root, "other", "cache.key") };
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), other).Compiled.ShouldBeTrue();
    }

    // ---- the start thread's load ahead (RuleAssemblyCache.Prepare) ------------------------------

    private static System.Reflection.Assembly AssemblyOf(CompiledRuleSet set) => set.Program(0).GetType().Assembly;

    [Test]
    public void A_load_ahead_from_the_same_cache_is_what_the_run_takes()
    {
        using var cache = new TempCache();
        var yaml = UniqueRules();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options).Compiled.ShouldBeTrue();
        RuleAssemblyCache.ForgetLoaded(); // a new process: only the disk has it
        try
        {
            var set = RuleTestSupport.LoadText(yaml);
            var before = RuleAssemblyCache.CompileCount;
            var ahead = RuleAssemblyCache.Prepare(set, cache.Options).ShouldNotBeNull();
            ahead.Compiled.ShouldBeFalse();
            var run = RuleSetCompiler.Compile(set, cache.Options);
            run.Compiled.ShouldBeFalse();
            AssemblyOf(run).ShouldBeSameAs(AssemblyOf(ahead));
            RuleAssemblyCache.CompileCount.ShouldBe(before);
            Summary(run.Evaluate(Doc())).ShouldBe(Summary(ahead.Evaluate(Doc())));
            run.Evaluate(Doc()).Count.ShouldBe(2);
            cache.Warnings.ShouldBeEmpty();
        }
        finally { RuleAssemblyCache.ForgetLoaded(); }
    }

    [Test]
    public void When_the_run_loaded_first_the_look_ahead_gives_the_runs_assembly_and_reads_nothing()
    {
        using var cache = new TempCache();
        var yaml = UniqueRules();
        var set = RuleTestSupport.LoadText(yaml);
        var run = RuleSetCompiler.Compile(set, cache.Options);
        try
        {
            foreach (var f in Directory.GetFiles(cache.Dir)) File.Delete(f); // nothing to read: only the process has it
            var ahead = RuleAssemblyCache.Prepare(set, cache.Options).ShouldNotBeNull();
            AssemblyOf(ahead).ShouldBeSameAs(AssemblyOf(run));
            Summary(ahead.Evaluate(Doc())).ShouldBe(Summary(run.Evaluate(Doc())));
        }
        finally { RuleAssemblyCache.ForgetLoaded(); }
    }

    [Test]
    public void A_tampered_entry_is_not_loaded_ahead_and_the_run_reports_it_once()
    {
        using var cache = new TempCache();
        var yaml = UniqueRules();
        var first = RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options);
        var dll = Path.Combine(cache.Dir, first.CacheKey + ".dll");
        var bytes = File.ReadAllBytes(dll);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(dll, bytes);
        RuleAssemblyCache.ForgetLoaded();
        try
        {
            var set = RuleTestSupport.LoadText(yaml);
            RuleAssemblyCache.Prepare(set, cache.Options).ShouldBeNull();
            cache.Warnings.ShouldBeEmpty(); // the look ahead reports nothing: the run does
            var run = RuleSetCompiler.Compile(set, cache.Options);
            run.Compiled.ShouldBeTrue();
            cache.Warnings.Count(w => w.Contains(first.CacheKey)).ShouldBe(1);
            Summary(run.Evaluate(Doc())).ShouldBe(Summary(first.Evaluate(Doc())));
        }
        finally { RuleAssemblyCache.ForgetLoaded(); }
    }

    [Test]
    public void A_load_ahead_from_another_cache_is_taken_only_when_the_runs_cache_gives_the_same_bytes()
    {
        using var cache = new TempCache();
        var yaml = UniqueRules();
        var first = RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options);
        // The run's cache: a copy of the entry (same secret), then one under another secret (its tag fails there).
        var copy = Path.Combine(cache.Root, "copy");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(cache.Dir)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        try
        {
            RuleAssemblyCache.ForgetLoaded();
            var set = RuleTestSupport.LoadText(yaml);
            var ahead = RuleAssemblyCache.Prepare(set, cache.Options).ShouldNotBeNull();
            var run = RuleSetCompiler.Compile(set, cache.Options with { CacheDirectory = copy });
            run.Compiled.ShouldBeFalse();
            AssemblyOf(run).ShouldBeSameAs(AssemblyOf(ahead));

            RuleAssemblyCache.ForgetLoaded();
            ahead = RuleAssemblyCache.Prepare(set, cache.Options).ShouldNotBeNull();
            var other = cache.Options with { CacheDirectory = copy, CacheSecretFile = Path.Combine(cache.Root, "other", "cache.key") };
            run = RuleSetCompiler.Compile(set, other);
            run.Compiled.ShouldBeTrue(); // compiled apart, under a name of its own
            AssemblyOf(run).ShouldNotBeSameAs(AssemblyOf(ahead));
            Summary(run.Evaluate(Doc())).ShouldBe(Summary(first.Evaluate(Doc())));
        }
        finally { RuleAssemblyCache.ForgetLoaded(); }
    }

    [Test]
    public void A_renamed_rule_file_gets_a_new_key()
    {
        var a = RuleAssemblyCache.Key(RuleSetLoader.Load(new[] { new RuleFile("a.yaml", UniqueRules()) }));
        var text = UniqueRules();
        var first = RuleAssemblyCache.Key(RuleSetLoader.Load(new[] { new RuleFile("a.yaml", text) }));
        var renamed = RuleAssemblyCache.Key(RuleSetLoader.Load(new[] { new RuleFile("b.yaml", text) }));
        renamed.ShouldNotBe(first);
        a.ShouldNotBe(first);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // ignored there (Unix permissions)
    public void The_cache_folder_and_the_secret_are_created_owner_only()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix permissions");
        using var cache = new TempCache();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(UniqueRules()), cache.Options).Compiled.ShouldBeTrue();
        File.GetUnixFileMode(cache.Dir).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(cache.Secret).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(cache.Secret)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Path.GetFullPath(cache.Secret).ShouldNotStartWith(Path.GetFullPath(cache.Dir));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // ignored there (Unix permissions)
    public void A_cache_folder_writable_by_others_is_not_used()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix permissions");
        using var cache = new TempCache();
        Directory.CreateDirectory(cache.Dir);
        File.SetUnixFileMode(cache.Dir, (UnixFileMode)Convert.ToInt32("777", 8));
        var yaml = UniqueRules();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options).Compiled.ShouldBeTrue();
        Directory.GetFiles(cache.Dir).ShouldBeEmpty();
        cache.Warnings.ShouldContain(w => w.Contains(cache.Dir));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // ignored there (Unix permissions)
    public void A_secret_readable_by_others_is_not_used()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix permissions");
        using var cache = new TempCache();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(UniqueRules()), cache.Options).Compiled.ShouldBeTrue();
        File.SetUnixFileMode(cache.Secret, (UnixFileMode)Convert.ToInt32("644", 8));
        cache.Warnings.Clear();
        var yaml = UniqueRules();
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), cache.Options).Compiled.ShouldBeTrue();
        File.Exists(Path.Combine(cache.Dir, RuleAssemblyCache.Key(RuleTestSupport.LoadText(yaml)) + ".dll")).ShouldBeFalse();
        cache.Warnings.ShouldContain(w => w.Contains(cache.Secret));
    }

    /// <summary>
    /// Loads PerfRules.Core afresh into a context that records every assembly it is asked for,
    /// then loads a rule set whose compiled assembly is already on disk.
    /// </summary>
    [Test]
    public void A_disk_cache_hit_never_loads_Roslyn()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-cache-").FullName;
        var rules = Path.Combine(dir, "rules");
        Directory.CreateDirectory(rules);
        var ruleFile = Path.Combine(rules, "cached.yaml");
        File.WriteAllText(ruleFile, UniqueRules());
        try
        {
            // Miss in a fresh context: it does ask for Roslyn (proves the recording works) and fills the cache.
            var (missRequested, missCompiled, missCount) = LoadInFreshContext(ruleFile, Path.Combine(dir, "cache"));
            missCompiled.ShouldBeTrue();
            missRequested.ShouldContain(n => n.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));

            // Hit in another fresh context: same findings, no Roslyn asked for.
            var (hitRequested, hitCompiled, hitCount) = LoadInFreshContext(ruleFile, Path.Combine(dir, "cache"));
            hitCompiled.ShouldBeFalse();
            hitCount.ShouldBe(missCount);
            hitCount.ShouldBe(2);
            hitRequested.ShouldNotContain(n => n.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), string.Join(", ", hitRequested));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static (List<string> Requested, bool Compiled, int Findings) LoadInFreshContext(string ruleFile, string cacheDir)
    {
        var context = new RecordingContext();
        try
        {
            var core = context.LoadFromAssemblyPath(typeof(RuleSet).Assembly.Location);
            var loader = core.GetType("PerfRules.Rules.RuleSetLoader", throwOnError: true)!;
            var set = loader.GetMethod("LoadFile")!.Invoke(null, new object[] { ruleFile })!;

            var optionsType = core.GetType("PerfRules.Rules.Runtime.RuleEngineOptions", throwOnError: true)!;
            var options = Activator.CreateInstance(optionsType)!;
            optionsType.GetProperty("CacheDirectory")!.SetValue(options, cacheDir);

            var compiler = core.GetType("PerfRules.Rules.Compilation.RuleSetCompiler", throwOnError: true)!;
            var compiled = compiler.GetMethod("Compile", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new[] { set, options })!;
            var compiledType = compiled.GetType();
            var wasCompiled = (bool)compiledType.GetProperty("Compiled")!.GetValue(compiled)!;

            // The same document, built in the fresh context's model.
            var doc = Activator.CreateInstance(core.GetType("PerfRules.Model.Submission", throwOnError: true)!)!;
            var unit = Activator.CreateInstance(core.GetType("PerfRules.Model.FundingUnit", throwOnError: true)!)!;
            var projectType = core.GetType("PerfRules.Model.Project", throwOnError: true)!;
            foreach (var name in new[] { "p1", "p2" })
            {
                var p = Activator.CreateInstance(projectType)!;
                projectType.GetProperty("Name")!.SetValue(p, name);
                ((IList)unit.GetType().GetProperty("Projects")!.GetValue(unit)!).Add(p);
            }
            ((IList)doc.GetType().GetProperty("Units")!.GetValue(doc)!).Add(unit);
            var findings = (ICollection)compiledType.GetMethod("Evaluate", new[] { doc.GetType() })!.Invoke(compiled, new[] { doc })!;
            return (context.Requested.ToList(), wasCompiled, findings.Count);
        }
        finally { context.Unload(); }
    }

    private sealed class RecordingContext() : AssemblyLoadContext("perfrules-cache-test", isCollectible: true)
    {
        public List<string> Requested { get; } = new();

        protected override Assembly? Load(AssemblyName name)
        {
            lock (Requested) Requested.Add(name.Name ?? "");
            return null; // everything else comes from the default context
        }
    }
}
