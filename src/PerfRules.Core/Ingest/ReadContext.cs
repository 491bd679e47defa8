using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>State shared by the readers while they build one Submission.</summary>
internal sealed class ReadContext
{
    public SourceText Source { get; }
    public Submission Submission { get; }
    public CodeTable Codes { get; }

    public ReadContext(SourceText source, ReadOptions options, SubmissionKind kind, string layout)
    {
        Source = source;
        Codes = options.Codes;
        Submission = new Submission { Kind = kind, Layout = layout, SourceFile = source.Path, Encoding = source.EncodingName };
    }

    /// <summary>A line that is layout (title, repeated page header, column heads), not data.</summary>
    public void Furniture(int line) => Submission.Furniture.Add(Source.LineSpan(line));

    /// <summary>PR002: a line that could not be placed in the model.</summary>
    public void Unplaced(int line, string why) => Unplaced(Source.LineSpan(line), why, Source[line]);

    public void Unplaced(SourceSpan span, string why, string text)
    {
        var at = span.StartLine == span.EndLine ? $"第 {span.StartLine} 行" : $"第 {span.StartLine}–{span.EndLine} 行";
        Submission.Diagnostics.Add(new Diagnostic("PR002", $"{at}无法归入表格结构：{why}", span, TextDecoder.Excerpt(text.Trim())));
    }
}
