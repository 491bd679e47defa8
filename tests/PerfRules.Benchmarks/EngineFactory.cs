using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Benchmarks;

/// <summary>The built-in rule set, and the same set with every rule but the hand-written ones switched off.</summary>
public static class EngineFactory
{
    public static string CacheDir { get; } = Path.Combine(Path.GetTempPath(), "perfrules-bench-cache");

    public static CompiledRuleSet Builtin() =>
        CompiledRuleSet.Load(RuleSetLoader.LoadBuiltin(), new RuleEngineOptions { CacheDirectory = CacheDir });

    /// <summary>
    /// core with every rule outside <see cref="HandWrittenChecks.RuleIds"/> off: the engine doing
    /// exactly the work of the hand-written checks (an `extends: core` profile, as a district would write).
    /// </summary>
    public static CompiledRuleSet SameRulesAsHandWritten()
    {
        var all = RuleSetLoader.LoadBuiltin();
        var off = all.Rules.Select(r => r.Id).Where(id => !HandWrittenChecks.RuleIds.Contains(id)).ToList();
        var dir = Path.Combine(Path.GetTempPath(), "perfrules-bench-floor");
        Directory.CreateDirectory(dir);
        var yaml = "ruleset: floor\nversion: 1\nextends: core\noverrides:\n" + string.Concat(off.Select(id => $"  {id}: off\n"));
        File.WriteAllText(Path.Combine(dir, "floor.yaml"), yaml);
        return CompiledRuleSet.Load(RuleSetLoader.LoadFolder(dir), new RuleEngineOptions { CacheDirectory = CacheDir });
    }
}
