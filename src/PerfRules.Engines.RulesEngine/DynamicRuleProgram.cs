using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Engines.RulesEngine;

/// <summary>One rule through RulesEngine, on a target of its scope (one rule's run, the rule examples).</summary>
internal sealed class DynamicRuleProgram(RulePlan plan) : RuleProgram
{
    public override string RuleId => plan.Rule.Id;

    public override RuleOutcome Evaluate(RuleTarget t, CodeTable codes, RuleParams param) => plan.Evaluate(plan.Rule.Scope switch
    {
        RuleScope.Document => new object?[] { t.Doc, codes, param },
        RuleScope.Diagnostic => new object?[] { t.Doc, t.Diagnostic, codes, param },
        RuleScope.Unit => new object?[] { t.Doc, t.Unit, codes, param },
        RuleScope.Project => new object?[] { t.Doc, t.Unit, t.Project, codes, param },
        RuleScope.Indicator => new object?[] { t.Doc, t.Unit, t.Project, t.Indicator, codes, param },
        RuleScope.AmountRow => new object?[] { t.Doc, t.Unit, t.Project, t.RowKind, t.RowName, t.Amounts, codes, param },
        _ => throw new InvalidOperationException($"scope {plan.Rule.Scope} is not run per document"),
    });
}

/// <summary>
/// The document walk's runner under RulesEngine: every rule in force of the scope on one object, in
/// rule order, as the generated runner of the compiled engine does (a rule stopped for the document
/// is passed over; an exception goes to the sink and the next rule runs).
/// </summary>
internal sealed class DynamicScopeRunner : ScopeRunner
{
    private readonly RulePlan[][] _byScope;

    public DynamicScopeRunner(RuleSet set, RulePlan?[] plans)
    {
        var scopes = Enum.GetValues<RuleScope>().Max(v => (int)v) + 1;
        _byScope = Enumerable.Range(0, scopes)
            .Select(s => plans.Where(p => p is not null && (int)p.Rule.Scope == s && p.Rule.Severity != Severity.Off).Select(p => p!).ToArray())
            .ToArray();
    }

    private void Run(RuleScope scope, object?[] inputs, RuleSink sink)
    {
        var last = inputs.Length - 1;
        foreach (var plan in _byScope[(int)scope])
        {
            if (sink.Skip[plan.Index]) continue;
            inputs[last] = sink.Params[plan.Index];
            RuleOutcome outcome;
            try { outcome = plan.Evaluate(inputs); }
            catch (Exception e)
            {
                sink.Threw(plan.Index, e);
                continue;
            }
            if (outcome.IsFailure) sink.Failed(plan.Index, outcome);
        }
    }

    public override void RunDocument(Submission doc, CodeTable codes, RuleSink sink) =>
        Run(RuleScope.Document, new object?[] { doc, codes, null }, sink);
    public override void RunDiagnostic(Submission doc, Diagnostic diagnostic, CodeTable codes, RuleSink sink) =>
        Run(RuleScope.Diagnostic, new object?[] { doc, diagnostic, codes, null }, sink);
    public override void RunAmountRow(Submission doc, FundingUnit? unit, Project? project, string rowKind, string name, Amounts amounts, CodeTable codes, RuleSink sink) =>
        Run(RuleScope.AmountRow, new object?[] { doc, unit, project, rowKind, name, amounts, codes, null }, sink);
    public override void RunUnit(Submission doc, FundingUnit unit, CodeTable codes, RuleSink sink) =>
        Run(RuleScope.Unit, new object?[] { doc, unit, codes, null }, sink);
    public override void RunProject(Submission doc, FundingUnit unit, Project project, CodeTable codes, RuleSink sink) =>
        Run(RuleScope.Project, new object?[] { doc, unit, project, codes, null }, sink);
    public override void RunIndicator(Submission doc, FundingUnit? unit, Project? project, Indicator indicator, CodeTable codes, RuleSink sink) =>
        Run(RuleScope.Indicator, new object?[] { doc, unit, project, indicator, codes, null }, sink);
}
