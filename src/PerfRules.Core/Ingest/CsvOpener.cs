using System.Text;
using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// CSV as Excel and WPS save it: GB18030/GBK (「CSV（逗号分隔）」 on Chinese Windows) or UTF-8 with BOM
/// (「CSV UTF-8」), comma-separated (semicolon where the locale uses it, or a `sep=` first line), quoted
/// cells that may hold commas, quotes and line breaks. Each record becomes one line of cells joined by
/// tabs, which the table readers read like a worksheet; places are written C12 (record 12, column C).
/// Lives in Core: it needs nothing but the text the reader decoded, so every host reads CSV.
/// </summary>
public sealed class CsvOpener : ITextOpener
{
    public string Format => "csv";

    public int Probe(SourceText text)
    {
        if (BinarySignature(text.Text)) return 0;
        bool csvName = Path.GetExtension(text.Path).Equals(".csv", StringComparison.OrdinalIgnoreCase);
        // Without a .csv name only a CSV-shaped head scores (below), and its first record has at
        // least three fields: a head with fewer than two separators is not parsed.
        if (!csvName && !MayBeShaped(text.Text)) return 0;
        bool shaped = LooksLikeCsv(text.Text, out bool tabbed);
        if (tabbed) return 0;          // tab-separated text: the text readers read it as it is
        if (shaped) return csvName ? 90 : 50;
        return csvName ? 60 : 0;
    }

    /// <summary>Zip and PDF files are never CSV, whatever their name (they reach here as text when no opener of theirs is registered).</summary>
    private static bool BinarySignature(string text)
        => text.StartsWith("PK\u0003\u0004", StringComparison.Ordinal) || text.StartsWith("%PDF", StringComparison.Ordinal);

    /// <summary>Whether the head LooksLikeCsv reads holds two of its separator (fewer: no record has three fields).</summary>
    private static bool MayBeShaped(string text)
    {
        var probe = text.AsSpan(0, Math.Min(text.Length, 16384));
        char sep = Separator(probe, out int skip);
        return probe[skip..].Count(sep) >= 2;
    }

    /// <summary>
    /// Excel pads every record to the width of the used range, so the first records have the same
    /// number of fields (at least three). Prose and the inline layout never do.
    /// </summary>
    private static bool LooksLikeCsv(string text, out bool tabbed)
    {
        tabbed = false;
        // The head read in place: a copy of it was 32 KB for a large document.
        var probe = text.AsSpan(0, Math.Min(text.Length, 16384));
        char sep = Separator(probe, out int skip);
        var records = Parse(probe[skip..], sep, maxRecords: 8, out _).Where(r => r.Fields.Count > 1 || r.Fields[0].Length > 0).ToList();
        // The last record of a cut-off head may be incomplete.
        if (records.Count > 1 && probe.Length < text.Length) records.RemoveAt(records.Count - 1);
        // Tab-separated text (seeds 001, 002) has more tabs than separators; a saved CSV the reverse.
        int tabs = 0, seps = 0;
        foreach (var r in records)
        {
            seps += r.Fields.Count - 1;
            foreach (var f in r.Fields) tabs += f.AsSpan().Count('\t');
        }
        if (tabs > seps) { tabbed = true; return false; }
        return records.Count >= 2 && records[0].Fields.Count >= 3 && records.All(r => r.Fields.Count == records[0].Fields.Count);
    }

    public OpenedFile Open(SourceText text, ReadOptions options) => Open(text.Text, text.Path, text.EncodingName, GridLimits.For(options));

    internal static OpenedFile Open(string text, string path, string encoding, GridLimits limits)
    {
        var grid = new GridBuilder(GridKind.Csv, limits);
        int g = grid.AddGrid("");
        char sep = Separator(text, out int skip);
        var records = Parse(text.AsSpan(skip), sep, int.MaxValue, out bool unclosed);
        int firstLine = skip > 0 ? 2 : 1;
        int rows = 0;
        bool wide = false;
        foreach (var record in records)
        {
            rows++;
            var place = new LinePlace(g, rows, 1, record.Line + firstLine - 1);
            if (rows > limits.MaxRows)
            {
                grid.Problem("PR006", $"CSV 文件超过 {limits.MaxRows} 行，第 {rows} 行（文件第 {place.FileLine} 行）及以后未读取");
                break;
            }
            var fields = record.Fields;
            if (fields.Count > limits.MaxColumns)
            {
                if (!wide)
                    grid.Problem("PR006", $"CSV 文件第 {rows} 行有 {fields.Count} 列，超过上限 {limits.MaxColumns} 列，超出的列未读取");
                wide = true;
                fields = fields.Take(limits.MaxColumns).ToList();
            }
            // Excel pads records with empty fields: trailing empty cells are not part of the row.
            int last = fields.Count;
            while (last > 0 && string.IsNullOrWhiteSpace(fields[last - 1])) last--;
            var cells = new string[last];
            for (int i = 0; i < last; i++) cells[i] = GridBuilder.CellText(fields[i]);
            if (!grid.AddLine(place, cells)) break;
        }
        if (unclosed && !grid.Full)
            grid.Problem("PR002", $"CSV 文件第 {records.Count} 行的引号没有闭合，该行之后的内容都被当作同一个单元格", grid.LineCount);
        return new OpenedFile(new[] { grid.Build(path, encoding) }, Array.Empty<Diagnostic>());
    }

    /// <summary>The separator: a `sep=;` first line says it; else a comma unless the first line has only semicolons.</summary>
    private static char Separator(ReadOnlySpan<char> text, out int skip)
    {
        skip = 0;
        int end = text.IndexOfAny('\r', '\n');
        var first = end < 0 ? text : text[..end];
        if (first.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && first.Length == 5)
        {
            skip = end < 0 ? text.Length : end + (end + 1 < text.Length && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
            return first[4];
        }
        return !first.Contains(',') && first.Contains(';') ? ';' : ',';
    }

    internal sealed record Record(int Line, List<string> Fields);

    /// <summary>RFC 4180 records: quoted fields may hold separators, doubled quotes and line breaks.</summary>
    internal static List<Record> Parse(ReadOnlySpan<char> text, char sep, int maxRecords, out bool unclosedQuote)
    {
        var records = new List<Record>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool quoted = false, any = false;
        unclosedQuote = false;
        int i = 0;
        for (; i < text.Length && records.Count < maxRecords; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.Length && text[i + 1] == '\n'))) line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; any = true; continue; }
            if (c == sep) { fields.Add(field.ToString()); field.Clear(); any = true; continue; }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString());
                field.Clear();
                records.Add(new Record(recordLine, fields));
                fields = new List<string>();
                any = false;
                line++;
                recordLine = line;
                continue;
            }
            field.Append(c);
            any = true;
        }
        if (quoted) unclosedQuote = true;
        if ((any || field.Length > 0 || fields.Count > 0) && records.Count < maxRecords)
        {
            fields.Add(field.ToString());
            records.Add(new Record(recordLine, fields));
        }
        return records;
    }
}
