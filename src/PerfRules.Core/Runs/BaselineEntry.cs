namespace PerfRules.Runs;

/// <summary>One accepted finding: its fingerprint (no line numbers) and, for people, where and what.</summary>
public sealed record BaselineEntry(string Fingerprint, string RuleId, string File, string Message);
