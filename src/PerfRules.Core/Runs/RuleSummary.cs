using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>One rule's line of the summary: how often it fired and in how many documents.</summary>
public sealed record RuleSummary(string RuleId, string Title, Severity Severity, int Findings, int Documents);
