using System.Text.Encodings.Web;
using System.Text.Json;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>Every field of every finding, per document, with a summary.</summary>
public sealed class JsonFormatter : IReportFormatter
{
    public string Name => "json";
    public string Extension => "json";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(LintReport report, TextWriter output)
    {
        using var stream = new TextWriterStream(output);
        Write(report, stream);
    }

    /// <summary>
    /// Writes the report as it goes, a window of documents at a time (<see cref="ParallelJsonItems"/>: a
    /// spilled batch is read back and rendered on every core), handing the bytes on in slices of at most
    /// <see cref="FlushBytes"/>: memory does not grow with the run.
    /// </summary>
    public void Write(LintReport report, Stream output)
    {
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteString("tool", LintReport.ToolName);
            w.WriteString("version", LintReport.ToolVersion);
            w.WriteString("ruleSet", report.RuleSet.Name);
            w.WriteString("ruleSetVersion", report.RuleSet.Version);
            w.WriteStartObject("summary");
            w.WriteNumber("documents", report.Documents.Count);
            w.WriteNumber("errors", report.Count(Severity.Error));
            w.WriteNumber("warnings", report.Count(Severity.Warning));
            w.WriteNumber("infos", report.Count(Severity.Info));
            w.WriteEndObject();
            w.WriteStartArray("documents");
            ParallelJsonItems.Write(w, output, Options, report.Documents, report.Jobs, (x, doc) =>
            {
                x.WriteStartObject();
                x.WriteString("file", doc.File);
                if (doc.InputPath != doc.File) x.WriteString("input", doc.InputPath);
                x.WriteString("kind", KindName(doc.Submission.Kind));
                if (doc.Submission.Department is { } dept) x.WriteString("department", dept);
                x.WriteStartObject("summary");
                x.WriteNumber("errors", doc.Count(Severity.Error));
                x.WriteNumber("warnings", doc.Count(Severity.Warning));
                x.WriteNumber("infos", doc.Count(Severity.Info));
                x.WriteEndObject();
                x.WriteStartArray("findings");
                foreach (var f in doc.Findings) WriteFinding(x, f, doc);
                x.WriteEndArray();
                x.WriteEndObject();
            });
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>How many bytes the JSON formats gather before handing them to the file.</summary>
    internal const int FlushBytes = 1 << 16;

    private static readonly Dictionary<SubmissionKind, string> KindNames =
        Enum.GetValues<SubmissionKind>().ToDictionary(k => k, k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString()));

    private static string KindName(SubmissionKind kind) => KindNames[kind];

    /// <param name="doc">The finding's document, for its place in a workbook or PDF (<see cref="DocumentResult.Place"/>).</param>
    public static void WriteFinding(Utf8JsonWriter w, Finding f, DocumentResult? doc = null)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", f.RuleId);
        w.WriteString("severity", f.Severity.Name());
        w.WriteString("title", f.Title);
        w.WriteString("message", f.Message);
        if (f.Fix is { } fix) w.WriteString("fix", fix);
        w.WriteString("file", f.File);
        if (f.Span is { } s)
        {
            w.WriteNumber("line", s.StartLine);
            w.WriteStartObject("span");
            w.WriteNumber("startLine", s.StartLine);
            w.WriteNumber("startColumn", s.StartColumn);
            w.WriteNumber("endLine", s.EndLine);
            w.WriteNumber("endColumn", s.EndColumn);
            w.WriteEndObject();
        }
        if (f.Related is { } r)
        {
            // The whole object (indicator, row, project) the span is a part of.
            w.WriteStartObject("related");
            w.WriteNumber("startLine", r.StartLine);
            w.WriteNumber("startColumn", r.StartColumn);
            w.WriteNumber("endLine", r.EndLine);
            w.WriteNumber("endColumn", r.EndColumn);
            w.WriteEndObject();
        }
        if (doc?.SnippetLines(f) is { Count: > 0 } lines)
        {
            // The lines of the span and of the related span, as written, with the span's columns on each.
            w.WriteStartArray("source");
            foreach (var (line, text, marked) in lines)
            {
                w.WriteStartObject();
                w.WriteNumber("line", line);
                w.WriteString("text", text);
                if (marked is { } m)
                {
                    w.WriteNumber("startColumn", m.Start);
                    w.WriteNumber("endColumn", m.End);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (doc?.Place(f) is { } place)
        {
            w.WriteString("place", place);
            w.WriteStartObject("location");
            foreach (var (name, value) in doc.PlaceProperties(f)) w.WriteString(name, value);
            w.WriteEndObject();
        }
        w.WriteString("path", f.Path);
        if (f.Department is { } d) w.WriteString("department", d);
        if (f.Unit is { } u) w.WriteString("unit", u);
        if (f.Project is { } p) w.WriteString("project", p);
        if (f.IndicatorSeq is { } n) w.WriteNumber("indicator", n);
        w.WriteStartObject("evidence");
        foreach (var e in f.Evidence) w.WriteString(e.Name, e.Value);
        w.WriteEndObject();
        w.WriteString("ruleSet", f.RuleSet);
        w.WriteString("ruleSetVersion", f.RuleSetVersion);
        w.WriteString("fingerprint", f.Fingerprint);
        if (f.IsRuleFailure) w.WriteBoolean("ruleFailure", true);
        w.WriteEndObject();
    }
}
