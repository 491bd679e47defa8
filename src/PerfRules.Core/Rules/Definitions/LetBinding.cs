namespace PerfRules.Rules;

/// <summary>A named intermediate value of a rule (<c>let:</c>); it is also evidence in the finding.</summary>
public sealed record LetBinding(string Name, Expr Value);
