using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Turns a rule set into a <see cref="CompiledRuleSet"/>: from this process's assemblies, from the
/// verified disk cache, or by compiling it with Roslyn (<see cref="RuleAssemblyCache"/>).
/// </summary>
public static class RuleSetCompiler
{
    /// <summary>Compiles a rule set, or loads it from the cache. Throws <see cref="RuleLoadException"/>.</summary>
    public static CompiledRuleSet Compile(RuleSet ruleSet, RuleEngineOptions? options = null) =>
        RuleAssemblyCache.Load(ruleSet, options ?? new RuleEngineOptions());

    /// <summary>The built-in rule set, compiled.</summary>
    public static CompiledRuleSet CompileBuiltin(RuleEngineOptions? options = null) => Compile(RuleSetLoader.LoadBuiltin(), options);
}
