using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports.Office;

/// <summary>
/// One column: its Chinese name, its cell text for a finding, whether it holds numbers (written as
/// numbers, never neutralised), its width in a workbook (characters), whether its text wraps there, and
/// whether it is the severity (a workbook colours those cells).
/// </summary>
public sealed record FindingColumn(string Name, Func<DocumentResult, Finding, string> Value, bool Numeric = false, double Width = 12, bool Wrap = false, bool IsSeverity = false);
