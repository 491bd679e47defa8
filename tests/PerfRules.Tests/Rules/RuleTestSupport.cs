using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.Rules;

internal static class RuleTestSupport
{
    /// <summary>A cache folder of the test run's own, so tests never touch ~/.cache.</summary>
    public static readonly string CacheDir = Path.Combine(Path.GetTempPath(), "perfrules-tests-" + Environment.ProcessId);

    public static RuleEngineOptions Options => new() { CacheDirectory = CacheDir };

    private static readonly Lazy<CompiledRuleSet> BuiltinSet = new(() => RuleSetCompiler.CompileBuiltin(Options));
    public static CompiledRuleSet Builtin => BuiltinSet.Value;

    public static RuleSet LoadText(string yaml, string file = "test.yaml") =>
        RuleSetLoader.Load(new[] { new RuleFile(file, yaml) });

    public static CompiledRuleSet Compile(RuleSet set) => RuleSetCompiler.Compile(set, Options);

    public static CompiledRuleSet CompileText(string yaml, string file = "test.yaml") => Compile(LoadText(yaml, file));

    /// <summary>The errors a rule text gives, at load or compile time.</summary>
    public static IReadOnlyList<RuleLoadError> Errors(string yaml, string file = "test.yaml")
    {
        var e = Should.Throw<RuleLoadException>(() => CompileText(yaml, file));
        e.Errors.ShouldNotBeEmpty();
        return e.Errors;
    }
}
