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

    /// <summary>The built-in rule set, compiled (the parsed set from the cache too when it is there: <see cref="LoadBuiltin"/>).</summary>
    public static CompiledRuleSet CompileBuiltin(RuleEngineOptions? options = null)
    {
        options ??= new RuleEngineOptions();
        return Compile(LoadBuiltin(options), options);
    }

    /// <summary>
    /// The built-in rule set, parsed or, on a warm cache, read back from the rule cache of <paramref name="options"/>
    /// (verified by its MAC; no YAML is parsed then). The same instance as <see cref="RuleSetLoader.LoadBuiltin()"/>.
    /// </summary>
    public static RuleSet LoadBuiltin(RuleEngineOptions options) => ParsedRuleSetCache.LoadBuiltin(options);

    /// <summary>
    /// Does ahead what nearly every run with rules does first, so that a host can do it on a spare core
    /// while it reads its command line: makes the built-in rule set (a user's set that extends core
    /// uses it too), from the rule cache in <paramref name="cacheDirectory"/> (null: the default place) when
    /// its entry is there, else by parsing (the cache is only read here; <see cref="LoadBuiltin"/> stores it),
    /// and computes its compile key (the hash's first use loads the platform's cryptography).
    /// Never throws: a broken built-in set fails the run where it is used.
    /// </summary>
    public static void Prepare(string? cacheDirectory)
    {
        try { RuleAssemblyCache.Key(RuleSetLoader.BuiltinIfLoaded ?? PrepareSet(cacheDirectory)); }
        catch (Exception e) when (e is not OutOfMemoryException) { /* reported where the rule set is loaded */ }
    }

    /// <summary>
    /// After <see cref="Prepare"/>, on the same spare core: the built-in set's compiled assembly when the rule cache
    /// of <paramref name="cacheDirectory"/> has it (verified; read only), loaded and handed to the run's
    /// <see cref="Compile"/> when that uses the same cache. The set given back is for a head start on the rules'
    /// first use (their code compiled before the first document); null when the cache does not have it (nothing is
    /// compiled ahead) or on any failure. Never throws.
    /// </summary>
    public static CompiledRuleSet? PrepareCompiled(string? cacheDirectory)
    {
        try { return RuleSetLoader.BuiltinIfLoaded is { } set ? RuleAssemblyCache.Prepare(set, new RuleEngineOptions { CacheDirectory = cacheDirectory }) : null; }
        catch (Exception e) when (e is not OutOfMemoryException) { return null; }
    }

    private static RuleSet PrepareSet(string? cacheDirectory)
    {
        ParsedRuleSetCache.Prepare(cacheDirectory);
        return RuleSetLoader.LoadBuiltin();
    }
}
