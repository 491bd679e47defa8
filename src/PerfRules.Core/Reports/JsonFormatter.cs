using System.Runtime.CompilerServices;
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
            ParallelJsonItems.Write(w, output, Options, report.Documents, report.Jobs, WriteDocument);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>A sample document's item rendered and dropped, and a spilled one (<see cref="ReportWarmup"/>): the code a report runs, compiled.</summary>
    public void Prepare()
    {
        var x = new JsonItemWriter(Options);
        x.Reset(2);
        var doc = ReportWarmup.Document;
        WriteDocument(x, doc);
        ReportWarmup.ReadSpilled((ref FindingView f) => WriteFinding(x, ref f, doc));
    }

    /// <summary>One item of the documents array.</summary>
    private static void WriteDocument(JsonItemWriter x, DocumentResult doc)
    {
        x.WriteStartObject();
        x.WriteString(N.File, doc.File);
        if (doc.InputPath != doc.File) x.WriteString(N.Input, doc.InputPath);
        x.WriteString(N.Kind, KindName(doc.Submission.Kind));
        if (doc.Submission.Department is { } dept) x.WriteString(N.Department, dept);
        x.WriteStartObject(N.Summary);
        x.WriteNumber(N.Errors, doc.Count(Severity.Error));
        x.WriteNumber(N.Warnings, doc.Count(Severity.Warning));
        x.WriteNumber(N.Infos, doc.Count(Severity.Info));
        x.WriteEndObject();
        x.WriteStartArray(N.Findings);
        ReportFindings.Each(doc, (ref FindingView f) => WriteFinding(x, ref f, doc));
        x.WriteEndArray();
        x.WriteEndObject();
    }

    /// <summary>How many bytes the JSON formats gather before handing them to the file.</summary>
    internal const int FlushBytes = 1 << 16;

    // By the kind's value. Not a dictionary keyed by the enum, nor LINQ over it: generic code over our value type,
    // which ReadyToRun cannot precompile, JIT-compiled in every JSON report.
    private static readonly string[] KindNames = KindNamesByValue();

    private static string[] KindNamesByValue()
    {
        var values = Enum.GetValuesAsUnderlyingType(typeof(SubmissionKind));
        var largest = 0;
        foreach (int v in values) largest = Math.Max(largest, v);
        var names = new string[largest + 1];
        foreach (int v in values) names[v] = JsonNamingPolicy.CamelCase.ConvertName(((SubmissionKind)v).ToString());
        return names;
    }

    private static string KindName(SubmissionKind kind) => KindNames[(int)kind];

    /// <param name="doc">The finding's document, for its place in a workbook or PDF (<see cref="DocumentResult.Place"/>).</param>
    internal static void WriteFinding(JsonItemWriter w, Finding f, DocumentResult? doc = null)
    {
        var view = FindingView.Of(f);
        WriteFinding(w, ref view, doc);
    }

    /// <param name="doc">The finding's document, for its place in a workbook or PDF (<see cref="DocumentResult.Place(Finding)"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // as JsonItemWriter's: it runs once per finding, at the end of a process
    private static void WriteFinding(JsonItemWriter w, ref FindingView f, DocumentResult? doc)
    {
        // The runs of names and brackets between values are written once per writer and then copied (JsonItemWriter.Keep).
        if (!w.Replay(R.Start))
        {
            w.WriteStartObject();
            w.WritePropertyName(N.RuleId);
            w.Keep();
        }
        w.WriteStringValue(f.RuleId);
        var level = (int)f.Severity;
        if ((uint)level < R.Levels)
        {
            if (!w.Replay(R.Severity + level))
            {
                w.WriteString(N.Severity, f.Severity.Name());
                w.WritePropertyName(N.Title);
                w.Keep();
            }
        }
        else
        {
            w.WriteString(N.Severity, f.Severity.Name());
            w.WritePropertyName(N.Title);
        }
        w.WriteStringValue(f.Title);
        w.WriteString(N.Message, f.Message);
        if (f.HasFix) w.WriteString(N.Fix, f.Fix);
        w.WriteString(N.File, f.File);
        if (f.Span is { } s)
        {
            w.WriteNumber(N.Line, s.StartLine);
            if (!w.Replay(R.Span))
            {
                w.WriteStartObject(N.Span);
                w.WritePropertyName(N.StartLine);
                w.Keep();
            }
            w.WriteNumberValue(s.StartLine);
            w.WriteNumber(N.StartColumn, s.StartColumn);
            w.WriteNumber(N.EndLine, s.EndLine);
            w.WriteNumber(N.EndColumn, s.EndColumn);
            w.WriteEndObject();
        }
        if (f.Related is { } r)
        {
            // The whole object (indicator, row, project) the span is a part of.
            if (!w.Replay(R.Related))
            {
                w.WriteStartObject(N.Related);
                w.WritePropertyName(N.StartLine);
                w.Keep();
            }
            w.WriteNumberValue(r.StartLine);
            w.WriteNumber(N.StartColumn, r.StartColumn);
            w.WriteNumber(N.EndLine, r.EndLine);
            w.WriteNumber(N.EndColumn, r.EndColumn);
            w.WriteEndObject();
        }
        if (doc?.SnippetLines(f.Span, f.Related) is { Count: > 0 } lines)
        {
            // The lines of the span and of the related span, as written, with the span's columns on each.
            w.WriteStartArray(N.Source);
            foreach (var (line, text, marked) in lines)
            {
                w.WriteStartObject();
                w.WriteNumber(N.Line, line);
                w.WriteString(N.Text, text);
                if (marked is { } m)
                {
                    w.WriteNumber(N.StartColumn, m.Start);
                    w.WriteNumber(N.EndColumn, m.End);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (doc?.Place(f.Span) is { } place)
        {
            w.WriteString(N.Place, place);
            w.WriteStartObject(N.Location);
            foreach (var (name, value) in doc.PlaceProperties(f.Span)) w.WriteString(name, value);
            w.WriteEndObject();
        }
        w.WriteString(N.Path, f.Path);
        if (f.HasDepartment) w.WriteString(N.Department, f.Department);
        if (f.HasUnit) w.WriteString(N.Unit, f.Unit);
        if (f.HasProject) w.WriteString(N.Project, f.Project);
        if (f.IndicatorSeq is { } n) w.WriteNumber(N.Indicator, n);
        w.WriteStartObject(N.Evidence);
        while (f.NextEvidence(out var name, out var value)) w.WriteString(name, value);
        if (!w.Replay(R.Evidence))
        {
            w.WriteEndObject();
            w.WritePropertyName(N.RuleSet);
            w.Keep();
        }
        w.WriteStringValue(f.RuleSet);
        w.WriteString(N.RuleSetVersion, f.RuleSetVersion);
        w.WriteString(N.Fingerprint, f.Fingerprint);
        if (f.IsRuleFailure) w.WriteBoolean(N.RuleFailure, true);
        w.WriteEndObject();
    }

    /// <summary>The ids of a finding's runs kept by the item writer (<see cref="JsonItemWriter.Keep"/>): each stands for one sequence of calls.</summary>
    private static class R
    {
        public const int Start = 0, Span = 1, Related = 2, Evidence = 3, Severity = 4; // Severity + the severity's value (below Levels)
        public const uint Levels = 4;
    }

    /// <summary>The names of a document's and a finding's fields, encoded once (a report writes them for every finding).</summary>
    private static class N
    {
        public static readonly JsonEncodedText Department = E("department");
        public static readonly JsonEncodedText EndColumn = E("endColumn");
        public static readonly JsonEncodedText EndLine = E("endLine");
        public static readonly JsonEncodedText Errors = E("errors");
        public static readonly JsonEncodedText Evidence = E("evidence");
        public static readonly JsonEncodedText File = E("file");
        public static readonly JsonEncodedText Findings = E("findings");
        public static readonly JsonEncodedText Fingerprint = E("fingerprint");
        public static readonly JsonEncodedText Fix = E("fix");
        public static readonly JsonEncodedText Indicator = E("indicator");
        public static readonly JsonEncodedText Infos = E("infos");
        public static readonly JsonEncodedText Input = E("input");
        public static readonly JsonEncodedText Kind = E("kind");
        public static readonly JsonEncodedText Line = E("line");
        public static readonly JsonEncodedText Location = E("location");
        public static readonly JsonEncodedText Message = E("message");
        public static readonly JsonEncodedText Path = E("path");
        public static readonly JsonEncodedText Place = E("place");
        public static readonly JsonEncodedText Project = E("project");
        public static readonly JsonEncodedText Related = E("related");
        public static readonly JsonEncodedText RuleFailure = E("ruleFailure");
        public static readonly JsonEncodedText RuleId = E("ruleId");
        public static readonly JsonEncodedText RuleSet = E("ruleSet");
        public static readonly JsonEncodedText RuleSetVersion = E("ruleSetVersion");
        public static readonly JsonEncodedText Severity = E("severity");
        public static readonly JsonEncodedText Source = E("source");
        public static readonly JsonEncodedText Span = E("span");
        public static readonly JsonEncodedText StartColumn = E("startColumn");
        public static readonly JsonEncodedText StartLine = E("startLine");
        public static readonly JsonEncodedText Summary = E("summary");
        public static readonly JsonEncodedText Text = E("text");
        public static readonly JsonEncodedText Title = E("title");
        public static readonly JsonEncodedText Unit = E("unit");
        public static readonly JsonEncodedText Warnings = E("warnings");

        // The writer's own encoder: the same bytes as writing the text through it.
        private static JsonEncodedText E(string text) => JsonEncodedText.Encode(text, Options.Encoder);
    }
}
