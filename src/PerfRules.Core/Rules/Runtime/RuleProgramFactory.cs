using System.ComponentModel;

namespace PerfRules.Rules.Runtime;

/// <summary>The entry point of a compiled rule-set assembly (generated code derives from it).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RuleProgramFactory
{
    /// <summary>The full name of the generated factory type in every rule-set assembly.</summary>
    public const string GeneratedTypeName = "PerfRules.Generated.RuleSetPrograms";
    public abstract RuleProgram[] Create();
    public abstract ScopeRunner CreateRunner();
}
