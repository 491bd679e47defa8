namespace PerfRules.Runs;

/// <summary>What applying a baseline did: findings hidden, and entries that no longer occur (to prune).</summary>
public sealed record BaselineOutcome(string Source, int Suppressed, IReadOnlyList<BaselineEntry> Stale);
