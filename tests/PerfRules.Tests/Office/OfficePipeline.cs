using System.Globalization;
using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Office;
using PerfRules.Rules;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Office;

/// <summary>
/// Reading as the hosts read (<see cref="TestFormats"/>: SubmissionReader with every opener
/// registered): the most certain opener opens the bytes, the layout readers read each document; a
/// file no opener claims is text. Problems of the file as a whole go with its first document.
/// </summary>
public static class OfficePipeline
{
    /// <summary>The format that reads these bytes as the hosts read them: xlsx, docx, ole, csv, or text.</summary>
    public static string FormatOf(byte[] bytes, string path) => TestFormats.Reader().Read(bytes, path).Format;

    /// <summary>What the opener that claims these bytes makes of them (the texts before the layout readers); null for plain text.</summary>
    public static OpenedFile? Open(byte[] bytes, string path, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        var head = bytes[..Math.Min(bytes.Length, SubmissionReader.ProbeBytes)];
        if (OfficeOpeners.All().MaxBy(o => o.Probe(head, path)) is { } opener && opener.Probe(head, path) > 0)
            return opener.Open(bytes, path, options);
        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(path, text, encoding);
        var csv = new CsvOpener();
        return csv.Probe(source) > 0 ? csv.Open(source, options) : null;
    }

    public static List<Submission> Read(byte[] bytes, string path, ReadOptions? options = null) =>
        TestFormats.Reader(options).Read(bytes, path).Documents.Select(d => d.Submission).ToList();

    public static Submission ReadOne(string fixture, ReadOptions? options = null)
    {
        var docs = Read(OfficeFixtures.Bytes(fixture), OfficeFixtures.PathOf(fixture), options);
        docs.Count.ShouldBe(1, $"{fixture} should hold one table");
        return docs[0];
    }

    public static IReadOnlyList<Finding> Findings(Submission s) => RuleTestSupport.Builtin.Evaluate(s);

    /// <summary>Findings as compared across layouts: rule, severity, logical path and message (places differ).</summary>
    public static List<string> ByRuleAndProject(IEnumerable<Finding> findings)
        => findings.Select(f => $"{f.RuleId} {f.Severity} {f.Path} | {f.Message}").Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// A model's content without places: names, amounts (总计 and the source figures in column order,
/// whether or not the text said their column), codes and values. Two layouts of one table give the
/// same text; spans, furniture and the layout name are left out.
/// </summary>
public static class OfficeModel
{
    public static string Content(Submission s)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{s.Kind} {s.Department} {s.MoneyUnit} [{string.Join(",", s.Columns)}]");
        if (s.GrandTotal is { } g) sb.AppendLine($"{g.Name} {Amounts(g.Amounts)}");
        foreach (var u in s.Units)
        {
            sb.AppendLine($"unit {u.Name} {Amounts(u.Amounts)} implicit={u.Implicit}");
            foreach (var p in u.Projects)
            {
                sb.AppendLine($"  project {p.Name} {Amounts(p.Amounts)}");
                sb.AppendLine($"    goal {p.Goal}");
                foreach (var i in p.Indicators) sb.AppendLine("    " + Indicator(i));
            }
        }
        if (s.Overall is { } o)
        {
            foreach (var (label, list) in new[] { ("expenditure", o.Expenditure), ("income", o.Income), ("development", o.Development), ("levels", o.BudgetLevels) })
                foreach (var a in list) sb.AppendLine($"{label} {a.Name} {Number(a.Value)}");
            sb.AppendLine($"goals {o.Goals}");
            foreach (var t in o.KeyTasks) sb.AppendLine($"task {t.Name} | {t.Content} | {Number(t.Funds)} | {t.Outcome}");
            sb.AppendLine($"other {o.OtherTasks}");
            foreach (var i in o.Indicators) sb.AppendLine(Indicator(i));
            foreach (var c in o.EmptyCategories) sb.AppendLine($"empty {c.Level1} {c.Level2}");
        }
        foreach (var d in s.Diagnostics) sb.AppendLine($"diagnostic {d.RuleId}");
        return sb.ToString();
    }

    private static string Number(decimal? d) => d is { } v ? NumberNormalize(v) : "-";

    private static string NumberNormalize(decimal v) => (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Amounts(Amounts a)
    {
        var figures = a.Sources.Select(x => x.Value).Concat(a.Unplaced).Select(NumberNormalize);
        return $"{Number(a.Total)} [{string.Join(",", figures)}] decimals={a.Decimals}";
    }

    private static string Indicator(Indicator i) =>
        $"{i.Seq} {i.Level1} {i.Level2} {i.Name} | {Value(i.Cycle)} | {Value(i.Annual)}";

    private static string Value(TargetValue v) =>
        $"{v.Text} ({v.Kind} {v.Comparator} {(v.Number is { } n ? NumberNormalize(n) : "")} {v.Unit} {v.Reason})";
}
