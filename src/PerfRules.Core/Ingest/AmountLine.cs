using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// A line of the inline layout that ends in amounts: `    会展业务费 220.00 220.00`, or the
/// amounts alone (`25.00 25.00`) after a wrapped name.
/// </summary>
internal sealed class AmountLine
{
    public string Name { get; init; } = "";
    /// <summary>Leading white space: the inline layout indents projects under their unit.</summary>
    public int Indent { get; init; }
    public List<decimal> Figures { get; init; } = new();
    public int Decimals { get; init; }
    public int NameEndColumn { get; init; }

    public bool AmountsOnly => Name.Length == 0;

    public static AmountLine? TryRead(string line)
    {
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) return null;
        var figures = new List<decimal>();
        int decimals = 0;
        int k = tokens.Length - 1;
        for (; k >= 0; k--)
        {
            // Amounts are printed to the fen (两位小数); 1.4 or a bare integer ending a line is wrapped text.
            if (!NumberText.TryParseAmount(tokens[k], out var v, out var d) || d < 2) break;
            figures.Insert(0, v);
            decimals = Math.Max(decimals, d);
        }
        if (figures.Count == 0) return null;
        // The name part: everything before the first amount token.
        int cut = line.Length;
        int found = 0;
        for (int i = line.Length; i > 0 && found < figures.Count;)
        {
            int e = i;
            while (e > 0 && char.IsWhiteSpace(line[e - 1])) e--;
            int s = e;
            while (s > 0 && !char.IsWhiteSpace(line[s - 1])) s--;
            cut = s; i = s; found++;
        }
        var name = line[..cut].Trim();
        // Text with clause punctuation is prose or indicator text, never a row name.
        if (name.IndexOfAny(new[] { '；', ';', '。', ':', '：' }) >= 0 || name.Contains("指标值", StringComparison.Ordinal)) return null;
        int indent = 0;
        while (indent < line.Length && char.IsWhiteSpace(line[indent])) indent++;
        return new AmountLine
        {
            Name = NameText.Clean(name),
            Indent = indent,
            Figures = figures,
            Decimals = decimals,
            NameEndColumn = cut,
        };
    }

    /// <summary>
    /// 总计 then the source figures. Empty columns vanish from the inline layout, so a source
    /// figure's column is known only when every source column of the heading has a figure.
    /// </summary>
    public Amounts ToAmounts(IReadOnlyList<string> columns)
    {
        var amounts = new Amounts { Total = Figures[0], Decimals = Decimals };
        var sources = Figures.Skip(1).ToList();
        var sourceColumns = columns.Skip(1).ToList();
        if (sources.Count > 0 && sources.Count == sourceColumns.Count)
            for (int i = 0; i < sources.Count; i++) amounts.Sources.Add(new ColumnAmount(sourceColumns[i], sources[i]));
        else
            amounts.Unplaced.AddRange(sources);
        return amounts;
    }
}
