using PerfRules.Model;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// A rule set ready to run: its rules compiled into one assembly (made by
/// <see cref="Compilation.RuleSetCompiler"/>). Evaluate it on any number of submissions
/// (thread-safe: the compiled rules keep no state).
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly RuleProgram[] _programs;
    private readonly ScopeRunner _runner;
    private static readonly IReadOnlyList<Finding> NoFindings = Array.Empty<Finding>();
    // The rules that are not off, worked out once rather than for every document.
    private readonly int[] _active;
    // Whether a scope has rules in force, indexed by the scope's value (its objects are walked only then).
    private readonly bool[] _scopeHasRules;
    // The rules' yields: null when no rule gives way to another.
    private readonly FindingYield? _yield;
    internal static readonly int ScopeCount = Enum.GetValues<RuleScope>().Max(v => (int)v) + 1;

    public RuleSet RuleSet { get; }
    /// <summary>True when loading this instance ran the compiler (a cache miss).</summary>
    public bool Compiled { get; }
    /// <summary>The cache key: SHA-256 of the rule files (names and contents), the set's name and version, the engine version, the runtime version and PerfRules.Core's MVID.</summary>
    public string CacheKey { get; }

    /// <summary>The options it was compiled with: the run-time limits and the findings cap apply to every evaluation.</summary>
    public RuleEngineOptions Options { get; }

    /// <summary>Never written: the Skip of every document run until a rule has to be stopped.</summary>
    internal bool[] NoneSkipped { get; }
    /// <summary>Each rule's parameters, by rule index: data handed to the compiled rules, never compiled into them.</summary>
    internal RuleParams[] Params { get; }
    internal FindingFactory Findings { get; }

    internal CompiledRuleSet(RuleSet ruleSet, RuleProgram[] programs, ScopeRunner runner, bool compiled, string cacheKey, RuleEngineOptions options)
    {
        RuleSet = ruleSet; _programs = programs; _runner = runner; Compiled = compiled; CacheKey = cacheKey; Options = options;
        NoneSkipped = new bool[programs.Length];
        Params = ruleSet.Rules.Select(r => r.Params.Count == 0 ? RuleParams.None : new RuleParams(r.Params)).ToArray();
        Findings = new FindingFactory(ruleSet, options);
        _yield = FindingYield.For(ruleSet);
        _active = Enumerable.Range(0, programs.Length).Where(i => ruleSet.Rules[i].Severity != Severity.Off).ToArray();
        // Department and batch rules need the whole run (EvaluateDepartments): not walked per document.
        _scopeHasRules = Enumerable.Range(0, ScopeCount)
            .Select(s => !IsCrossDocument((RuleScope)s) && _active.Any(i => (int)ruleSet.Rules[i].Scope == s))
            .ToArray();
    }

    /// <summary>The same compiled rules with other run-time limits (time and allocation, findings cap); compiles nothing.</summary>
    public CompiledRuleSet WithOptions(RuleEngineOptions options) => new(RuleSet, _programs, _runner, Compiled, CacheKey, options) { Engine = Engine };

    /// <summary>The engine that runs the per-document scopes: "compiled", or an <see cref="IRuleEngine"/>'s name.</summary>
    public string Engine { get; private init; } = "compiled";

    /// <summary>
    /// The same rule set with its per-document scopes run by another engine (<see cref="IRuleEngine"/>):
    /// <paramref name="programs"/> by rule index (null keeps the compiled rule: department scope),
    /// <paramref name="runner"/> for the document walk. Guards, findings, yields and the cap stay the set's.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public CompiledRuleSet WithEngine(string engine, IReadOnlyList<RuleProgram?> programs, ScopeRunner runner)
    {
        if (programs.Count != _programs.Length) throw new ArgumentException("one program per rule", nameof(programs));
        var merged = _programs.Select((p, i) => programs[i] ?? p).ToArray();
        return new(RuleSet, merged, runner, Compiled, CacheKey, Options) { Engine = engine };
    }

    /// <summary>Runs every rule that is not off. Findings come in document order, then rule order.</summary>
    public IReadOnlyList<Finding> Evaluate(Submission doc) => Evaluate(doc, Options.Cancellation);

    /// <summary>
    /// Runs every rule that is not off; <paramref name="cancellation"/> (or, when it cannot be
    /// cancelled, the options') stops a running rule at its next clock check: then this throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public IReadOnlyList<Finding> Evaluate(Submission doc, CancellationToken cancellation)
    {
        if (!cancellation.CanBeCanceled) cancellation = Options.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        return FindingCap.Apply(this, doc, RunDocument(doc, cancellation), cancellation);
    }

    /// <summary>
    /// The per-document hot path: each scope is walked once, and the generated runner calls every
    /// rule of the scope on each object directly. One target is reused for the document: the walk
    /// sets only the fields that change, and its span and path are worked out only when a finding
    /// is built (<see cref="TargetWalker.Walk"/>). The rules of a scope share a guard (time and
    /// allocation limits) for the document; a rule that goes past it is skipped for the rest of the
    /// document (reported once) and the others go on with a fresh one.
    /// </summary>
    private IReadOnlyList<Finding> RunDocument(Submission doc, CancellationToken cancellation)
    {
        using var cache = EvaluationCache.Begin();
        var state = new DocumentRun(this, doc, cancellation);
        try
        {
            for (var s = 0; s < _scopeHasRules.Length; s++)
            {
                if (!_scopeHasRules[s]) continue;
                cancellation.ThrowIfCancellationRequested();
                state.Begin((RuleScope)s);
                TargetWalker.Walk(doc, (RuleScope)s, state.Target, _runner, RuleSet.Codes, state);
                state.End();
            }
        }
        finally { state.End(); }
        if (state.Found is not { } found) return NoFindings;
        _yield?.Apply(found);
        return FindingOrder.Ordered(found, sortByPosition: true);
    }

    /// <summary>
    /// Runs the cross-document rules (scopes department and batch) over the submissions of one run
    /// with the engine of <see cref="RuleEngineOptions.CrossDocument"/>: department rules once per
    /// department, in order of first appearance, each finding filed under the department's first
    /// department-overall table (else its first document); then batch rules over the facts of all of
    /// them, each finding on its own object.
    /// </summary>
    public IReadOnlyList<Finding> EvaluateDepartments(IEnumerable<Submission> docs)
    {
        var list = docs as IReadOnlyList<Submission> ?? docs.ToList();
        return CrossDocumentOf(_active).RunAll(list.Count, k => list[k].Department, k => list[k]);
    }

    /// <summary>
    /// The same over <paramref name="count"/> documents asked for by position, one department's at a time
    /// (<paramref name="modelOf"/> may read each from storage; it is called once per document): memory
    /// holds one department's models and the batch facts, not the run.
    /// </summary>
    public IReadOnlyList<Finding> EvaluateDepartments(int count, Func<int, string?> departmentOf, Func<int, Submission> modelOf) =>
        CrossDocumentOf(_active).RunAll(count, departmentOf, modelOf);

    /// <summary>True when some rule in force looks across documents (scope department or batch).</summary>
    public bool HasDepartmentRules => _active.Any(i => IsCrossDocument(RuleSet.Rules[i].Scope));

    /// <summary>True when some rule in force has scope department (it reads a department's models).</summary>
    internal bool HasDepartmentScopeRules => _active.Any(i => RuleSet.Rules[i].Scope == RuleScope.Department);

    /// <summary>True when some rule in force is a batch rule: its findings may land on any document of the run.</summary>
    internal bool HasBatchRules => _active.Any(i => RuleSet.Rules[i].Scope == RuleScope.Batch);

    internal static bool IsCrossDocument(RuleScope scope) => scope is RuleScope.Department or RuleScope.Batch;

    /// <summary>The cross-document step of a run over some of the rules (those that are not cross-document are ignored).</summary>
    internal CrossDocumentRun CrossDocumentOf(IEnumerable<int> rules) => new(this, rules, Options.Cancellation);

    internal RuleProgram Program(int index) => _programs[index];
    internal FindingYield? Yield => _yield;

    /// <summary>The indexes of the rules in force of one scope.</summary>
    internal IEnumerable<int> ActiveRules(RuleScope scope) => _active.Where(i => RuleSet.Rules[i].Scope == scope);

    /// <summary>
    /// Runs one rule, even one that is off (used by the rule examples), with the rules in force it
    /// yields to, so that it gives way as in a whole run; only the rule's own findings are returned.
    /// </summary>
    public IReadOnlyList<Finding> EvaluateRule(Submission doc, string ruleId) =>
        Run(scope => TargetWalker.Targets(doc, scope), WithYieldedTo(IndexOf(ruleId)), sortByPosition: true)
            .Where(f => f.RuleId == ruleId).ToList();

    /// <summary>Runs one rule over several submissions (a department-scope rule's examples).</summary>
    public IReadOnlyList<Finding> EvaluateRule(IReadOnlyList<Submission> docs, string ruleId)
    {
        var index = IndexOf(ruleId);
        if (IsCrossDocument(RuleSet.Rules[index].Scope))
            return CrossDocumentOf(WithYieldedTo(index)).RunAll(docs.Count, k => docs[k].Department, k => docs[k])
                .Where(f => f.RuleId == ruleId).ToList();
        return docs.SelectMany(d => EvaluateRule(d, ruleId)).ToList();
    }

    private int IndexOf(string ruleId)
    {
        for (var i = 0; i < RuleSet.Rules.Count; i++)
            if (RuleSet.Rules[i].Id == ruleId) return i;
        throw new ArgumentException($"规则集 {RuleSet.Name} 中没有规则 {ruleId}", nameof(ruleId));
    }

    /// <summary>The rule, then the rules in force it yields to, directly or through others (each once).</summary>
    private List<int> WithYieldedTo(int index)
    {
        var list = new List<int> { index };
        for (var k = 0; k < list.Count; k++)
            foreach (var id in RuleSet.Rules[list[k]].Yields)
            {
                var j = IndexOf(id);
                if (RuleSet.Rules[j].Severity != Severity.Off && !list.Contains(j)) list.Add(j);
            }
        return list;
    }

    private List<Finding> Run(Func<RuleScope, List<RuleTarget>> walk, IEnumerable<int> ruleIndexes, bool sortByPosition) =>
        Run(walk, ruleIndexes, sortByPosition, Options.Cancellation);

    /// <summary>Runs the given rules, each over the targets of its scope, each with its own guard; findings in order.</summary>
    internal List<Finding> Run(Func<RuleScope, List<RuleTarget>> walk, IEnumerable<int> ruleIndexes, bool sortByPosition, CancellationToken cancellation)
    {
        using var cache = EvaluationCache.Begin();
        // One target list per scope, indexed by the scope's value (a handful of scopes).
        var targets = new List<RuleTarget>?[ScopeCount];
        var found = new FoundFindings();
        foreach (var i in ruleIndexes)
        {
            var rule = RuleSet.Rules[i];
            var list = targets[(int)rule.Scope] ??= walk(rule.Scope);
            // Each rule has its own guard per run over a document: one runaway rule does not starve the others.
            cancellation.ThrowIfCancellationRequested();
            using var guard = RunGuard.Start(Options.TimeBudget, Options.AllocationBudget, cancellation);
            foreach (var t in list)
            {
                RuleOutcome outcome;
                try { outcome = _programs[i].Evaluate(t, RuleSet.Codes, Params[i]); }
                catch (OperationCanceledException) { throw; }
                catch (RuleLimitExceededException e)
                {
                    // Past its limits: reported once, and the rule is not run on the rest of the document.
                    found.Add(Findings.Failure(rule, t, e), i, t.Ordinal);
                    break;
                }
                catch (Exception e)
                {
                    found.Add(Findings.Failure(rule, t, e), i, t.Ordinal);
                    continue;
                }
                if (outcome.IsFailure) found.Add(Findings.Make(rule, t, outcome), i, t.Ordinal);
            }
        }

        _yield?.Apply(found);
        return FindingOrder.Ordered(found, sortByPosition);
    }
}
