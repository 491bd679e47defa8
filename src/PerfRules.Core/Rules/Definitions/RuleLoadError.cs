namespace PerfRules.Rules;

/// <summary>One problem in a rule file, at a 1-based line and column of that file.</summary>
public sealed record RuleLoadError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
