using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;

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
            var compiled = CompiledRuleSet.Load(set, new RuleEngineOptions { CacheDirectory = dir });
            var file = Path.Combine(dir, compiled.CacheKey + ".dll");
            File.Exists(file).ShouldBeTrue();
            new FileInfo(file).Length.ShouldBeGreaterThan(1000);

            var set2 = RuleTestSupport.LoadText(UniqueRules());
            var key2 = RuleAssemblyCache.Key(set2);
            File.WriteAllText(Path.Combine(dir, key2 + ".dll"), "not an assembly");
            var again = CompiledRuleSet.Load(set2, new RuleEngineOptions { CacheDirectory = dir });
            again.Compiled.ShouldBeTrue();
            again.Evaluate(Doc()).Count.ShouldBe(2);
        }
        finally { Directory.Delete(dir, true); }
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

            var compiledType = core.GetType("PerfRules.Rules.Runtime.CompiledRuleSet", throwOnError: true)!;
            var compiled = compiledType.GetMethod("Load", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new[] { set, options })!;
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
            var findings = (ICollection)compiledType.GetMethod("Evaluate")!.Invoke(compiled, new[] { doc })!;
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
