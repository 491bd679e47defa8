using System.ComponentModel;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>A compiled rule (generated code derives from it; not for direct use).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleProgram
{
    public abstract string RuleId { get; }
    public abstract RuleOutcome Evaluate(RuleTarget target, CodeTable codes, RuleParams param);
}
