using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Reports;

/// <summary>One input file and what was found in it.</summary>
public sealed class DocumentResult
{
    /// <summary>The path as given (relative paths stay relative, for SARIF and CI annotations).</summary>
    public required string File { get; init; }
    public required Submission Submission { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>The source text of each line a finding starts on (for reports that show it).</summary>
    public IReadOnlyDictionary<int, string> Snippets { get; init; } = new Dictionary<int, string>();

    public string? Snippet(Finding f) => f.Span is { } s && Snippets.TryGetValue(s.StartLine, out var t) ? t : null;

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}

/// <summary>The result of checking a set of files with one rule set: what every report format prints.</summary>
public sealed class LintReport
{
    public required RuleSet RuleSet { get; init; }
    public required IReadOnlyList<DocumentResult> Documents { get; init; }

    public static string ToolName => "PerfRules";
    public static string ToolVersion { get; } =
        typeof(LintReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public IEnumerable<Finding> Findings => Documents.SelectMany(d => d.Findings);
    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    /// <summary>Whether any finding is at or above the threshold (Off: never).</summary>
    public bool Fails(Severity failOn) => failOn != Severity.Off && Findings.Any(f => f.Severity >= failOn);
}
