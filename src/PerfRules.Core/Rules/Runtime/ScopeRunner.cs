using System.ComponentModel;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Runs every rule in force of one scope on one object (generated code derives from it). Rules
/// whose entry in <see cref="RuleSink.Skip"/> is set are passed over.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ScopeRunner
{
    public abstract void RunDocument(Submission doc, CodeTable codes, RuleSink sink);
    public abstract void RunDiagnostic(Submission doc, Diagnostic diagnostic, CodeTable codes, RuleSink sink);
    public abstract void RunAmountRow(Submission doc, FundingUnit? unit, Project? project, string rowKind, string name, Amounts amounts, CodeTable codes, RuleSink sink);
    public abstract void RunUnit(Submission doc, FundingUnit unit, CodeTable codes, RuleSink sink);
    public abstract void RunProject(Submission doc, FundingUnit unit, Project project, CodeTable codes, RuleSink sink);
    public abstract void RunIndicator(Submission doc, FundingUnit? unit, Project? project, Indicator indicator, CodeTable codes, RuleSink sink);
}
