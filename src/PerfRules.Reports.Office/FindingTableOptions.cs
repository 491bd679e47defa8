namespace PerfRules.Reports.Office;

/// <summary>What a user may add to the finding table.</summary>
public sealed record FindingTableOptions
{
    /// <summary>Adds the 指纹 column (the finding's fingerprint, for baselines and comparing runs).</summary>
    public bool Fingerprints { get; init; }
}
