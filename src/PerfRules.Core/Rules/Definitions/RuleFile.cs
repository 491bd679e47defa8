namespace PerfRules.Rules;

/// <summary>A rule file's name and text, as read.</summary>
public sealed record RuleFile(string Name, string Content);
