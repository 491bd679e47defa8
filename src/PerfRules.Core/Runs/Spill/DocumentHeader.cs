using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// What a report reads of a spilled document's model: kind, layout, department, money unit,
/// encoding; the file when it differs from the path; the reading problems of an unreadable file; the source map's kind
/// ("page", "cell") when the document has places, else null.
/// Shared by the documents that have the same (a run has few departments).
/// </summary>
internal sealed record DocumentHeader(SubmissionKind Kind, string Layout, string? Department, string? MoneyUnit, string? Encoding,
    string? SourceFile, List<Diagnostic>? Diagnostics, string? PlacesKind)
{
    public Submission Submission(string file, SourceMap? places) => new()
    {
        Kind = Kind, Layout = Layout, Department = Department, MoneyUnit = MoneyUnit, SourceFile = SourceFile ?? file,
        Encoding = Encoding, Diagnostics = Diagnostics ?? new List<Diagnostic>(0), Places = places,
    };
}
