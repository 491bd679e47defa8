using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// An amount in a cell of a grid (tab-separated text, a workbook row): 1,050.00 as printed, or an
/// amount in another form read where it is unambiguous (20.6万 in a 万元 table is 20.6), else a PR009
/// reading problem that quotes the cell. Never a cell silently dropped.
/// </summary>
internal static class AmountCell
{
    /// <summary>The cell's amount and its decimals as printed; false (and a PR009) when it cannot be read.</summary>
    public static bool TryRead(string text, string column, SourceSpan span, ReadContext ctx, out decimal value, out int decimals)
    {
        if (NumberText.TryParseAmount(text, out value, out decimals)) return true;
        var like = NumberText.ReadAmountLike(text, ctx.Submission.MoneyUnit);
        if (like.Kind == NumberText.AmountLikeKind.Read)
        {
            value = like.Value;
            decimals = Math.Min(like.Decimals, 2);
            return true;
        }
        var why = like.Kind == NumberText.AmountLikeKind.None
            ? $"“{column}”列的金额“{text}”无法识别"
            : AmountProblems.Describe(like.Kind, text, ctx.Submission.MoneyUnit);
        ctx.Reading(AmountProblems.RuleId, span, why, text);
        return false;
    }

    /// <summary>
    /// PR009 for a row with a non-zero 总计 and no source figure where the heading has source
    /// columns: its sources are missing and it cannot be sum-checked.
    /// </summary>
    public static void CheckOnlyTotal(Amounts amounts, IReadOnlyList<string> columns, int line, ReadContext ctx)
    {
        if (amounts.Total is not { } total || total == 0m || amounts.HasSources || columns.Count < 2) return;
        if (amounts.SpanOf(ColumnNames.Total) is not { } span) return;
        var text = amounts.Figures.First(f => f.Column == ColumnNames.Total).Text;
        ctx.Reading(AmountProblems.RuleId, span, AmountProblems.OnlyTotal(line, text, columns), text);
    }
}
