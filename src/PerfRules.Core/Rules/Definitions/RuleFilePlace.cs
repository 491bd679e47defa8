namespace PerfRules.Rules;

/// <summary>A place in a rule file (1-based line and column), where a load error points.</summary>
internal readonly record struct RuleFilePlace(string File, int Line, int Column)
{
    public RuleLoadError Error(string message) => new(File, Line, Column, message);
}
