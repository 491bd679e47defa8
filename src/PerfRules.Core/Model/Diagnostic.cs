namespace PerfRules.Model;

/// <summary>A reading problem: the text could not be read or placed. Becomes a finding.</summary>
public sealed record Diagnostic
{
    public string RuleId { get; init; } = "";
    public string Message { get; init; } = "";
    public SourceSpan? Span { get; init; }
    /// <summary>The text concerned, for the report (never logged).</summary>
    public string? Text { get; init; }
    public Diagnostic() { }
    public Diagnostic(string ruleId, string message, SourceSpan? span, string? text = null)
    {
        RuleId = ruleId; Message = message; Span = span; Text = text;
    }
}
