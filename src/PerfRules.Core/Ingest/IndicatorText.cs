using System.Text.RegularExpressions;
using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// The run-together indicator text of the project layouts:
/// 1、1-产出指标；11-数量指标；名称；实施周期指标值:≥90%；年度指标值:≥90%。2、…
/// </summary>
internal static partial class IndicatorText
{
    [GeneratedRegex(@"(?<seq>\d{1,3})\s*[、．.]\s*(?:(?<l1>\d{1,2})\s*[-－—–]\s*)?(?<l1n>[^；;。，,\d]{1,12}?)\s*[；;]\s*(?:(?<l2>\d{1,3})\s*[-－—–]\s*)?(?<l2n>[^；;。，,]{1,16}?)\s*[；;]")]
    private static partial Regex HeadPattern();

    [GeneratedRegex(@"实施周期指标值\s*[:：]")]
    private static partial Regex CycleLabel();

    [GeneratedRegex(@"年度指标值\s*[:：]")]
    private static partial Regex AnnualLabel();

    [GeneratedRegex(@"。\s*\d{1,3}\s*、")]
    private static partial Regex StrayNumbered();

    [GeneratedRegex(@"^\s*\d{1,3}\s*[、．.]\s*\d{1,2}\s*[-－—–]")]
    private static partial Regex LineStartPattern();

    /// <summary>Whether a line opens an indicator block (1、1-产出指标；…).</summary>
    public static bool StartsBlock(string line, CodeTable codes)
    {
        if (LineStartPattern().IsMatch(line)) return true;
        var m = HeadPattern().Match(line);
        return m.Success && m.Index <= CountLeadingSpace(line) && IsHead(m, codes);
    }

    private static int CountLeadingSpace(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        return i;
    }

    // Without codes the names must be known ones, so ordinary text is not taken for a head.
    private static bool IsHead(Match m, CodeTable codes)
        => m.Groups["l1"].Success || (codes.IsLevel1Name(m.Groups["l1n"].Value) && codes.IsLevel2Name(m.Groups["l2n"].Value));

    /// <summary>Where the first indicator head of a text starts, or -1.</summary>
    public static int FirstHead(string text, CodeTable codes)
    {
        for (var m = HeadPattern().Match(text); m.Success; m = m.NextMatch())
            if (IsHead(m, codes)) return m.Index;
        return -1;
    }

    /// <summary>Reads every indicator of a block; text that is not an indicator becomes PR002.</summary>
    public static List<Indicator> Parse(TextBlock block, ReadContext ctx)
    {
        var text = block.Text;
        var heads = HeadPattern().Matches(text).Where(m => IsHead(m, ctx.Codes)).ToList();
        var result = new List<Indicator>();
        int firstStart = heads.Count > 0 ? heads[0].Index : text.Length;
        if (text[..firstStart].Trim().Length > 0)
        {
            var span = block.TrimmedSpan(0, firstStart)!;
            ctx.Unplaced(span, "绩效指标文本不是“序号、一级指标；二级指标；指标名称；实施周期指标值；年度指标值”的格式", text[..firstStart]);
        }
        for (int k = 0; k < heads.Count; k++)
        {
            var h = heads[k];
            int bodyStart = h.Index + h.Length;
            int end = k + 1 < heads.Count ? heads[k + 1].Index : text.Length;
            result.Add(ReadOne(block, h, bodyStart, end, ctx));
        }
        return result;
    }

    private static Indicator ReadOne(TextBlock block, Match h, int bodyStart, int end, ReadContext ctx)
    {
        var text = block.Text;
        var indicator = new Indicator
        {
            Seq = int.Parse(h.Groups["seq"].Value),
            Level1 = new CodeName(h.Groups["l1"].Success ? int.Parse(h.Groups["l1"].Value) : null, h.Groups["l1n"].Value.Trim()),
            Level2 = new CodeName(h.Groups["l2"].Success ? int.Parse(h.Groups["l2"].Value) : null, h.Groups["l2n"].Value.Trim()),
            Span = block.TrimmedSpan(h.Index, end),
        };
        var body = text[bodyStart..end];
        var cycle = CycleLabel().Match(body);
        var annual = cycle.Success ? AnnualLabel().Match(body, cycle.Index + cycle.Length) : AnnualLabel().Match(body);

        int nameEnd = cycle.Success ? cycle.Index : annual.Success ? annual.Index : body.Length;
        indicator.Name = TrimSeparators(body[..nameEnd], out _);

        if (cycle.Success)
        {
            int cStart = cycle.Index + cycle.Length;
            int cEnd = annual.Success ? annual.Index : body.Length;
            indicator.Cycle = Value(block, bodyStart + cStart, bodyStart + cEnd, indicator.Name, stripFullStop: false);
        }
        if (annual.Success)
        {
            int aStart = annual.Index + annual.Length;
            // A numbered piece after the closing 。 that is not an indicator head is not part of the value.
            var stray = StrayNumbered().Match(body, aStart);
            int aEnd = stray.Success ? bodyStart + stray.Index + 1 : end;
            indicator.Annual = Value(block, bodyStart + aStart, aEnd, indicator.Name, stripFullStop: true);
            if (stray.Success)
            {
                ctx.Unplaced(block.TrimmedSpan(aEnd, end)!, "这段编号文字不是“序号、一级指标；二级指标；…”格式的指标", text[aEnd..end]);
                indicator.Span = block.TrimmedSpan(h.Index, aEnd);
            }
        }
        if (!cycle.Success || !annual.Success)
        {
            var missing = !cycle.Success && !annual.Success ? "实施周期指标值和年度指标值" : !cycle.Success ? "实施周期指标值" : "年度指标值";
            ctx.Unplaced(indicator.Span ?? block.WholeSpan!, $"第 {indicator.Seq} 个指标“{indicator.Name}”缺少“{missing}”标记，无法读出指标值", text[h.Index..end]);
        }
        return indicator;
    }

    private static TargetValue Value(TextBlock block, int start, int end, string indicatorName, bool stripFullStop)
    {
        var raw = block.Text[start..end];
        var trimmed = TrimSeparators(raw, out int trailing, stripFullStop);
        int lead = raw.Length - raw.TrimStart().Length;
        var value = TargetValueParser.Parse(trimmed, indicatorName);
        value.Span = trimmed.Length == 0 ? null : block.TrimmedSpan(start + lead, end - trailing);
        return value;
    }

    /// <summary>Trims white space and the one separator (；, or 。 closing the indicator) that ends a part.</summary>
    private static string TrimSeparators(string s, out int trailingRemoved, bool stripFullStop = false)
    {
        int end = s.Length;
        while (end > 0 && char.IsWhiteSpace(s[end - 1])) end--;
        if (end > 0 && (s[end - 1] is '；' or ';' || (stripFullStop && s[end - 1] == '。')))
        {
            end--;
            while (end > 0 && char.IsWhiteSpace(s[end - 1])) end--;
        }
        trailingRemoved = s.Length - end;
        return s[..end].Trim();
    }
}
