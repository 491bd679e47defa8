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
    [GeneratedRegex(@"^\s*\d{1,3}\s*[、．.]\s*\d{1,2}\s*[-－—–]")]
    private static partial Regex LineStartPattern();

    private const string CycleWord = "实施周期指标值";
    private const string AnnualWord = "年度指标值";

    /// <summary>Whether a line opens an indicator block (1、1-产出指标；…).</summary>
    public static bool StartsBlock(ReadOnlySpan<char> line, CodeTable codes)
    {
        // Both patterns need a digit followed (after spaces) by 、 ． or .: most lines have none.
        if (!MayHoldHead(line)) return false;
        if (LineStartPattern().IsMatch(line)) return true;
        var m = IndicatorHead.Find(line, 0, line.Length);
        return m.Success && m.Index <= CountLeadingSpace(line) && IsHead(line, m, codes);
    }

    private static bool MayHoldHead(ReadOnlySpan<char> s)
    {
        for (int i = s.IndexOfAny('、', '．', '.'); i >= 0; i = NextSeparator(s, i))
        {
            int j = i;
            while (j > 0 && TextChars.IsSpace(s[j - 1])) j--;
            if (j > 0 && char.IsDigit(s[j - 1])) return true;
        }
        return false;

        static int NextSeparator(ReadOnlySpan<char> s, int i)
        {
            int k = s[(i + 1)..].IndexOfAny('、', '．', '.');
            return k < 0 ? -1 : i + 1 + k;
        }
    }

    private static int CountLeadingSpace(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length && TextChars.IsSpace(s[i])) i++;
        return i;
    }

    // Without codes the names must be known ones, so ordinary text is not taken for a head.
    private static bool IsHead(ReadOnlySpan<char> text, IndicatorHead m, CodeTable codes)
        => m.HasLevel1Code || (codes.IsLevel1Name(text.Slice(m.Level1NameStart, m.Level1NameLength).ToString())
                               && codes.IsLevel2Name(text.Slice(m.Level2NameStart, m.Level2NameLength).ToString()));

    /// <summary>The first head in [from, to) that is an indicator head (see <see cref="IsHead"/>).</summary>
    private static IndicatorHead NextHead(ReadOnlySpan<char> text, int from, int to, CodeTable codes)
    {
        for (var m = IndicatorHead.Find(text, from, to); m.Success; m = IndicatorHead.Find(text, m.End, to))
            if (IsHead(text, m, codes)) return m;
        return default;
    }

    /// <summary>Where the first indicator head of a text starts, or -1.</summary>
    public static int FirstHead(ReadOnlySpan<char> text, CodeTable codes)
    {
        if (!MayHoldHead(text)) return -1;
        var m = NextHead(text, 0, text.Length, codes);
        return m.Success ? m.Index : -1;
    }

    /// <summary>Reads every indicator of a block; text that is not an indicator becomes PR002.</summary>
    public static List<Indicator> Parse(TextBlock block, ReadContext ctx) => Parse(block, 0, block.Length, ctx);

    /// <summary>Reads every indicator of the characters [from, to) of a block.</summary>
    public static List<Indicator> Parse(TextBlock block, int from, int to, ReadContext ctx)
    {
        var text = block.Chars;
        var result = new List<Indicator>();
        // Heads are matched within [from, to) only, as if that were the whole text.
        var head = NextHead(text, from, to, ctx.Codes);
        int firstStart = head.Success ? head.Index : to;
        if (HasContent(text, from, firstStart))
        {
            var span = block.TrimmedSpan(from, firstStart)!;
            ctx.Unplaced(span, "绩效指标文本不是“序号、一级指标；二级指标；指标名称；实施周期指标值；年度指标值”的格式", text[from..firstStart].ToString());
        }
        while (head.Success)
        {
            var next = NextHead(text, head.End, to, ctx.Codes);
            int end = next.Success ? next.Index : to;
            result.Add(ReadOne(block, head, head.End, end, ctx));
            head = next;
        }
        return result;
    }

    private static bool HasContent(ReadOnlySpan<char> text, int from, int to)
    {
        for (int i = from; i < to; i++)
            if (!TextChars.IsSpace(text[i])) return true;
        return false;
    }

    private static Indicator ReadOne(TextBlock block, IndicatorHead h, int bodyStart, int end, ReadContext ctx)
    {
        var text = block.Chars;
        var indicator = new Indicator
        {
            Seq = h.Seq,
            Level1 = ctx.Code(h.HasLevel1Code ? h.Level1Code : null, TextChars.Trim(text.Slice(h.Level1NameStart, h.Level1NameLength))),
            Level2 = ctx.Code(h.HasLevel2Code ? h.Level2Code : null, TextChars.Trim(text.Slice(h.Level2NameStart, h.Level2NameLength))),
        };
        // Spans in text order: TextBlock.Origin finds a character from the last one it found by
        // looking ahead; going back (to the head's start, to the name) was a binary search each.
        var wholeFrom = block.TrimmedStart(h.Index, end);
        int wholeEnd = end;
        var level1Span = block.TrimmedPacked(h.HasLevel1Code ? h.Level1CodeStart : h.Level1NameStart, h.Level1NameStart + h.Level1NameLength);
        var level2Span = block.TrimmedPacked(h.HasLevel2Code ? h.Level2CodeStart : h.Level2NameStart, h.Level2NameStart + h.Level2NameLength);
        int cycle = Label(text, CycleWord, bodyStart, end, out int cycleEnd);
        int annual = Label(text, AnnualWord, cycle >= 0 ? cycleEnd : bodyStart, end, out int annualEnd);

        int nameEnd = cycle >= 0 ? cycle : annual >= 0 ? annual : end;
        int nameStart = bodyStart;
        TrimSeparators(text, ref nameStart, ref nameEnd, stripFullStop: false);
        indicator.Name = text[nameStart..nameEnd].ToString();
        var nameSpan = block.TrimmedPacked(nameStart, nameEnd);

        if (cycle >= 0)
        {
            indicator.Cycle = Value(block, cycleEnd, annual >= 0 ? annual : end, indicator.Name, stripFullStop: false, ctx);
            indicator.CyclePacked = indicator.Cycle.PackedSpan.HasValue ? indicator.Cycle.PackedSpan : block.Packed(cycle, cycleEnd);
        }
        if (annual >= 0)
        {
            // A numbered piece after the closing 。 that is not an indicator head is not part of the value.
            int stray = StrayNumbered(text, annualEnd, end);
            int aEnd = stray >= 0 ? stray + 1 : end;
            indicator.Annual = Value(block, annualEnd, aEnd, indicator.Name, stripFullStop: true, ctx);
            indicator.AnnualPacked = indicator.Annual.PackedSpan.HasValue ? indicator.Annual.PackedSpan : block.Packed(annual, annualEnd);
            if (stray >= 0)
            {
                ctx.Unplaced(block.TrimmedSpan(aEnd, end)!, "这段编号文字不是“序号、一级指标；二级指标；…”格式的指标", text[aEnd..end].ToString());
                // The whole indicator ends before the stray piece.
                wholeEnd = aEnd;
            }
        }
        indicator.SetSpans(block.TrimmedPacked(wholeFrom, wholeEnd), level1Span, level2Span, nameSpan);
        if (cycle < 0 || annual < 0)
        {
            var missing = cycle < 0 && annual < 0 ? "实施周期指标值和年度指标值" : cycle < 0 ? "实施周期指标值" : "年度指标值";
            ctx.Unplaced(indicator.Span ?? block.WholeSpan!, $"第 {indicator.Seq} 个指标“{indicator.Name}”缺少“{missing}”标记，无法读出指标值", text[h.Index..end].ToString());
        }
        return indicator;
    }

    /// <summary>
    /// The first `word\s*[:：]` in [from, to): its start, and in <paramref name="after"/> the index
    /// after the colon; -1 when there is none.
    /// </summary>
    private static int Label(ReadOnlySpan<char> text, string word, int from, int to, out int after)
    {
        after = -1;
        for (int i = from; i < to;)
        {
            int k = text[i..to].IndexOf(word, StringComparison.Ordinal);
            if (k < 0) return -1;
            int at = i + k, p = at + word.Length;
            while (p < to && TextChars.IsSpace(text[p])) p++;
            if (p < to && text[p] is ':' or '：')
            {
                after = p + 1;
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    /// <summary>The first `。\s*\d{1,3}\s*、` in [from, to), or -1.</summary>
    private static int StrayNumbered(ReadOnlySpan<char> text, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (text[i] != '。') continue;
            int p = i + 1;
            while (p < to && TextChars.IsSpace(text[p])) p++;
            int digits = 0;
            while (p < to && char.IsDigit(text[p])) { p++; digits++; }
            if (digits is < 1 or > 3) continue;
            while (p < to && TextChars.IsSpace(text[p])) p++;
            if (p < to && text[p] == '、') return i;
        }
        return -1;
    }

    private static TargetValue Value(TextBlock block, int start, int end, string indicatorName, bool stripFullStop, ReadContext ctx)
    {
        int s = start, e = end;
        TrimSeparators(block.Chars, ref s, ref e, stripFullStop);
        var value = ctx.Value(block.Chars[s..e], indicatorName);
        // The span covers the value without the separator that ends it.
        value.PackedSpan = e == s ? default : block.TrimmedPacked(s, e);
        return value;
    }

    /// <summary>
    /// Narrows [start, end) to a part without surrounding white space and without the one separator
    /// (；, or 。 closing the indicator) that ends it.
    /// </summary>
    private static void TrimSeparators(ReadOnlySpan<char> s, ref int start, ref int end, bool stripFullStop)
    {
        while (end > start && TextChars.IsSpace(s[end - 1])) end--;
        if (end > start && (s[end - 1] is '；' or ';' || (stripFullStop && s[end - 1] == '。')))
        {
            end--;
            while (end > start && TextChars.IsSpace(s[end - 1])) end--;
        }
        while (start < end && TextChars.IsSpace(s[start])) start++;
    }
}
