using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// A line of the inline layout that ends in amounts: `    会展业务费 220.00 220.00`, or the
/// amounts alone (`25.00 25.00`) after a wrapped name.
/// </summary>
internal sealed class AmountLine
{
    /// <summary>One figure token: where it is on the line (0-based start, length) and what it reads as.</summary>
    public readonly record struct Figure(int Start, int Length, decimal Value, NumberText.AmountLikeKind Problem)
    {
        public bool IsRead => Problem is NumberText.AmountLikeKind.None or NumberText.AmountLikeKind.Read;
    }

    public string Name { get; init; } = "";
    /// <summary>Leading white space: the inline layout indents projects under their unit.</summary>
    public int Indent { get; init; }
    /// <summary>The figures in order; one that could not be read keeps its place (see <see cref="Figure.Problem"/>).</summary>
    public Figure[] Figures { get; init; } = [];
    public int Decimals { get; init; }
    public int NameEndColumn { get; init; }

    public bool AmountsOnly => Name.Length == 0;

    private static readonly char[] ClausePunctuation = ['；', ';', '。', ':', '：'];

    /// <param name="moneyUnit">The table's money unit, to read 20.6万 (null: such a token is a problem).</param>
    public static AmountLine? TryRead(ReadOnlySpan<char> line, string? moneyUnit = null)
    {
        // Tokens from the end of the line, without splitting it: most lines end in text.
        Span<Figure> found = stackalloc Figure[16];
        int count = 0, plain = 0, decimals = 0;
        int end = line.Length, cut = line.Length;
        while (count < found.Length)
        {
            while (end > 0 && TextChars.IsSpace(line[end - 1])) end--;
            if (end == 0) break;
            // A token with a character no amount has (most lines end in words) is no figure: stop
            // there rather than find the token's start.
            int start = end;
            while (start > 0 && !TextChars.IsSpace(line[start - 1]))
            {
                if (!MayBeInAmount(line[start - 1])) { start = -1; break; }
                start--;
            }
            if (start < 0) break;
            var token = line.Slice(start, end - start);
            // Amounts are printed to the fen (两位小数); 1.4 or a bare integer ending a line is wrapped text.
            if (NumberText.TryParseAmount(token, out var v, out var d) && d >= 2)
            {
                found[count++] = new Figure(start, end - start, v, NumberText.AmountLikeKind.None);
                plain++;
                decimals = Math.Max(decimals, d);
            }
            else
            {
                // An amount in another form (20.6万, 2,0352.20, 20.6 before a plain figure) is a
                // figure too, read or reported, never glued to the name. A weak one (no 万, no
                // misplaced separator) counts only left of a plain figure.
                var like = NumberText.ReadAmountLike(token, moneyUnit);
                bool strong = like.Kind is NumberText.AmountLikeKind.Separators or NumberText.AmountLikeKind.NoMoneyUnit
                              || (like.Kind == NumberText.AmountLikeKind.Read && like.Scaled);
                if (like.Kind == NumberText.AmountLikeKind.None || (!strong && plain == 0)) break;
                found[count++] = new Figure(start, end - start, like.Value, like.Kind);
                if (like.Kind == NumberText.AmountLikeKind.Read) decimals = Math.Max(decimals, Math.Min(like.Decimals, 2));
            }
            cut = start;
            end = start;
        }
        if (count == 0) return null;
        var name = TextChars.Trim(line[..cut]);
        // Text with clause punctuation is prose or indicator text, never a row name.
        if (name.IndexOfAny(ClausePunctuation) >= 0 || name.Contains("指标值", StringComparison.Ordinal)) return null;
        // A line whose only figures are in another form must look like a row: no prose commas.
        if (plain == 0 && name.IndexOfAny('，', ',') >= 0) return null;
        int indent = 0;
        while (indent < line.Length && TextChars.IsSpace(line[indent])) indent++;
        var figures = new Figure[count];
        for (int i = 0; i < count; i++) figures[i] = found[count - 1 - i];
        return new AmountLine
        {
            Name = NameText.Clean(name),
            Indent = indent,
            Figures = figures,
            Decimals = decimals,
            NameEndColumn = cut,
        };
    }

