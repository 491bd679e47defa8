namespace PerfRules.Rules.Runtime;

/// <summary>
/// Another way to run the per-document rules of a compiled set (a plug-in such as
/// PerfRules.Engines.RulesEngine). The set has passed the allow-list and is compiled already; the
/// engine returns a set whose per-document scopes it runs (<see cref="CompiledRuleSet.WithEngine"/>),
/// or throws <see cref="RuleLoadException"/> naming each rule it cannot run. Findings are built,
/// capped, yielded and ordered by the set as with the compiled engine.
/// </summary>
public interface IRuleEngine
{
    /// <summary>The name hosts choose it by (<c>--engine</c>).</summary>
    string Name { get; }
    CompiledRuleSet Prepare(CompiledRuleSet compiled);
}
