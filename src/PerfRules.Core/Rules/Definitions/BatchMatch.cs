namespace PerfRules.Rules;

/// <summary>
/// <c>match:</c> of a rule with scope batch: the objects of the whole run it looks at (<see cref="Each"/>:
/// document, unit, project or indicator), which of them (<see cref="Where"/>, over the scope's variables),
/// and the key that groups them (<see cref="Key"/>). Objects are only ever grouped by key, never paired,
/// so the work stays linear in the size of the run.
/// </summary>
public sealed record BatchMatch(RuleScope Each, Expr? Where, Expr Key, int Line, int Column);