    /// <summary>The characters of the tokens TryParseAmount or ReadAmountLike accept, full width too.</summary>
    private static bool MayBeInAmount(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E') c = (char)(c - 0xFEE0);
        return c is (>= '0' and <= '9') or ',' or '.' or '+' or '-' or '万' or '亿' or '千' or '元';
    }

    /// <summary>
    /// 总计 then the source figures. Empty columns vanish from the inline layout, so a source
    /// figure's column is known only when every source column of the heading has a figure.
    /// </summary>
    /// <param name="text">The line's text, for the figures' texts; <paramref name="line"/> its number, for their spans.</param>
    public Amounts ToAmounts(IReadOnlyList<string> columns, ReadOnlySpan<char> text, int line)
    {
        var amounts = new Amounts { Decimals = Decimals };
        int sources = Figures.Length - 1;
        bool placed = sources > 0 && sources == columns.Count - 1;
        for (int i = 0; i < Figures.Length; i++)
        {
            var f = Figures[i];
            if (!f.IsRead) continue;
            string? column = i == 0 ? ColumnNames.Total : placed ? columns[i] : null;
            if (i == 0) amounts.Total = f.Value;
            else if (placed) amounts.Sources.Add(new ColumnAmount(columns[i], f.Value));
            else amounts.Unplaced.Add(f.Value);
            amounts.Figures.Add(new AmountFigure(column, f.Value, text.Slice(f.Start, f.Length).ToString(), SourceSpan.Line(line, f.Start + 1, f.Start + f.Length)));
        }
        return amounts;
    }

    /// <summary>
    /// PR009 for each figure that could not be read, and for more figures than the heading has
    /// columns. Fewer is normal here: empty columns vanish from the inline layout.
    /// </summary>
    public void Report(ReadContext ctx, IReadOnlyList<string> columns, ReadOnlySpan<char> text, int line)
    {
        foreach (var f in Figures)
        {
            if (f.IsRead) continue;
            var token = text.Slice(f.Start, f.Length).ToString();
            var span = SourceSpan.Line(line, f.Start + 1, f.Start + f.Length);
            ctx.Reading(AmountProblems.RuleId, span, AmountProblems.Describe(f.Problem, token, ctx.Submission.MoneyUnit), token);
        }
        if (Figures.Length > columns.Count)
        {
            var first = Figures[0];
            var last = Figures[^1];
            ctx.Reading(AmountProblems.RuleId, SourceSpan.Line(line, first.Start + 1, last.Start + last.Length),
                AmountProblems.TooMany(line, Figures.Length, columns), text[first.Start..(last.Start + last.Length)].ToString());
        }
    }
}

/// <summary>PR009: figures that could not be read, or that do not fit the heading's columns.</summary>
internal static class AmountProblems
{
    public const string RuleId = "PR009";

    public static string Describe(NumberText.AmountLikeKind kind, string token, string? moneyUnit) => kind switch
    {
        NumberText.AmountLikeKind.Separators => $"金额“{token}”的千分位分隔符位置不正确，无法确定金额",
        NumberText.AmountLikeKind.NoMoneyUnit => $"金额“{token}”带有数量单位，但表头没有写明金额单位（如“单位：万元”），无法换算",
        _ => $"金额“{token}”无法识别",
    };

    public static string TooMany(int line, int figures, IReadOnlyList<string> columns)
        => $"第 {line} 行有 {figures} 个金额，多于表头的 {columns.Count} 个金额列（{string.Join("、", columns)}）";

    public static string TooFew(int line, int figures, IReadOnlyList<string> columns, IEnumerable<string> missing)
        => $"第 {line} 行只有 {figures} 个金额，少于表头的 {columns.Count} 个金额列：“{string.Join("”“", missing)}”列为空";
}
