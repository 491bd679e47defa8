using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Benchmarks;

/// <summary>The built-in rule set, and the same set with every rule but the hand-written ones switched off.</summary>
public static class EngineFactory
{
    public static string CacheDir { get; } = Path.Combine(Path.GetTempPath(), "perfrules-bench-cache");

    public static CompiledRuleSet Builtin() =>
        RuleSetCompiler.Compile(RuleSetLoader.LoadBuiltin(), new RuleEngineOptions { CacheDirectory = CacheDir });

    /// <summary>
    /// core with every rule outside <see cref="HandWrittenChecks.RuleIds"/> off: the engine doing
    /// exactly the work of the hand-written checks (an `extends: core` profile, as a district would write).
    /// </summary>
    public static CompiledRuleSet SameRulesAsHandWritten() => Only(HandWrittenChecks.RuleIds, "floor");

    /// <summary>core with every rule but <paramref name="keep"/> off.</summary>
    public static CompiledRuleSet Only(IReadOnlyCollection<string> keep, string name)
    {
        var all = RuleSetLoader.LoadBuiltin();
        var off = all.Rules.Select(r => r.Id).Where(id => !keep.Contains(id)).ToList();
        var dir = Path.Combine(Path.GetTempPath(), "perfrules-bench-" + name);
        Directory.CreateDirectory(dir);
        var yaml = $"ruleset: {name}\nversion: 1\nextends: core\noverrides:\n" + string.Concat(off.Select(id => $"  {id}: off\n"));
        File.WriteAllText(Path.Combine(dir, name + ".yaml"), yaml);
        return RuleSetCompiler.Compile(RuleSetLoader.LoadFolder(dir), new RuleEngineOptions { CacheDirectory = CacheDir });
    }

    /// <summary>
    /// Twelve rules with the scopes of the hand-written ones and nothing to check (`assert: true`):
    /// what the engine itself costs a document (walking the scopes, calling each rule on each object).
    /// </summary>
    public static CompiledRuleSet EmptyRules()
    {
        var all = RuleSetLoader.LoadBuiltin();
        var dir = Path.Combine(Path.GetTempPath(), "perfrules-bench-empty");
        Directory.CreateDirectory(dir);
        var yaml = "ruleset: empty\nversion: 1\nrules:\n" + string.Concat(HandWrittenChecks.RuleIds.Select(id =>
            $"  - id: X{id}\n    title: t\n    severity: error\n    scope: {ScopeName(all.Rules.First(r => r.Id == id).Scope)}\n    assert: \"true\"\n    message: m\n"));
        File.WriteAllText(Path.Combine(dir, "empty.yaml"), yaml);
        return RuleSetCompiler.Compile(RuleSetLoader.LoadFolder(dir), new RuleEngineOptions { CacheDirectory = CacheDir });
    }

    private static string ScopeName(RuleScope s) => s == RuleScope.AmountRow ? "amountRow" : s.ToString().ToLowerInvariant();
}
