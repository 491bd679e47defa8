namespace PerfRules.Rules;

/// <summary>One named value behind a finding (a rule's <c>let:</c> value, formatted).</summary>
public sealed record Evidence(string Name, string Value);
