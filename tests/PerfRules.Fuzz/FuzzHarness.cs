using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Reports.Office;

namespace PerfRules.Fuzz;

/// <summary>
/// Generates hostile inputs from the seeds and pushes them through decode → read → rules → every
/// report format, checking that nothing throws, every input gives a model and/or a reading
/// finding, and the JSON, SARIF, XML and xlsx outputs parse back. Shared by the CI-sized test
/// (tests/PerfRules.Tests/Properties/FuzzTests.cs) and the long run (tests/fuzz/run.sh).
/// </summary>
public sealed class FuzzHarness
{
    public const string Injection = "<script>alert('fuzz')</script>";

    private readonly Linter _linter;
    private readonly IReadOnlyList<byte[]> _seeds;

    public FuzzHarness(Linter linter, IReadOnlyList<byte[]> seeds)
    {
        _linter = linter; _seeds = seeds;
    }

    /// <summary>Every report format, the spreadsheet ones included.</summary>
    public static ReportFormats Reports { get; } = ReportFormats.Default().AddOffice();

    /// <summary>The random source of case <paramref name="i"/> of a fuzz run: the same in every process
    /// (HashCode.Combine is seeded per process, so a failing case could not be run again).</summary>
    public static Random CaseRandom(int seed, int i) => new(unchecked(seed * 1_000_003 + i));

    public static readonly string[] Kinds =
    {
        "random-bytes", "truncated", "shuffled-lines", "deleted-lines", "duplicated-lines", "invalid-utf8", "mixed-encodings",
        "nul-bytes", "whitespace", "yaml-deep-nesting", "yaml-alias-bomb", "yaml-wrong-types", "utf16-odd", "byte-flips",
        "markup-injection", "long-cells",
        "xlsx-zip-bomb", "xlsx-million-rows", "xlsx-wide-columns", "xlsx-shared-strings", "pdf-deep-nesting", "pdf-stream-bomb",
    };

    /// <summary>
    /// What the hostile-limit kinds must end as (<see cref="HostileFiles"/>): a limit finding (PR006),
    /// or for a zip whose headers lie about its sizes, a damaged file (PR001; the zip layer stops at
    /// the declared size). Each is read within its budgets: fast, and never more than
    /// <see cref="MaxAllocatedPerCase"/> allocated.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> LimitKinds = new Dictionary<string, string[]>
    {
        ["xlsx-zip-bomb"] = new[] { "PR006", "PR001" },
        ["xlsx-million-rows"] = new[] { "PR006" },
        ["xlsx-wide-columns"] = new[] { "PR006" },
        ["xlsx-shared-strings"] = new[] { "PR006" },
        ["pdf-deep-nesting"] = new[] { "PR006" },
        ["pdf-stream-bomb"] = new[] { "PR006" },
    };

    /// <summary>Bytes a hostile-limit case may allocate while it is read (its bombs claim gigabytes; about 40 MB were measured).</summary>
    public const long MaxAllocatedPerCase = 128L << 20;

