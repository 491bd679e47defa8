using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// The state of one document's run (<see cref="CompiledRuleSet.Evaluate(Submission, CancellationToken)"/>):
/// the reused target, the findings so far, the current scope's guard. The generated runner reports here.
/// </summary>
internal sealed class DocumentRun : RuleSink
{
    private readonly CompiledRuleSet _set;
    private readonly CancellationToken _cancellation;
    private RuleScope _scope;
    private RunGuard.Scope _guard;
    public readonly RuleTarget Target;
    private FoundFindings? _found;

    // Shares the set's all-false Skip until a rule has to be stopped.
    public DocumentRun(CompiledRuleSet set, Submission doc, CancellationToken cancellation) : base(set.NoneSkipped, set.Params)
    {
        _set = set;
        _cancellation = cancellation;
        Target = new RuleTarget(doc);
    }

    public FoundFindings? Found => _found;

    public void Begin(RuleScope scope)
    {
        _scope = scope;
        _guard = RunGuard.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancellation);
        Target.Clear();
    }

    public void End()
    {
        _guard.Dispose();
        _guard = default;
    }

    public override void Failed(int rule, RuleOutcome outcome)
    {
        var t = Target.Settle(_scope);
        (_found ??= new()).Add(_set.Findings.Make(_set.RuleSet.Rules[rule], t, outcome), rule, t.Ordinal);
    }

    public override void Threw(int rule, Exception e)
    {
        // Cancelled: the whole run stops (out of the generated runner's catch), no finding.
        if (e is OperationCanceledException) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        var t = Target.Settle(_scope);
        (_found ??= new()).Add(_set.Findings.Failure(_set.RuleSet.Rules[rule], t, e), rule, t.Ordinal);
        if (e is not RuleLimitExceededException) return;
        // Past its limits: this rule is done with the document; the others start a fresh guard.
        if (ReferenceEquals(Skip, _set.NoneSkipped)) Skip = new bool[Skip.Length];
        Skip[rule] = true;
        End();
        _guard = RunGuard.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancellation);
    }
}
