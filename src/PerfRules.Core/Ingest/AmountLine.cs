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
    // Not `[]`: Array.Empty over our struct is generic code ReadyToRun cannot hold.
    public Figure[] Figures { get; init; } = NoFigures;
    private static readonly Figure[] NoFigures = new Figure[0];
    public int Decimals { get; init; }
    public int NameEndColumn { get; init; }

    public bool AmountsOnly => Name.Length == 0;

    private static readonly char[] ClausePunctuation = ['；', ';', '。', ':', '：'];

    /// <param name="moneyUnit">The table's money unit, to read 20.6万 (null: such a token is a problem).</param>
    // Called for nearly every line, most ending in words: the 512 bytes of figures on the stack are
    // not cleared first (a figure is only read after it is written).
    [System.Runtime.CompilerServices.SkipLocalsInit]
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
            if (start < 0)
            {
                // A figure written onto the end of the name with no space (其他运行经费20.6万 20.60):
                // taken apart when the row already has a figure, never left glued to the name.
                if (count > 0 && Glued(line, end, moneyUnit) is { } glued)
                {
                    found[count++] = glued.Figure;
                    if (glued.Plain) plain++;
                    if (glued.Figure.IsRead) decimals = Math.Max(decimals, glued.Decimals);
                    cut = glued.Figure.Start;
                }
                break;
            }
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

    /// <summary>
    /// The amount at the end of a word that ends at <paramref name="end"/> (…资金2,0352.20, …经费20.6万):
    /// a plain figure (two decimals) or an amount in another form that is plainly one (misplaced
    /// separators, 万/亿); null for anything else (a year, a count, a version number).
    /// </summary>
    private static (Figure Figure, bool Plain, int Decimals)? Glued(ReadOnlySpan<char> line, int end, string? moneyUnit)
    {
        int start = end;
        while (start > 0 && MayBeInAmount(line[start - 1])) start--;
        while (start < end && !IsDigit(line[start])) start++;
        // Something must be left of it (the name), and not a Latin word (V2.00 is a name).
        if (start == 0 || start >= end || char.IsAsciiLetter(line[start - 1])) return null;
        var token = line[start..end];
        if (NumberText.TryParseAmount(token, out var v, out var d) && d >= 2)
            return (new Figure(start, end - start, v, NumberText.AmountLikeKind.None), true, d);
        var like = NumberText.ReadAmountLike(token, moneyUnit);
        bool strong = like.Kind is NumberText.AmountLikeKind.Separators or NumberText.AmountLikeKind.NoMoneyUnit
                      || (like.Kind == NumberText.AmountLikeKind.Read && like.Scaled);
        return strong ? (new Figure(start, end - start, like.Value, like.Kind), false, Math.Min(like.Decimals, 2)) : null;

        static bool IsDigit(char c) => c is (>= '0' and <= '9') or (>= '\uFF10' and <= '\uFF19');
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
        // A row with 总计 alone where the heading has source columns: its sources were lost (or
        // glued into the name), and it cannot be sum-checked. (Fewer figures than columns is normal:
        // empty columns vanish, but a non-zero 总计 has at least one source.)
        if (Figures.Length == 1 && Figures[0].IsRead && Figures[0].Value != 0m && columns.Count > 1)
        {
            var only = Figures[0];
            ctx.Reading(AmountProblems.RuleId, SourceSpan.Line(line, only.Start + 1, only.Start + only.Length),
                AmountProblems.OnlyTotal(line, text.Slice(only.Start, only.Length).ToString(), columns), text.ToString());
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

    public static string OnlyTotal(int line, string total, IReadOnlyList<string> columns)
        => $"第 {line} 行只有一个金额“{total}”，没有任何资金来源的金额（表头有{string.Join("、", columns.Skip(1))}），无法核对总计";
}
