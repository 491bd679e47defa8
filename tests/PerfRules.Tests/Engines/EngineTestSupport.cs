using PerfRules.Engines.RulesEngine;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Engines;

internal static class EngineTestSupport
{
    private static readonly Lazy<CompiledRuleSet> BuiltinSet = new(() => new RulesEngineEngine().Prepare(RuleTestSupport.Builtin));
    /// <summary>The built-in set under RulesEngine, prepared once for the test run (its workflows compile on first use).</summary>
    public static CompiledRuleSet Builtin => BuiltinSet.Value;

    public static CompiledRuleSet Prepare(string yaml) => new RulesEngineEngine().Prepare(RuleTestSupport.CompileText(yaml));
}
