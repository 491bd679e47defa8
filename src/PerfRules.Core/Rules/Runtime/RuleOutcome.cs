using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>What one rule concluded on one object.</summary>
public sealed class RuleOutcome
{
    public static readonly RuleOutcome Skipped = new(false, null, null, null);
    public static readonly RuleOutcome Passed = new(false, null, null, null);

    public bool IsFailure { get; }
    /// <summary>The let values, formatted, in declaration order.</summary>
    public IReadOnlyList<string> Evidence { get; }
    /// <summary>The message holes, then the fix holes, formatted, in order.</summary>
    public IReadOnlyList<string> Holes { get; }
    /// <summary>Where the rule's `at` expression says the finding points, if it has one.</summary>
    public SourceSpan? At { get; }

    private RuleOutcome(bool failure, string[]? evidence, string[]? holes, SourceSpan? at)
    {
        IsFailure = failure; Evidence = evidence ?? Array.Empty<string>(); Holes = holes ?? Array.Empty<string>(); At = at;
    }

    public static RuleOutcome Failed(string[] evidence, string[] holes, SourceSpan? at = null) => new(true, evidence, holes, at);
}
