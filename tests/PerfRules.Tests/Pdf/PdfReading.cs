using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Pdf;
using PerfRules.Rules;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// Reading a PDF as the hosts do (SubmissionReader with the PDF opener registered): the opener that
/// recognises the bytes opens them, the layout readers read its text, and its problems come first;
/// bytes no opener takes are text.
/// </summary>
public static class PdfReading
{
    public static Submission Read(byte[] bytes, string path, PdfOptions? pdf = null, ReadOptions? options = null)
    {
        options ??= new ReadOptions { Codes = RuleTestSupport.Builtin.RuleSet.Codes };
        return new SubmissionReader(options, InputFormats.Default().AddPdf(pdf)).Read(bytes, path).One();
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
