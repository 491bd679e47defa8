using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>SARIF 2.1.0, as GitHub code scanning reads it.</summary>
public sealed class SarifFormatter : IReportFormatter
{
    public string Name => "sarif";
    public string Extension => "sarif";

    /// <summary>Artifact URIs are made relative to this folder (the working directory by default).</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

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
    /// Writes the log as it goes, a window of documents at a time (<see cref="ParallelJsonItems"/>: a
    /// spilled batch is read back and rendered on every core), handing the bytes on in slices of at
    /// most <see cref="JsonFormatter.FlushBytes"/>: one SARIF document whose size does not weigh on memory.
    /// </summary>
    public void Write(LintReport report, Stream output)
    {
        var rules = report.RuleSet.Rules;
        var byId = new RuleIndex(rules.Select(r => r.Id).ToArray());
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();

            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", LintReport.ToolName);
            w.WriteString("version", LintReport.ToolVersion);
            w.WriteString("semanticVersion", LintReport.ToolVersion);
            w.WriteString("informationUri", "https://example.invalid/perfrules");
            w.WriteStartArray("rules");
            foreach (var r in rules)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteStartObject("shortDescription");
                w.WriteString("text", r.Title);
                w.WriteEndObject();
                w.WriteStartObject("fullDescription");
                w.WriteString("text", r.Basis is { Length: > 0 } b ? $"{r.Title}。{b}" : r.Title);
                w.WriteEndObject();
                w.WriteStartObject("help");
                w.WriteString("text", $"{r.Title}\n依据：{r.Basis ?? "（未说明）"}\n作用范围：{r.Scope.Name()}；默认级别：{r.Severity.Name()}"
                    + (RuleDocs.FixText(r) is { } fix ? $"\n修改建议：{fix}" : ""));
                w.WriteEndObject();
                w.WriteStartObject("defaultConfiguration");
                w.WriteString("level", Level(r.Severity));
                w.WriteBoolean("enabled", r.Severity != Severity.Off);
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteStartArray("tags");
                foreach (var t in r.Tags) w.WriteStringValue(t);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("results");
            ParallelJsonItems.Write(w, output, Options, report.Documents, report.Jobs, (x, doc) =>
            {
                if (doc.Findings.Count == 0) return;
                // Encoded once: every result names the document once or twice.
                var uri = JsonEncodedText.Encode(ArtifactUri(doc.InputPath), Options.Encoder);
                ReportFindings.Each(doc, (ref FindingView f) => WriteResult(x, doc, uri, ref f, byId));
            });
            w.WriteEndArray();

            w.WriteStartObject("properties");
            w.WriteString("ruleSet", report.RuleSet.Name);
            w.WriteString("ruleSetVersion", report.RuleSet.Version);
            w.WriteEndObject();

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>A sample result rendered and dropped, and a spilled one (<see cref="ReportWarmup"/>): the code a report runs, compiled.</summary>
    public void Prepare()
    {
        var x = new JsonItemWriter(Options);
        x.Reset(4);
        var doc = ReportWarmup.Document;
        var index = new RuleIndex([doc.Findings[0].RuleId]);
        var uri = JsonEncodedText.Encode(ArtifactUri(doc.InputPath), Options.Encoder);
        var view = FindingView.Of(doc.Findings[0]);
        WriteResult(x, doc, uri, ref view, index);
        ReportWarmup.ReadSpilled((ref FindingView f) => WriteResult(x, doc, uri, ref f, index));
    }

    /// <param name="uri">The document's artifact URI (<see cref="ArtifactUri"/>), worked out once per document.</param>
    /// <remarks>
    /// The runs of names, brackets and fixed values between a result's values are written once per writer and then
    /// copied (<see cref="JsonItemWriter.Keep"/>; those with the URI once per document): the same bytes as the calls,
    /// which were about a fifth of the renderers' time, a call and a bounds check for every bracket and name.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // as JsonItemWriter's: it runs once per finding, at the end of a process
    private static void WriteResult(JsonItemWriter w, DocumentResult doc, JsonEncodedText uri, ref FindingView f, RuleIndex index)
    {
        if (index.TryGetValue(f.RuleId, out var i))
        {
            // The rule's id, place and level, and the message's name: the same for every result of a rule at a level.
            var id = R.Rules + i * 4 + LevelIndex(f.Severity);
            if (!w.Replay(id))
            {
                w.WriteStartObject();
                w.WriteString(N.RuleId, f.RuleId);
                w.WriteNumber(N.RuleIndex, i);
                w.WriteString(N.Level, LevelText(f.Severity));
                w.WriteStartObject(N.Message);
                w.WritePropertyName(N.Text);
                w.Keep();
            }
        }
        else
        {
            w.WriteStartObject();
            w.WriteString(N.RuleId, f.RuleId);
            w.WriteString(N.Level, LevelText(f.Severity));
            w.WriteStartObject(N.Message);
            w.WritePropertyName(N.Text);
        }
        // The message, then the fix, as one string value: the bytes of the joined string, without making it.
        if (f.Fix.Length > 0) w.WriteStringValue(f.Message, FixLead, f.Fix);
        else w.WriteStringValue(f.Message);

        // A workbook's region is its cells (row, column number), a CSV record's its line of the file;
        // a PDF's or Word document's is the line of its text as rebuilt (a table row is one line).
        var own = doc.FileRegion(f.Span);
        var snippet = doc.Snippet(f.Span);
        var region = own ?? f.Span;
        if (!w.Replay(R.Location, doc))
        {
            w.WriteEndObject();
            w.WriteStartArray(N.Locations);
            w.WriteStartObject();
            OpenRegion(w, uri);
            w.Keep();
        }
        w.WriteNumberValue(Math.Max(1, region?.StartLine ?? 1));
        if (region is null || region.StartColumn > 0) w.WriteNumber(N.StartColumn, Math.Max(1, region?.StartColumn ?? 1));
        w.WriteNumber(N.EndLine, Math.Max(Math.Max(1, region?.StartLine ?? 1), region?.EndLine ?? 1));
        // SARIF's endColumn is exclusive; spans are inclusive. Column 0: whole lines.
        if (region is null || region.StartColumn > 0) w.WriteNumber(N.EndColumn, Math.Max(2, (region?.EndColumn ?? 1) + 1));
        // The snippet is the region's text: only when the region is on the text (else the row read is a property).
        var quoted = own is null && snippet is not null;
        if (quoted)
        {
            if (!w.Replay(R.Snippet))
            {
                w.WriteStartObject(N.Snippet);
                w.WritePropertyName(N.Text);
                w.Keep();
            }
            w.WriteStringValue(snippet);
        }
        // Whether the object is an indicator, a project or another row: the logical location's kind and the related one's text.
        var kind = f.IndicatorSeq is not null ? 0 : f.HasProject ? 1 : 2;
        var logical = f.Path.Length > 0;
        var closed = R.RegionEnd + (quoted ? 1 : 0) + (logical ? 2 : 0);
        if (!w.Replay(closed))
        {
            if (quoted) w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            if (logical)
            {
                w.WriteStartArray(N.LogicalLocations);
                w.WriteStartObject();
                w.WritePropertyName(N.FullyQualifiedName);
            }
            else
            {
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.Keep();
        }
        if (logical)
        {
            w.WriteStringValue(f.Path);
            if (!w.Replay(R.LogicalEnd + kind))
            {
                w.WriteString(N.Kind, kind == 0 ? N.Member : kind == 1 ? N.Type : N.Namespace);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.Keep();
            }
        }

        if (f.Related is { } r)
        {
            // The whole object (indicator, row, project) the location is a part of.
            if (!w.Replay(R.Related, doc))
            {
                w.WriteStartArray(N.RelatedLocations);
                w.WriteStartObject();
                w.WriteNumber(N.Id, 1);
                OpenRegion(w, uri);
                w.Keep();
            }
            w.WriteNumberValue(Math.Max(1, r.StartLine));
            w.WriteNumber(N.StartColumn, Math.Max(1, r.StartColumn));
            w.WriteNumber(N.EndLine, Math.Max(1, r.EndLine));
            w.WriteNumber(N.EndColumn, Math.Max(2, r.EndColumn + 1));
            if (!w.Replay(R.RelatedEnd + kind))
            {
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject(N.Message);
                w.WriteString(N.Text, kind == 0 ? N.InIndicator : kind == 1 ? N.InProject : N.InRow);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartObject(N.PartialFingerprints);
                w.WritePropertyName(N.PrimaryLocationLineHash);
                w.Keep();
            }
        }
        else if (!w.Replay(R.Fingerprints))
        {
            w.WriteStartObject(N.PartialFingerprints);
            w.WritePropertyName(N.PrimaryLocationLineHash);
            w.Keep();
        }
        w.WriteStringValue(LineHash(f.RuleId, f.Path, snippet));
        w.WriteString(N.Fingerprint, f.Fingerprint);
        if (!w.Replay(R.Properties))
        {
            w.WriteEndObject();
            w.WriteStartObject(N.Properties);
            w.Keep();
        }
        // The place as text reports write it (项目表!C12, p3:12:5) and as properties (sheet, cell, range; page…).
        if (doc.Place(f.Span) is { } place)
        {
            w.WriteString(N.Place, place);
            foreach (var (name, value) in doc.PlaceProperties(f.Span)) w.WriteString(name, value);
            if (own is not null && snippet is not null) w.WriteString(N.RowText, snippet);
        }
        if (doc.InputPath != doc.File) w.WriteString(N.Document, doc.File);
        if (f.HasDepartment) w.WriteString(N.Department, f.Department);
        if (f.HasUnit) w.WriteString(N.Unit, f.Unit);
        if (f.HasProject) w.WriteString(N.Project, f.Project);
        if (f.IndicatorSeq is { } n) w.WriteNumber(N.Indicator, n);
        if (f.EvidenceCount > 0)
        {
            w.WriteStartObject(N.Evidence);
            while (f.NextEvidence(out var name, out var value)) w.WriteString(name, value);
            w.WriteEndObject();
        }
        if (!w.Replay(R.End))
        {
            w.WriteEndObject();
            w.WriteEndObject();
            w.Keep();
        }
    }

    /// <summary>The ids of a result's runs kept by the item writer (<see cref="JsonItemWriter.Keep"/>): each stands for one sequence of calls.</summary>
    private static class R
    {
        public const int Location = 0, Snippet = 1, RegionEnd = 2, // RegionEnd to RegionEnd + 3: with or without a snippet, a logical location
            LogicalEnd = 6, Related = 9, RelatedEnd = 10, Fingerprints = 13, Properties = 14, End = 15, // LogicalEnd, RelatedEnd: + the kind (0 to 2)
            Rules = 16; // + the rule's place * 4 + its level
    }

    private static int LevelIndex(Severity s) => s switch
    {
        Severity.Error => 3,
        Severity.Warning => 2,
        Severity.Info => 1,
        _ => 0,
    };

    private const string FixLead = "\n修改建议：";

    /// <summary>
    /// A rule's place in the log's rules by its id as characters (a finding read in place has no string). Not a
    /// dictionary's span lookup: that generic is not precompiled and ran unoptimised (tier 0) for every result.
    /// </summary>
    private sealed class RuleIndex
    {
        private readonly string[] _ids;
        // Open addressing: a slot holds a rule's place + 1 (0: empty); at most half full.
        private readonly int[] _slots;

        public RuleIndex(string[] ids)
        {
            _ids = ids;
            _slots = new int[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)ids.Length * 2))];
            for (var i = 0; i < ids.Length; i++)
            {
                if (TryGetValue(ids[i], out _)) throw new ArgumentException($"规则编号重复：{ids[i]}"); // as the dictionary it replaces
                var s = Slot(ids[i]);
                while (_slots[s] != 0) s = (s + 1) & (_slots.Length - 1);
                _slots[s] = i + 1;
            }
        }

