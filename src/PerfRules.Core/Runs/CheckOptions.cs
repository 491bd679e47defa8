namespace PerfRules.Runs;

/// <summary>How <see cref="Linter.CheckAll(IReadOnlyList{InputFile}, CheckOptions)"/> runs.</summary>
public sealed record CheckOptions
{
    /// <summary>Files checked at once; 0 or less: one per core.</summary>
    public int Jobs { get; init; }
    /// <summary>Called (from worker threads) as each input file is done, with its documents: for progress displays.</summary>
    public Action<string, IReadOnlyList<DocumentResult>>? OnFile { get; init; }
    public CancellationToken Cancellation { get; init; }
    /// <summary>Called (from worker threads) just before a file is opened; a seam for fault-injection tests.</summary>
    public Action<string>? BeforeRead { get; init; }
    /// <summary>
    /// Keep every document's whole model and source text in the report (memory grows with the
    /// run); by default a batch keeps a compact record of it (<see cref="SubmissionCodec.Write"/>).
    /// </summary>
    public bool KeepSubmissions { get; init; }

    /// <summary>
    /// The process is this run's alone (a command-line run): the cross-document step hands its grown memory back with
    /// full, blocking collections (<see cref="PerfRules.Rules.Runtime.StepHeap"/>). Off for a host that runs other work
    /// beside it (the service): there the growth is other requests' as well, and a blocking collection would stall them.
    /// </summary>
    public bool ReturnStepMemory { get; init; }

    /// <summary>
    /// A department whose compact models take at most this many bytes in the spill is held in memory
    /// while its cross-document rules run; a larger one is read back as they go (tests lower it).
    /// </summary>
    internal long HeldDepartmentBytes { get; init; } = 16L << 20;
}
