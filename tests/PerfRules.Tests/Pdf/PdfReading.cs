using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Pdf;
using PerfRules.Rules;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// What a host will do with a file once openers are registered (the lead wires that): the opener
/// that recognises the bytes opens them, the layout readers read its text, and its problems come
/// first; bytes no opener takes are text. Kept here, in the tests, until the run layer owns it.
/// </summary>
public static class PdfReading
{
    public static Submission Read(byte[] bytes, string path, PdfOptions? pdf = null, ReadOptions? options = null)
    {
        options ??= new ReadOptions { Codes = RuleTestSupport.Builtin.RuleSet.Codes };
        var opener = new PdfOpener(pdf);
        var reader = new SubmissionReader(options);
        if (opener.Probe(bytes.AsSpan(0, Math.Min(bytes.Length, 4096)), path) == 0) return reader.Read(bytes, path).One();
        var opened = opener.Open(bytes, path, options);
        var submission = opened.Documents.Count == 0
            ? new Submission { Kind = SubmissionKind.Unknown, Layout = "unknown", SourceFile = path }
            : reader.Read(opened.Documents[0]);
        submission.Diagnostics.InsertRange(0, opened.Problems);
        return submission;
    }

    public static Submission ReadFile(string path, PdfOptions? pdf = null) => Read(File.ReadAllBytes(path), path, pdf);

    public static IReadOnlyList<Finding> Findings(Submission submission) => RuleTestSupport.Builtin.Evaluate(submission);

    /// <summary>Text without white space: a space at which a printed line wrapped is not in the PDF.</summary>
    public static string? Squeeze(string? s) => s is null ? null : new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>The seed's model as its PDF reads: unplaced figures in the columns the form printed them in.</summary>
    public static Submission ExpectedModel(string prefix)
    {
        var (model, _) = PdfFixtures.SeedModel(prefix);
        ColumnChoice.Apply(model);
        return model;
    }

    /// <summary>Names, codes, amounts and parsed values exactly; free text without white space.</summary>
    public static string Comparable(Submission s) => ModelDump.Of(s, Squeeze);

    /// <summary>Findings as rule, severity, logical path and message (white space aside), sorted: no lines or files.</summary>
    public static List<string> ComparableFindings(IEnumerable<Finding> findings) =>
        findings.Select(f => $"{f.RuleId} {f.Severity} {f.Path} {Squeeze(f.Message)}").OrderBy(x => x, StringComparer.Ordinal).ToList();
}
