namespace PerfRules.Ingest;

/// <summary>
/// What one input file held, as read by <see cref="SubmissionReader.Read(byte[], string)"/>: never
/// empty — a file that gives no table is one document that says why (PR001, PR006…), so every
/// file is accounted for.
/// </summary>
/// <param name="Path">The path (or name) the input was read under.</param>
/// <param name="Format">The opener that read it (pdf, xlsx, docx, ole, csv), or text.</param>
/// <param name="Documents">Each table found, in file order (a workbook's sheets, a Word file's tables).</param>
public sealed record InputContents(string Path, string Format, IReadOnlyList<ReadDocument> Documents)
{
    /// <summary>Parts left out on purpose (a 填表说明 sheet, an empty sheet), each with why: for --verbose.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

    /// <summary>The format of a file no opener claimed: its bytes were decoded and read as text.</summary>
    public const string Text = "text";
}