    /// <summary>One generated input: its kind, a file name (the extension picks YAML for some), and its bytes.</summary>
    public (string Kind, string Name, byte[] Bytes) Generate(Random rng, string? only = null)
    {
        // The hostile-limit kinds (last in Kinds) a quarter as often as the others, the shared strings
        // (0.4 s to read 500,000 entries) a twelfth: they cost tens to hundreds of milliseconds each.
        // A run sure to see every kind names each once (`only`).
        var kind = only ?? Kinds[rng.Next(Kinds.Length)];
        if (only is null && LimitKinds.ContainsKey(kind) && rng.Next(kind == "xlsx-shared-strings" ? 12 : 4) != 0)
            kind = Kinds[rng.Next(Kinds.Length - LimitKinds.Count)];
        var seed = _seeds[rng.Next(_seeds.Count)];
        string Text() => Encoding.UTF8.GetString(seed);
        List<string> Lines() => Text().Split('\n').ToList();
        byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        switch (kind)
        {
            case "random-bytes":
            {
                var b = new byte[rng.Next(0, 4096)];
                rng.NextBytes(b);
                return (kind, "random.bin", b);
            }
            case "truncated":
                return (kind, "truncated.txt", seed[..rng.Next(seed.Length + 1)]);
            case "shuffled-lines":
                return (kind, "shuffled.txt", Utf8(string.Join("\n", Lines().OrderBy(_ => rng.Next()))));
            case "deleted-lines":
            {
                var lines = Lines();
                for (int i = rng.Next(1, Math.Max(2, lines.Count / 3)); i > 0 && lines.Count > 0; i--) lines.RemoveAt(rng.Next(lines.Count));
                return (kind, "deleted.txt", Utf8(string.Join("\n", lines)));
            }
            case "duplicated-lines":
            {
                var lines = Lines();
                for (int i = rng.Next(1, 20); i > 0; i--) lines.Insert(rng.Next(lines.Count + 1), lines[rng.Next(lines.Count)]);
                return (kind, "duplicated.txt", Utf8(string.Join("\n", lines)));
            }
            case "invalid-utf8":
            {
                var b = seed.ToArray();
                for (int i = rng.Next(1, 10); i > 0; i--) b[rng.Next(b.Length)] = (byte)rng.Next(0x80, 0x100);
                return (kind, "invalid.txt", b);
            }
            case "mixed-encodings":
            {
                var lines = Lines();
                var gb = PerfRules.Ingest.TextDecoder.Gb18030;
                var parts = lines.Select(l => rng.Next(3) == 0 ? gb.GetBytes(l + "\n") : Utf8(l + "\n"));
                return (kind, "mixed.txt", parts.SelectMany(x => x).ToArray());
            }
            case "nul-bytes":
            {
                var b = seed.ToList();
                for (int i = rng.Next(1, 50); i > 0; i--) b.Insert(rng.Next(b.Count + 1), 0);
                return (kind, "nul.txt", b.ToArray());
            }
            case "whitespace":
            {
                var ws = new[] { " ", "\t", "\n", "\r\n", "\r", "\u3000", "\u00A0", "\uFEFF" };
                var sb = new StringBuilder();
                for (int i = rng.Next(0, 2000); i > 0; i--) sb.Append(ws[rng.Next(ws.Length)]);
                return (kind, "blank.txt", Utf8(sb.ToString()));
            }
            case "yaml-deep-nesting":
            {
                int depth = rng.Next(50, 5000);
                var flow = rng.Next(2) == 0;
                var body = flow
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', Math.Min(i, 2000)) + "a:\n"));
                return (kind, "deep.yaml", Utf8("kind: projectTargets\ndepartment: 示例局\nunits: " + (flow ? body : "\n" + body)));
            }
            case "yaml-alias-bomb":
            {
                var sb = new StringBuilder("kind: projectTargets\ndepartment: 示例局\nx0: &a0 [\"lol\", \"lol\", \"lol\"]\n");
                int levels = rng.Next(5, 30);
                for (int i = 1; i <= levels; i++)
                    sb.Append($"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
                sb.Append($"units: [ {{ name: *a{levels}, projects: *a{levels} }} ]\n");
                return (kind, "bomb.yaml", Utf8(sb.ToString()));
            }
            case "yaml-wrong-types":
            {
                string[] values = { "[1, 2]", "{ a: b }", "~", "yes", "-1e400", "\"12\"", "0x1F", "!!binary AAAA", "*nope", "&x", "'", "2026-13-45", "[[[]]]" };
                string V() => values[rng.Next(values.Length)];
                var yaml = $"kind: {V()}\ndepartment: {V()}\nmoneyUnit: {V()}\ngrandTotal: {V()}\nunits:\n  - name: {V()}\n    amounts: {{ total: {V()}, sources: {V()} }}\n" +
                           $"    projects:\n      - name: {V()}\n        indicators:\n          - {{ seq: {V()}, level1: {V()}, name: {V()}, annual: {V()}, cycle: {V()} }}\n        amounts: {V()}\ndiagnostics: {V()}\n";
                return (kind, "types.yaml", Utf8(yaml));
            }
            case "utf16-odd":
            {
                var b = Encoding.Unicode.GetBytes(Text());
                var bom = rng.Next(2) == 0 ? new byte[] { 0xFF, 0xFE } : Array.Empty<byte>();
                return (kind, "utf16.txt", bom.Concat(b.Take(Math.Max(0, b.Length - 1 - rng.Next(3)))).ToArray());
            }
            case "byte-flips":
            {
                var b = seed.ToArray();
                for (int i = rng.Next(1, 200); i > 0; i--) b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                return (kind, "flipped.txt", b);
            }
            case "markup-injection":
            {
                var lines = Lines();
                var bad = new[] { Injection, "]]>&<\"'", "\u0001\u0002\u0008\u000B\u000C\u001F", "\uD800", "=cmd|' /C calc'!A0", "{{x}} {0} %s" };
                for (int i = rng.Next(1, 10); i > 0; i--)
                {
                    int k = rng.Next(lines.Count);
                    var l = lines[k];
                    int at = rng.Next(l.Length + 1);
                    lines[k] = l[..at] + bad[rng.Next(bad.Length)] + l[at..];
                }
                return (kind, "markup.txt", Utf8(string.Join("\n", lines)));
            }
            case "xlsx-zip-bomb":
                // 1–4 GB of spaces in about as many KB; honest headers, or headers that say it is small.
                return (kind, "bomb.xlsx", HostileFiles.XlsxBomb(rng.Next(1024, 4000), lie: rng.Next(2) == 0));
            case "xlsx-million-rows":
            {
                // Rows numbered up to the sheet's 1,048,576, a few or many, beyond the 100,000 read.
                var rows = Enumerable.Range(0, rng.Next(1, 200)).Select(_ => rng.Next(2, 1_048_577)).Append(rng.Next(100_001, 1_048_577)).Order();
                return (kind, "rows.xlsx", HostileFiles.XlsxSparseRows(rows));
            }
            case "xlsx-wide-columns":
                return (kind, "wide.xlsx", HostileFiles.XlsxWide(rng.Next(1, 4)));
            case "xlsx-shared-strings":
                return (kind, "strings.xlsx", HostileFiles.XlsxSharedStrings(rng.Next(1, 6)));
            case "pdf-deep-nesting":
                return (kind, "nested.pdf", HostileFiles.PdfNested(rng.Next(300, 100_000), dictionaries: rng.Next(2) == 0, inContent: rng.Next(2) == 0));
            case "pdf-stream-bomb":
            {
                var filter = (HostileFiles.StreamBomb)rng.Next(4);
                // Run-length writes 64 bytes per byte: at most ~8 MB of data stays under the file-size limit.
                int mb = filter == HostileFiles.StreamBomb.RunLength ? rng.Next(9, 500) : rng.Next(9, 4000);
                return (kind, "bomb.pdf", HostileFiles.PdfStreamBomb(filter, mb));
            }
            default: // long-cells
            {
                var lines = Lines();
                int k = rng.Next(lines.Count);
                lines[k] += new string('数', rng.Next(1000, 20000));
                return (kind, "long.txt", Utf8(string.Join("\n", lines)));
            }
        }
    }

    /// <summary>Checks one input (its documents); null when it holds up, else what went wrong.</summary>
    public string? CheckDocument(byte[] bytes, string name, out IReadOnlyList<DocumentResult> results, string? kind = null)
    {
        results = Array.Empty<DocumentResult>();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        try
        {
            results = _linter.Check(bytes, name);
        }
        catch (Exception e)
        {
            return $"check threw {e.GetType().Name}: {e.Message}";
        }
        allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        if (results.Count == 0) return "no document";
        if (kind is not null && LimitKinds.TryGetValue(kind, out var expected))
        {
            var got = results.SelectMany(r => r.Findings).Select(f => f.RuleId).ToHashSet();
            if (!expected.Any(got.Contains)) return $"no {string.Join(" or ", expected)} (findings: {string.Join(", ", got)})";
            if (allocated > MaxAllocatedPerCase) return $"allocated {allocated >> 20} MB while reading (at most {MaxAllocatedPerCase >> 20} MB)";
        }
        foreach (var result in results)
        {
            var doc = result.Submission;
            if (doc is null) return "no submission";
            var reading = doc.Diagnostics.Any(d => d.RuleId is "PR001" or "PR004" or "PR006");
            if (doc.Kind == SubmissionKind.Unknown && !reading) return "unknown document without PR001/PR004/PR006";
            if (result.Findings.FirstOrDefault(f => f.IsRuleFailure) is { } failed) return $"built-in rule failed: {failed.Message}";
        }
        return null;
    }

    /// <summary>Renders a report of several documents in every format and parses the structured ones back.</summary>
    public static string? CheckReports(LintReport report)
    {
        foreach (var name in Reports.Names)
        {
            var f = Reports.Find(name)!;
            try
            {
                if (f.IsBinary)
                {
                    var path = Path.Combine(Path.GetTempPath(), $"perfrules-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.{name}");
                    ReportFormats.WriteFile(f, report, path);
                    using (var book = SpreadsheetDocument.Open(path, false))
                        if (book.WorkbookPart?.Workbook is null) return $"{name}: no workbook";
                    File.Delete(path);
                    continue;
                }
                var text = ReportFormats.Render(f, report);
                switch (name)
                {
                    case "json":
                    case "sarif":
                        using (JsonDocument.Parse(text)) { }
                        break;
                    case "junit":
                        XDocument.Parse(text);
                        break;
                    case "html":
                        if (!text.TrimEnd().EndsWith("</html>", StringComparison.OrdinalIgnoreCase)) return "html: not closed";
                        if (text.Contains(Injection, StringComparison.Ordinal)) return "html: markup from the input is not escaped";
                        break;
                }
            }
            catch (Exception e)
            {
                return $"{name}: {e.GetType().Name}: {e.Message}";
            }
        }
        return null;
    }
}
