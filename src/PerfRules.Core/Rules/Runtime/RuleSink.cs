using System.ComponentModel;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Where a <see cref="ScopeRunner"/> reports, for one document: it knows the object being
/// checked and turns failures and exceptions into findings.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleSink
{
    /// <summary>Rules not to run on the rest of the document (out of budget), by rule index.</summary>
    public bool[] Skip;

    /// <summary>Each rule's parameters, by rule index (the generated runner passes them to the rule).</summary>
    public readonly RuleParams[] Params;

    private protected RuleSink(bool[] skip, RuleParams[] parameters) { Skip = skip; Params = parameters; }

    public abstract void Failed(int rule, RuleOutcome outcome);
    public abstract void Threw(int rule, Exception e);
}
