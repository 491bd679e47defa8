using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Ingest;

/// <summary>
/// The canonical YAML and JSON form of the model (what <c>perfrules parse</c> prints and
/// <see cref="CanonicalReader"/> reads back). Both formats come from one tree, so they have the
/// same shape: camelCase names, enums as camelCase strings, nulls and empty lists left out,
/// decimals printed with their scale, spans as "line:col-line:col".
/// </summary>
public static partial class CanonicalWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // Keeps Chinese text readable instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(Submission submission) => ToTree(submission, true).ToJsonString(JsonOptions) + "\n";

    /// <summary>One submission as an object, several as an array.</summary>
    public static string ToJson(IEnumerable<Submission> submissions)
    {
        var list = submissions.ToList();
        if (list.Count == 1) return ToJson(list[0]);
        var array = new JsonArray(list.Select(s => (JsonNode?)ToTree(s, true)).ToArray());
        return array.ToJsonString(JsonOptions) + "\n";
    }

    public static string ToYaml(Submission submission) => EmitYaml(ToTree(submission, true));

    /// <summary>A YAML stream: one document per submission, separated by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<Submission> submissions)
        => string.Join("---\n", submissions.Select(ToYaml));

    /// <summary>
    /// The JSON form without the fields that describe the file rather than the table
    /// (sourceFile, layout, encoding): two readings of one table give the same text.
    /// </summary>
    public static string ComparableJson(Submission submission) => ToTree(submission, false).ToJsonString(JsonOptions) + "\n";

    /// <summary>Model equality: the same comparable JSON text.</summary>
    public static bool ModelEquals(Submission a, Submission b) => ComparableJson(a) == ComparableJson(b);

    /// <summary>A span in its canonical text form, 12:5-12:40.</summary>
    public static string SpanText(SourceSpan span) => span.ToString();

    // ---- model → tree ----

    private static JsonObject ToTree(Submission s, bool fileFields)
    {
        var o = new JsonObject();
        Put(o, "kind", EnumName(s.Kind));
        if (fileFields) PutText(o, "layout", s.Layout);
        Put(o, "department", s.Department);
        Put(o, "moneyUnit", s.MoneyUnit);
        Put(o, "budgetYear", s.BudgetYear);
        PutSpan(o, "budgetYearSpan", s.BudgetYearSpan);
        if (fileFields)
        {
            PutText(o, "sourceFile", s.SourceFile);
            Put(o, "encoding", s.Encoding);
        }
        Put(o, "columns", List(s.Columns, c => JsonValue.Create(c)));
        if (s.GrandTotal is { } g) Put(o, "grandTotal", Row(g.Name, g.Amounts, g.Span));
        Put(o, "units", List(s.Units, Unit));
        if (s.Overall is { } ov) Put(o, "overall", Overall(ov));
        Put(o, "furniture", List(s.Furniture, sp => JsonValue.Create(SpanText(sp))));
        Put(o, "diagnostics", List(s.Diagnostics, Diag));
        return o;
    }

    private static JsonObject Row(string name, Amounts amounts, SourceSpan? span)
    {
        var o = new JsonObject();
        PutText(o, "name", name);
        Put(o, "amounts", AmountsNode(amounts));
        PutSpanAndLine(o, span);
        return o;
    }

    private static JsonObject AmountsNode(Amounts a)
    {
        var o = new JsonObject();
        Put(o, "total", a.Total);
        Put(o, "sources", List(a.Sources, c => new JsonObject { ["column"] = c.Column, ["value"] = c.Value }));
        Put(o, "unplaced", List(a.Unplaced, d => JsonValue.Create(d)));
        o["decimals"] = a.Decimals;
        return o;
    }

    private static JsonObject Unit(FundingUnit u)
    {
        var o = Row(u.Name, u.Amounts, u.Span);
        Put(o, "projects", List(u.Projects, Project));
        return o;
    }

    private static JsonObject Project(Project p)
    {
        var o = Row(p.Name, p.Amounts, p.Span);
        Put(o, "goal", p.Goal);
        PutSpan(o, "goalSpan", p.GoalSpan);
        PutSpan(o, "indicatorsSpan", p.IndicatorsSpan);
        Put(o, "indicators", List(p.Indicators, Indicator));
        return o;
    }

    private static JsonObject Indicator(Indicator i)
    {
        var o = new JsonObject { ["seq"] = i.Seq };
        Put(o, "level1", Code(i.Level1));
        Put(o, "level2", Code(i.Level2));
        PutText(o, "name", i.Name);
        Put(o, "cycle", Value(i.Cycle));
        Put(o, "annual", Value(i.Annual));
        PutSpanAndLine(o, i.Span);
        return o;
    }

    private static JsonObject? Code(CodeName c)
    {
        if (c.Code is null && c.Name.Length == 0) return null;
        var o = new JsonObject();
        Put(o, "code", c.Code);
        PutText(o, "name", c.Name);
        return o;
    }

    /// <summary>A missing value (no text, no span) is left out; it reads back as <see cref="TargetValue.Missing"/>.</summary>
    private static JsonObject? Value(TargetValue? v)
    {
        if (v is null || (v.Text.Length == 0 && v.Kind == ValueKind.Empty && v.Span is null && v.Number is null
                          && v.Comparator is null && v.Unit is null && v.Subject is null && v.Month is null
                          && v.Grades is null && v.Reason is null))
            return null;
        var o = new JsonObject { ["text"] = v.Text, ["kind"] = EnumName(v.Kind) };
        if (v.Comparator is { } c) o["comparator"] = EnumName(c);
        Put(o, "number", v.Number);
        Put(o, "unit", v.Unit);
        Put(o, "subject", v.Subject);
        Put(o, "month", v.Month);
        if (v.Grades is { } grades) Put(o, "grades", List(grades, Grade));
        Put(o, "reason", v.Reason);
        PutSpan(o, "span", v.Span);
        return o;
    }

    private static JsonObject Grade(Grade g)
    {
        var o = new JsonObject();
        PutText(o, "label", g.Label);
        PutText(o, "text", g.Text);
        if (g.Comparator is { } c) o["comparator"] = EnumName(c);
        Put(o, "low", g.Low);
        Put(o, "high", g.High);
        Put(o, "unit", g.Unit);
        return o;
    }

    private static JsonObject Overall(DepartmentOverall d)
    {
        var o = new JsonObject();
        Put(o, "expenditure", List(d.Expenditure, Named));
        Put(o, "income", List(d.Income, Named));
        Put(o, "development", List(d.Development, Named));
        Put(o, "budgetLevels", List(d.BudgetLevels, Named));
        Put(o, "goals", d.Goals);
        PutSpan(o, "goalsSpan", d.GoalsSpan);
        Put(o, "keyTasks", List(d.KeyTasks, Task));
        Put(o, "otherTasks", d.OtherTasks);
        Put(o, "indicators", List(d.Indicators, Indicator));
        Put(o, "emptyCategories", List(d.EmptyCategories, Category));
        return o;
    }

    private static JsonObject Named(NamedAmount a)
    {
        var o = new JsonObject();
        PutText(o, "name", a.Name);
        Put(o, "value", a.Value);
        PutText(o, "text", a.Text);
        PutSpanAndLine(o, a.Span);
        return o;
    }

    private static JsonObject Task(KeyTask t)
    {
        var o = new JsonObject();
        PutText(o, "name", t.Name);
        PutText(o, "content", t.Content);
        Put(o, "funds", t.Funds);
        PutSpan(o, "fundsSpan", t.FundsSpan);
        PutText(o, "outcome", t.Outcome);
        PutSpanAndLine(o, t.Span);
        return o;
    }

    private static JsonObject Category(IndicatorCategory c)
    {
        var o = new JsonObject();
        Put(o, "level1", Code(c.Level1));
        Put(o, "level2", Code(c.Level2));
        PutSpan(o, "span", c.Span);
        return o;
    }

    private static JsonObject Diag(Diagnostic d)
    {
        var o = new JsonObject();
        PutText(o, "ruleId", d.RuleId);
        PutText(o, "message", d.Message);
        PutSpan(o, "span", d.Span);
        Put(o, "text", d.Text);
        return o;
    }

    internal static string EnumName<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static void Put(JsonObject o, string key, string? value) { if (value is not null) o[key] = value; }
    /// <summary>Non-nullable strings default to "": leaving "" out reads back the same.</summary>
    private static void PutText(JsonObject o, string key, string value) { if (value.Length > 0) o[key] = value; }
    private static void Put(JsonObject o, string key, decimal? value) { if (value is { } v) o[key] = v; }
    private static void Put(JsonObject o, string key, int? value) { if (value is { } v) o[key] = v; }
    private static void Put(JsonObject o, string key, JsonNode? value) { if (value is not null) o[key] = value; }
    private static void PutSpan(JsonObject o, string key, SourceSpan? span) { if (span is not null) o[key] = SpanText(span); }

    /// <summary>The line is derived from the span but printed, so readers of the output need not parse spans.</summary>
    private static void PutSpanAndLine(JsonObject o, SourceSpan? span)
    {
        if (span is null) return;
        o["span"] = SpanText(span);
        o["line"] = span.StartLine;
    }

    private static JsonArray? List<T>(IEnumerable<T> items, Func<T, JsonNode?> map)
    {
        var nodes = items.Select(map).ToArray();
        return nodes.Length == 0 ? null : new JsonArray(nodes);
    }

    // ---- tree → YAML ----

    private static string EmitYaml(JsonNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings().WithBestWidth(int.MaxValue).WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var text = writer.ToString().Replace("\r\n", "\n");
        return text.EndsWith('\n') ? text : text + "\n";
    }

    /// <summary>Emits a submission as one YAML node into another document.</summary>
    internal static void EmitNode(IEmitter emitter, Submission submission) => Emit(emitter, ToTree(submission, true));

    private static void Emit(IEmitter e, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                // Small all-scalar objects ({code, name}, {column, value}) read best on one line.
                bool flowMap = o.Count <= 2 && o.All(kv => kv.Value is JsonValue);
                e.Emit(new MappingStart(null, null, true, flowMap ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in o)
                {
                    e.Emit(new Scalar(key));
                    Emit(e, value);
                }
                e.Emit(new MappingEnd());
                break;
            case JsonArray a:
                bool flowSeq = a.Count <= 8 && a.All(x => x is JsonValue);
                e.Emit(new SequenceStart(null, null, true, flowSeq ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in a) Emit(e, item);
                e.Emit(new SequenceEnd());
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                // Quoted: text a YAML reader would take for a number, boolean or null; and text whose
                // line breaks, control characters or bare whitespace block styles would not keep exactly.
                var style = NeedsDoubleQuotes(s) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
                e.Emit(new Scalar(null, null, s, style, true, true));
                break;
            case JsonValue v:
                e.Emit(new Scalar(null, null, v.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
            default:
                e.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
        }
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o[0-7_]+|[-+]?(\.[0-9]+|[0-9][0-9_,]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?)$")]
    private static partial Regex NonStringPlain();

    internal static bool NeedsDoubleQuotes(string s)
        => string.IsNullOrWhiteSpace(s) || NonStringPlain().IsMatch(s)
           || s.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF');
}
