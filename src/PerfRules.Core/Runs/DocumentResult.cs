using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Runs;

/// <summary>
/// One document of a run and what was found in it: what every report format prints per document.
/// A file holds one document, or several (a workbook's table sheets: <c>file.xlsx#项目表</c>).
/// </summary>
public sealed class DocumentResult
{
    /// <summary>
    /// The document's name: the path as given (relative paths stay relative, for SARIF and CI
    /// annotations), with <c>#part</c> when its file holds several documents.
    /// </summary>
    public required string File { get; init; }

    private string? _inputPath;
    /// <summary>The path of the file the document was read from, as given (<see cref="File"/> without <c>#part</c>).</summary>
    public string InputPath { get => _inputPath ?? File; init => _inputPath = value == File ? null : value; }
    /// <summary>
    /// The model as read; in a batch, a header-only copy (kind, layout, department, money unit,
    /// encoding; the reading problems of an unreadable file) whose <see cref="Submission.Places"/>
    /// still turns the findings' spans into places (page and line, sheet and cell).
    /// </summary>
    public required Submission Submission { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>The source text of the lines the findings are on (their spans and related spans), for reports that show it.</summary>
    public IReadOnlyDictionary<int, string> Snippets { get; init; } = new Dictionary<int, string>();

    /// <summary>The line a finding starts on, as written.</summary>
    public string? Snippet(Finding f) => Snippet(f.Span);

    /// <summary>The line a span starts on, as written (<see cref="Snippet(Finding)"/> of a finding with that span).</summary>
    internal string? Snippet(SourceSpan? span) => span is { } s && Snippets.TryGetValue(s.StartLine, out var t) ? t : null;

    /// <summary>
    /// Every line a report shows for a finding, in order: those of its span and of its related span
    /// (the object it is in), at most <see cref="Runs.Snippets.MaxLines"/>; each with the columns of
    /// the span on it (1-based, end inclusive; null where the span does not touch the line).
    /// </summary>
    public IReadOnlyList<SnippetLine> SnippetLines(Finding f) => SnippetLines(f.Span, f.Related);

    /// <summary><see cref="SnippetLines(Finding)"/> of a finding with these spans.</summary>
    internal IReadOnlyList<SnippetLine> SnippetLines(SourceSpan? findingSpan, SourceSpan? related)
    {
        if (findingSpan is not { } span || Runs.Snippets.Lines(span, related) is not var (first, last)) return Array.Empty<SnippetLine>();
        var lines = new List<SnippetLine>(last - first + 1);
        for (var l = first; l <= last; l++)
        {
            if (!Snippets.TryGetValue(l, out var text)) continue;
            (int, int)? marked = l < span.StartLine || l > span.EndLine ? null
                : (l == span.StartLine ? span.StartColumn : 1, l == span.EndLine ? span.EndColumn : text.Length);
            lines.Add(new SnippetLine(l, text, marked));
        }
        return lines;
    }

    /// <summary>
    /// Where a finding is in the original file when that is not plain text: 项目表!C12 (a workbook's
    /// cell), p3:12:5 (a PDF's page, line and character); null for text files and findings without a span.
    /// </summary>
    public string? Place(Finding f) => Place(f.Span);

    /// <summary><see cref="Place(Finding)"/> of a finding with this span.</summary>
    internal string? Place(SourceSpan? span) => span is { } s && Submission.Places is { } map ? map.Format(s) : null;

    /// <summary>The same place as named properties (sheet, cell, range; page, pageLine…), for machine formats; empty when there is none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PlaceProperties(Finding f) => PlaceProperties(f.Span);

    /// <summary><see cref="PlaceProperties(Finding)"/> of a finding with this span.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> PlaceProperties(SourceSpan? span) =>
        span is { } s && Submission.Places is { } map ? map.Describe(s) : Array.Empty<KeyValuePair<string, string>>();

    /// <summary>
    /// The finding's region in the file's own lines and columns when they are not the text's: a
    /// workbook cell's row and column number, a CSV record's line of the file (<see cref="SourceMap.Region"/>).
    /// Null when the span's lines are the region (text files, PDFs, Word documents) or there is no span.
    /// </summary>
    public SourceSpan? FileRegion(Finding f) => FileRegion(f.Span);

    /// <summary><see cref="FileRegion(Finding)"/> of a finding with this span.</summary>
    internal SourceSpan? FileRegion(SourceSpan? span) => span is { } s && Submission.Places is { } map ? map.Region(s) : null;

    /// <summary>What text reports write after the file name: the place, else line:column of the text (1:1 without a span).</summary>
    public string At(Finding f) => Place(f) ?? (f.Span is { } s ? $"{s.StartLine}:{s.StartColumn}" : "1:1");

    public int Count(Severity severity) => severity switch
    {
        Severity.Error => Counts.Errors,
        Severity.Warning => Counts.Warnings,
        Severity.Info => Counts.Infos,
        _ => Findings.Count(f => f.Severity == severity),
    };

    /// <summary>
    /// The same document listing other findings (a subset of its own, as --min-severity, --max-findings
    /// or a baseline leave them); <paramref name="counts"/> when known, else counted when asked for.
    /// </summary>
    internal DocumentResult WithFindings(IReadOnlyList<Finding> findings, SeverityCounts? counts = null) => new()
    {
        File = File, InputPath = InputPath, Submission = Submission, Findings = findings, Snippets = Snippets, ScopeMask = ScopeMask,
        _counts = counts,
    };

    private SeverityCounts? _counts;
    /// <summary>
    /// The findings by severity: counted from <see cref="Findings"/> unless the run gave them (a batch
    /// keeps them with each spilled document, so totals need not read the findings back).
    /// </summary>
    public SeverityCounts Counts { get => _counts ??= SeverityCounts.Of(Findings); init => _counts = value; }

    private bool? _ruleFailure;
    /// <summary>Whether a rule failed on the document (a finding with <see cref="Finding.IsRuleFailure"/>); kept by a batch like <see cref="Counts"/>.</summary>
    public bool HasRuleFailure { get => _ruleFailure ??= Findings.Any(f => f.IsRuleFailure); init => _ruleFailure = value; }

    private int? _scopeMask;
    /// <summary>
    /// The rule scopes that had objects in the document as read, one bit per <see cref="RuleScope"/>:
    /// worked out from <see cref="Submission"/> unless the run gave it (a batch keeps only a compact model).
    /// </summary>
    public int ScopeMask { get => _scopeMask ??= TargetWalker.ScopeMask(Submission); init => _scopeMask = value; }

    /// <summary>Whether the document as read had objects of that scope (so the rules of that scope ran on it).</summary>
    public bool HasObjects(RuleScope scope) => (ScopeMask & (1 << (int)scope)) != 0;
}
