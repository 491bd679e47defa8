namespace PerfRules.Runs;

/// <summary>The inputs of a run and the entries of its folders that were left out (<see cref="InputSelection"/>).</summary>
public sealed record InputSet(IReadOnlyList<InputFile> Files, IReadOnlyList<SkippedInput> Skipped);