        private int Slot(ReadOnlySpan<char> id) => string.GetHashCode(id) & (_slots.Length - 1);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryGetValue(ReadOnlySpan<char> id, out int index)
        {
            for (var s = Slot(id); _slots[s] != 0; s = (s + 1) & (_slots.Length - 1))
                if (id.SequenceEqual(_ids[_slots[s] - 1])) { index = _slots[s] - 1; return true; }
            index = -1;
            return false;
        }
    }

    /// <summary>The names and fixed values of a result, encoded once (a report writes them for every finding).</summary>
    private static class N
    {
        public static readonly JsonEncodedText ArtifactLocation = E("artifactLocation");
        public static readonly JsonEncodedText Department = E("department");
        public static readonly JsonEncodedText Document = E("document");
        public static readonly JsonEncodedText EndColumn = E("endColumn");
        public static readonly JsonEncodedText EndLine = E("endLine");
        public static readonly JsonEncodedText Evidence = E("evidence");
        public static readonly JsonEncodedText FullyQualifiedName = E("fullyQualifiedName");
        public static readonly JsonEncodedText Id = E("id");
        public static readonly JsonEncodedText Indicator = E("indicator");
        public static readonly JsonEncodedText Kind = E("kind");
        public static readonly JsonEncodedText Level = E("level");
        public static readonly JsonEncodedText Locations = E("locations");
        public static readonly JsonEncodedText LogicalLocations = E("logicalLocations");
        public static readonly JsonEncodedText Message = E("message");
        public static readonly JsonEncodedText PartialFingerprints = E("partialFingerprints");
        public static readonly JsonEncodedText Fingerprint = E("perfrulesFingerprint/v1");
        public static readonly JsonEncodedText PhysicalLocation = E("physicalLocation");
        public static readonly JsonEncodedText Place = E("place");
        public static readonly JsonEncodedText PrimaryLocationLineHash = E("primaryLocationLineHash");
        public static readonly JsonEncodedText Project = E("project");
        public static readonly JsonEncodedText Properties = E("properties");
        public static readonly JsonEncodedText Region = E("region");
        public static readonly JsonEncodedText RelatedLocations = E("relatedLocations");
        public static readonly JsonEncodedText RowText = E("rowText");
        public static readonly JsonEncodedText RuleId = E("ruleId");
        public static readonly JsonEncodedText RuleIndex = E("ruleIndex");
        public static readonly JsonEncodedText Snippet = E("snippet");
        public static readonly JsonEncodedText StartColumn = E("startColumn");
        public static readonly JsonEncodedText StartLine = E("startLine");
        public static readonly JsonEncodedText Text = E("text");
        public static readonly JsonEncodedText Unit = E("unit");
        public static readonly JsonEncodedText Uri = E("uri");
        public static readonly JsonEncodedText Member = E("member"), Type = E("type"), Namespace = E("namespace");
        public static readonly JsonEncodedText InIndicator = E("所在的指标"), InProject = E("所在的项目"), InRow = E("所在的行或单元格");
        public static readonly JsonEncodedText[] Levels = [E(SarifFormatter.Level(Severity.Off)), E(SarifFormatter.Level(Severity.Info)), E(SarifFormatter.Level(Severity.Warning)), E(SarifFormatter.Level(Severity.Error))];

        // The writer's own encoder: the same bytes as writing the text through it.
        private static JsonEncodedText E(string text) => JsonEncodedText.Encode(text, Options.Encoder);
    }

    // A location's and a related location's physical part up to its start line's value (both kept as runs per document).
    private static void OpenRegion(JsonItemWriter w, JsonEncodedText uri)
    {
        w.WriteStartObject(N.PhysicalLocation);
        w.WriteStartObject(N.ArtifactLocation);
        w.WriteString(N.Uri, uri);
        w.WriteEndObject();
        w.WriteStartObject(N.Region);
        w.WritePropertyName(N.StartLine);
    }

    private static JsonEncodedText LevelText(Severity s) => s switch
    {
        Severity.Error => N.Levels[3],
        Severity.Warning => N.Levels[2],
        Severity.Info => N.Levels[1],
        _ => N.Levels[0],
    };

    public static string Level(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "note",
        _ => "none",
    };

    /// <summary>A relative URI for a file under the base folder, else a file:// URI (<see cref="PathToUri"/>).</summary>
    public string ArtifactUri(string file)
    {
        var full = Path.GetFullPath(file);
        var rel = Path.GetRelativePath(BaseDirectory, full);
        var outside = Path.IsPathRooted(rel) || rel == ".."
            || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || rel.StartsWith(".." + Path.AltDirectorySeparatorChar, StringComparison.Ordinal);
        return PathToUri(outside ? full : rel, OperatingSystem.IsWindows());
    }

    /// <summary>
    /// A path as a URI: a relative path as a relative reference, an absolute one as a file URI
    /// (RFC 8089: <c>file:///C:/…</c> for a drive, <c>file://server/share/…</c> for a UNC path,
    /// <c>file:///home/…</c> on Unix). Every segment is percent-encoded as UTF-8 (spaces, #, %,
    /// Chinese names); on Windows a backslash separates segments, elsewhere it is part of a name.
    /// </summary>
    internal static string PathToUri(string path, bool windows)
    {
        static string Segments(string p) => string.Join("/", p.Split('/').Select(Uri.EscapeDataString));
        var p = windows ? path.Replace('\\', '/') : path;
        if (windows && p.StartsWith("//", StringComparison.Ordinal))
        {
            var rest = p[2..];
            var slash = rest.IndexOf('/');
            return slash < 0 ? "file://" + Uri.EscapeDataString(rest) + "/"
                : "file://" + Uri.EscapeDataString(rest[..slash]) + "/" + Segments(rest[(slash + 1)..]);
        }
        if (windows && p.Length >= 2 && char.IsAsciiLetter(p[0]) && p[1] == ':')
            return "file:///" + p[..2] + "/" + Segments(p[2..].TrimStart('/'));
        if (p.StartsWith('/')) return "file://" + Segments(p);
        return Segments(p);
    }

    /// <summary>Like GitHub's: a hash of the rule and the line's text (not its number), with an occurrence.</summary>
    internal static string LineHash(ReadOnlySpan<char> ruleId, ReadOnlySpan<char> path, string? line)
    {
        // SHA-256 of UTF-8 "rule\ntext", the first 8 bytes in lower-case hex, then ":1"; one pooled buffer, no concatenation.
        var text = line is null ? path : line.AsSpan().Trim();
        var max = Encoding.UTF8.GetMaxByteCount(ruleId.Length + 1 + text.Length);
        var rented = max <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        Span<byte> bytes = rented ?? stackalloc byte[max]; // only what is needed: stack memory is cleared before use
        var n = Encoding.UTF8.GetBytes(ruleId, bytes);
        bytes[n++] = (byte)'\n';
        n += Encoding.UTF8.GetBytes(text, bytes[n..]);
        Span<byte> hash = stackalloc byte[32];
        ThreadSha256.Hash(bytes[..n], hash);
        if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        Span<char> chars = stackalloc char[18];
        Convert.TryToHexStringLower(hash[..8], chars, out _);
        chars[16] = ':';
        chars[17] = '1';
        return new string(chars);
    }
}
