namespace PerfRules.Rules;

/// <summary>One PR401 inconsistency, with a Chinese description naming both values.</summary>
public sealed record ValueInconsistency(InconsistencyKind Kind, string Description);
