namespace PerfRules.Runs;

/// <summary>A path to check, with the problem found while listing it (then it is reported, not read).</summary>
public sealed record InputFile(string Path, string? Problem = null);
