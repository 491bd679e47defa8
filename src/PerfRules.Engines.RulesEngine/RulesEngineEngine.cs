using System.Collections.Concurrent;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace PerfRules.Engines.RulesEngine;

/// <summary>
/// Microsoft RulesEngine 6 (Dynamic LINQ) as the engine of the per-document scopes
/// (<c>--engine rulesengine</c>): the independent reference for the compiled engine, not its fast
/// path (docs/performance.md). Each YAML rule becomes a RulesEngine workflow (<see cref="RulePlan"/>);
/// department and batch rules stay compiled. The set keeps the compiled engine's allow-list (it was checked
/// when the set compiled) and run-time budget (Core's runtime starts the guard; the translated
/// expressions tick it). Prepared sets are kept by cache key: RulesEngine compiles a workflow once.
/// </summary>
public sealed class RulesEngineEngine : IRuleEngine
{
    public const string EngineName = "rulesengine";
    public string Name => EngineName;

    private static readonly ConcurrentDictionary<string, Lazy<Prepared>> Cache = new();

    private sealed record Prepared(RuleProgram?[] Programs, ScopeRunner Runner);

    /// <summary>The per-document rules run by RulesEngine; throws <see cref="RuleLoadException"/> for each rule it cannot run, at its file and line.</summary>
    public CompiledRuleSet Prepare(CompiledRuleSet compiled)
    {
        var key = compiled.CacheKey + "|" + string.Join(",", compiled.RuleSet.Rules.Select(r => (int)r.Severity));
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<Prepared>(() => Build(compiled.RuleSet)));
        Prepared prepared;
        try { prepared = lazy.Value; }
        catch { Cache.TryRemove(key, out _); throw; }
        return compiled.WithEngine(EngineName, prepared.Programs, prepared.Runner);
    }

    /// <summary>The types Dynamic LINQ may reach, besides its own (string, decimal, Math, …): the model, the helpers, the guard.</summary>
    internal static Type[] CustomTypes { get; } = typeof(Submission).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "PerfRules.Model" && !t.IsGenericTypeDefinition)
        .Concat(new[] { typeof(RuleHelpers), typeof(RuleParams), typeof(RunGuard), typeof(DynamicGuard) })
        .ToArray();

    internal static ReSettings Settings() => new()
    {
        CustomTypes = CustomTypes,
        // C# is case-sensitive: `name` (the row's name) is not `Name`.
        IsExpressionCaseSensitive = true,
        // Only the part that decides runs: lets are not worked out when `when` is false.
        NestedRuleExecutionMode = NestedRuleExecutionMode.Performance,
        // A rule's exception reaches the runtime, which makes it a rule-failure finding (or stops the rule past its budget).
        EnableExceptionAsErrorMessage = false,
        IgnoreException = false,
        AutoRegisterInputType = false,
    };

    private static Prepared Build(RuleSet set)
    {
        // Cross-document rules (department, batch) stay compiled: they run in the cross-document engine.
        var perDocument = Enumerable.Range(0, set.Rules.Count).Where(i => set.Rules[i].Scope is not (RuleScope.Department or RuleScope.Batch)).ToList();
        var bound = RuleBinder.Bind(set, perDocument);
        var settings = Settings();
        var engine = new global::RulesEngine.RulesEngine(settings);
        var parser = new RuleExpressionParser(settings);
        var errors = new List<RuleLoadError>();
        var plans = new RulePlan?[set.Rules.Count];
        foreach (var i in perDocument)
            plans[i] = RulePlan.Make(set.Rules[i], i, bound, engine, parser, errors);
        if (errors.Count > 0) throw new RuleLoadException(errors);
        engine.AddWorkflow(perDocument.Select(i => new Workflow { WorkflowName = plans[i]!.Workflow, Rules = new[] { plans[i]!.Definition } }).ToArray());
        // RulesEngine compiles a workflow on its first run: done here, once, so that no document's
        // time budget pays for it. No budget runs here, and a rule that reads no input (a runaway
        // over Enumerable.Range) would run in full: this run stops at the first lambda or built
        // sequence, and a run with no object fails; either way the workflow is left compiled.
        foreach (var i in perDocument)
        {
            try { DynamicGuard.CompileOnly(() => plans[i]!.Evaluate(new object?[RulePlan.Inputs(set.Rules[i].Scope).Length])); }
            catch (Exception e) when (e is not OutOfMemoryException) { }
        }
        var programs = new RuleProgram?[set.Rules.Count];
        foreach (var i in perDocument) programs[i] = new DynamicRuleProgram(plans[i]!);
        return new Prepared(programs, new DynamicScopeRunner(set, plans));
    }
}
