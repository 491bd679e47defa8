using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// 基线: findings accepted for now, by fingerprint. Fingerprints hash the rule, the file name, the
/// logical path and the evidence, never line numbers, so moving lines keeps them.
/// </summary>
public sealed class Baseline
{
    public const int FormatVersion = 1;
    public IReadOnlyList<BaselineEntry> Entries { get; }

    public Baseline(IEnumerable<BaselineEntry> entries) => Entries = entries.ToList();

    public static Baseline From(LintReport report) => new(EntriesOf(report));

    /// <summary>A run's findings as entries, one document at a time (a spilled report is read back as it goes).</summary>
    public static IEnumerable<BaselineEntry> EntriesOf(LintReport report) => report.Documents.SelectMany(d => d.Findings)
        .Select(f => new BaselineEntry(f.Fingerprint, f.RuleId, Path.GetFileName(f.File), f.Message));

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private sealed record FileShape(string Tool, int Version, string? RuleSet, List<BaselineEntry> Findings)
    {
        [JsonConstructor]
        public FileShape() : this("", 0, null, new List<BaselineEntry>()) { }
    }

    public string ToJson(string? ruleSet = null)
    {
        using var ms = new MemoryStream();
        Write(ms, Entries, ruleSet);
        return System.Text.Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
    }

    /// <summary>
    /// Writes a baseline file's JSON entry by entry, so a run of any size is never held as one
    /// string (a 20,000-document baseline peaked at 700 MB that way). Returns the number of entries.
    /// </summary>
    public static int Write(Stream output, IEnumerable<BaselineEntry> entries, string? ruleSet = null)
    {
        var n = 0;
        using (var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("tool", LintReport.ToolName);
            w.WriteNumber("version", FormatVersion);
            if (ruleSet is null) w.WriteNull("ruleSet");
            else w.WriteString("ruleSet", ruleSet);
            w.WriteStartArray("findings");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("fingerprint", e.Fingerprint);
                w.WriteString("ruleId", e.RuleId);
                w.WriteString("file", e.File);
                w.WriteString("message", e.Message);
                w.WriteEndObject();
                // Hand the bytes on now and then: the writer would otherwise buffer the whole file.
                if (++n % 256 == 0) w.Flush();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
        return n;
    }

    /// <summary>Reads a baseline file's text. Throws <see cref="FormatException"/> when it is not one.</summary>
    public static Baseline Parse(string json)
    {
        FileShape? shape;
        try { shape = JsonSerializer.Deserialize<FileShape>(json, Json); }
        catch (JsonException e) { throw NotJson(e); }
        return FromShape(shape);
    }

    // Where, in Chinese; System.Text.Json's own English stays in the inner exception.
    private static FormatException NotJson(JsonException e) =>
        new(e.LineNumber is { } line ? $"基线文件不是有效的 JSON（第 {line + 1} 行附近）" : "基线文件不是有效的 JSON", e);

    private static Baseline FromShape(FileShape? shape)
    {
        if (shape is null || shape.Findings is null || shape.Findings.Any(f => string.IsNullOrEmpty(f?.Fingerprint)))
            throw new FormatException("基线文件缺少 findings 或其中的 fingerprint");
        return new Baseline(shape.Findings);
    }

    /// <summary>Reads a baseline file from its stream (never the whole text at once). Throws <see cref="FormatException"/> when it is not one.</summary>
    public static Baseline Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        FileShape? shape;
        try { shape = JsonSerializer.Deserialize<FileShape>(stream, Json); }
        catch (JsonException e) { throw NotJson(e); }
        return FromShape(shape);
    }

    /// <summary>
    /// Hides the findings the baseline holds. An entry is stale when its file was checked in this
    /// run and the finding no longer occurs; entries for files not in the run are left alone.
    /// </summary>
    public LintReport Apply(LintReport report, string source = "")
    {
        var known = Entries.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checkedFiles = new HashSet<string>(StringComparer.Ordinal);
        // One pass for the counts; each document's findings are filtered again when a report asks for it
        // (a spilled batch stays on disk: only a count per document is kept).
        var hiddenIn = new int[report.Documents.Count];
        var suppressed = 0;
        var k = 0;
        foreach (var d in report.Documents)
        {
            checkedFiles.Add(Path.GetFileName(d.File));
            foreach (var f in d.Findings)
                if (known.Contains(f.Fingerprint)) { seen.Add(f.Fingerprint); suppressed++; hiddenIn[k]++; }
            k++;
        }
        var docs = new DerivedDocuments(report.Documents, (i, d) => hiddenIn[i] == 0 ? d
            : d.WithFindings(new DerivedFindings(d.Findings, d.Findings.Count - hiddenIn[i], all => all.Where(f => !known.Contains(f.Fingerprint)))));
        var stale = Entries.Where(e => !seen.Contains(e.Fingerprint) && checkedFiles.Contains(e.File)).ToList();
        return new LintReport
        {
            RuleSet = report.RuleSet, Documents = docs, IsAudit = report.IsAudit, Jobs = report.Jobs, OmittedFindings = report.OmittedFindings,
            Baseline = new BaselineOutcome(source, suppressed, stale),
        };
    }
}
