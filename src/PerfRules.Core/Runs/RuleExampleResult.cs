using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>What running one example gave.</summary>
public sealed record RuleExampleResult(RuleExampleCase Case, bool Passed, string Explanation, IReadOnlyList<Finding> Findings);
