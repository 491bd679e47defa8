namespace PerfRules.Runs;

/// <summary>One department's line of the summary: how many files, how many findings.</summary>
public sealed record DepartmentSummary(string Department, int Documents, SeverityCounts Counts);
