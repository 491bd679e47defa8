namespace PerfRules.Readers.Office.Writing;

/// <summary>A table written as a template workbook, and what the user should know about it (in Chinese).</summary>
/// <param name="Notes">What could not be carried over exactly, or needs the user's attention (figures with no known column).</param>
public sealed record WorkbookConversion(byte[] Bytes, IReadOnlyList<string> Notes);
