namespace PerfRules.Runs;

/// <summary>
/// One source line a report shows for a finding: its number, its text (cut at
/// <see cref="Snippets.MaxSnippet"/> characters) and the columns of the finding's span on it
/// (1-based, end inclusive), null where the span does not touch the line.
/// </summary>
public sealed record SnippetLine(int Line, string Text, (int Start, int End)? Marked);
