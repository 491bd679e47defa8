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

    /// <summary>
    /// Does ahead what nearly every run with rules does first, so that a host can do it on a spare core
    /// while it reads its command line: parses the built-in rule set (a user's set that extends core
    /// uses it too; the parse is kept) and computes its cache key (the hash's first use loads the
    /// platform's cryptography). Never throws: a broken built-in set fails the run where it is used.
    /// </summary>
    public static void Prepare()
    {
        try { RuleAssemblyCache.Key(RuleSetLoader.LoadBuiltin()); }
        catch (Exception e) when (e is not OutOfMemoryException) { /* reported where the rule set is loaded */ }
    }
}
