namespace PerfRules.Rules;

/// <summary>A sample submission that a rule must accept (valid) or reject (invalid).</summary>
public sealed record RuleExample(string Text, string File, int Line, int Column);
