using System.ComponentModel;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>A compiled rule (generated code derives from it; not for direct use).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleProgram
{
    public abstract string RuleId { get; }
    public abstract RuleOutcome Evaluate(RuleTarget target, CodeTable codes, RuleParams param);
    /// <summary>A batch rule's key for the object of the target (<c>match.key</c>), or null when <c>match.where</c> leaves it out.</summary>
    public virtual object? Key(RuleTarget target, CodeTable codes, RuleParams param) => null;
}
