namespace PerfRules.Runs;

/// <summary>One document's line (worst documents first).</summary>
public sealed record DocumentSummary(string File, string Department, string Kind, SeverityCounts Counts);
