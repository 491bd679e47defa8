namespace PerfRules.Model;

/// <summary>
/// Where the lines of a document's text came from when the input was not plain text: a page of a
/// PDF, a row of a worksheet, a row of a Word table. Readers always see lines; spans stay line and
/// column of those lines, and this map turns them into the place a user can find in the original
/// file. Null on a <see cref="Submission"/> means the file itself is text.
/// </summary>
public abstract class SourceMap
{
    /// <summary>What kind of place: "page" (PDF) or "cell" (workbook, Word table, CSV).</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// The place of a span's start as written after the file name in text reports, without the
    /// file: "p3:12:5" (page 3, line 12 of that page, column 5) or "项目表!C12".
    /// </summary>
    public abstract string Format(SourceSpan span);

    /// <summary>
    /// The same place as named properties for machine formats (JSON, SARIF properties):
    /// e.g. page=3, pageLine=12; or sheet=项目表, cell=C12, range=C12:C15.
    /// </summary>
    public abstract IReadOnlyList<KeyValuePair<string, string>> Describe(SourceSpan span);

    /// <summary>
    /// The span in the file's own lines and columns, where the file has them and they are not the
    /// text's (SARIF's region): a worksheet cell as row and column number, a CSV record at the line of
    /// the file where it starts. Column 0 means the whole line (a CSV record's cells are not character
    /// columns). Null when the text's lines are the best region there is (a PDF's rebuilt lines, a
    /// Word document's paragraphs and table rows): then the span itself is the region.
    /// </summary>
    public virtual SourceSpan? Region(SourceSpan span) => null;
}
