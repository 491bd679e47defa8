namespace PerfRules.Rules.Runtime;

/// <summary>
/// How a rule set is compiled and run: where compiled rule sets are cached (the folder is worked out by
/// <see cref="Compilation.CacheLocation"/>) and how their evaluation is limited.
/// </summary>
public sealed record RuleEngineOptions
{
    /// <summary>
    /// Cache folder; default <c>$PERFRULES_CACHE</c>, else the platform's cache place
    /// (<c>%LOCALAPPDATA%\perfrules\cache</c>, <c>~/Library/Caches/perfrules</c>, <c>$XDG_CACHE_HOME/perfrules</c>
    /// or <c>~/.cache/perfrules</c>). Created owner-only;
    /// a folder that group or others may write is not used (a warning, then no disk cache).
    /// </summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Set false to neither read nor write the disk cache.</summary>
    public bool UseDiskCache { get; init; } = true;
    /// <summary>
    /// The per-user secret that signs cache entries (HMAC-SHA256), kept outside the cache folder;
    /// default <c>perfrules/cache-secret.key</c> under the platform's per-user data folder
    /// (<c>%LOCALAPPDATA%</c>, <c>~/Library/Application Support</c>, <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>).
    /// Created owner-only when missing.
    /// </summary>
    public string? CacheSecretFile { get; init; }
    /// <summary>Where cache warnings go (a damaged or planted entry, an unsafe folder); default: standard error.</summary>
    public Action<string>? Warn { get; init; }
    /// <summary>
    /// Cancels evaluation: a running rule sees it at its next clock check and <see cref="CompiledRuleSet.Evaluate(Submission)"/>
    /// throws <see cref="OperationCanceledException"/> (the document gets no findings; the caller abandons it).
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Run time each rule may spend on one document (its compiled code checks the clock at every
    /// lambda call); past it the rule stops there with a rule-failure finding. Zero: no limit.
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Bytes each rule may allocate on one document, checked with the clock. 0 or less: no limit.</summary>
    public long AllocationBudget { get; init; } = 256L * 1024 * 1024;
    /// <summary>Findings listed per document; the rest are summed up in one PR008 finding. 0 or less: no limit.</summary>
    public int MaxFindingsPerDocument { get; init; } = DefaultMaxFindingsPerDocument;

    public const int DefaultMaxFindingsPerDocument = 1000;

    /// <summary>
    /// The engine that runs the cross-document rules (scopes department and batch): the hosts give the
    /// NRules plug-in (PerfRules.Engines.NRules); null is the core's reference engine (LINQ grouping).
    /// Both give the same findings: the engine matches and groups, the core evaluates the rules.
    /// </summary>
    public CrossDocument.ICrossDocumentEngine? CrossDocument { get; init; }

    /// <summary>
    /// Batch facts per engine session: the facts of a run are split by a hash of their key into slices
    /// of about this many (a key's facts are always in one slice), so a session's memory stays bounded.
    /// </summary>
    // 2,048: a session's own arrays stay off the large-object heap (collected only with gen2) and two sessions at once
    // hold less; 10,000 seed copies peaked at 122 MB instead of 130 MB with 8,192, at the same CPU (docs/performance.md,
    // "The batch step's memory per document").
    public int CrossDocumentSliceSize { get; init; } = 2_048;

    internal void Warning(string message)
    {
        if (Warn is { } warn) warn(message);
        else Console.Error.WriteLine("警告：" + message);
    }
}
