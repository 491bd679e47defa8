namespace PerfRules.Rules.Runtime;

/// <summary>
/// Thrown by <see cref="RunGuard"/> when a rule runs past the document's time or allocation budget,
/// or asks for a sequence, array or string bigger than the engine allows.
/// </summary>
public sealed class RuleLimitExceededException : Exception
{
    public RuleLimitExceededException(string message, bool time = false) : base(message) { IsTime = time; }

    /// <summary>True when the time budget ran out (the finding then names the budget's length).</summary>
    public bool IsTime { get; }
}
