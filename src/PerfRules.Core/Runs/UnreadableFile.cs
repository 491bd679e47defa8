namespace PerfRules.Runs;

/// <summary>A file that could not be read as a table, and why (it counts as a finding too).</summary>
public sealed record UnreadableFile(string File, string Reason);
