using System.Globalization;
using System.Text.RegularExpressions;
using PerfRules.Model;

namespace PerfRules.Values;

/// <summary>Reads a target value's text into its normalised meaning. Never throws.</summary>
public static partial class TargetValueParser
{
    /// <param name="text">The value as written.</param>
    /// <param name="indicatorName">The indicator's name, to recognise a value that only restates it.</param>
    public static TargetValue Parse(string? text, string? indicatorName = null)
    {
        var (value, cleaned) = ParseUnnamed(text ?? "");
        ApplyName(value, cleaned, indicatorName);
        return value;
    }

    /// <summary>
    /// A value read without its indicator's name, with its cleaned text: what the name changes
    /// (<see cref="ApplyName"/>) is applied after, so a document that repeats a text reads it once.
    /// Never throws.
    /// </summary>
    internal static (TargetValue Value, string Cleaned) ParseUnnamed(string raw)
    {
        try
        {
            var value = ParseWithoutName(raw, out var cleaned);
            return (value, cleaned);
        }
        catch (Exception)
        {
            // Safety net only: the grammar is total (see the property tests on ParseCore), but a
            // value must never stop a whole document from being checked.
            return (Fallback(raw), "");
        }
    }

    /// <summary>
    /// What the indicator's name changes: a number-free qualitative text that only names a measure
    /// (the indicator's own, or another) is not a target. Never throws.
    /// </summary>
    internal static void ApplyName(TargetValue value, string cleaned, string? indicatorName)
    {
        if (value.Kind != ValueKind.Qualitative || cleaned.Length == 0) return;
        ApplyName(value, MeasureOf(cleaned), indicatorName);
    }

    /// <summary>
    /// The part of <see cref="ApplyName(TargetValue, string, string?)"/> that does not depend on the
    /// name, worked out once for a text a document repeats; null when no name can change the value.
    /// Never throws.
    /// </summary>
    internal static MeasureText? Measure(TargetValue value, string cleaned)
        => value.Kind != ValueKind.Qualitative || cleaned.Length == 0 ? null : MeasureOf(cleaned);

    /// <summary>ApplyName with the name-free part already worked out (<see cref="Measure"/>). Never throws.</summary>
    internal static void ApplyName(TargetValue value, MeasureText? measure, string? indicatorName)
    {
        if (NameReason(measure, indicatorName) is { } reason) NotATarget(value, reason);
    }

    /// <summary>
    /// Why the name makes a value of this measure no target (what <see cref="ApplyName(TargetValue, MeasureText?, string?)"/>
    /// applies), without changing the value; null when it stays as parsed. Never throws.
    /// </summary>
    internal static string? NameReason(MeasureText? measure, string? indicatorName)
    {
        if (measure is null) return null;
        try
        {
            return NamesAMeasure(measure, indicatorName);
        }
        catch (Exception)
        {
            // As above: the value stays qualitative.
            return null;
        }
    }

    private static MeasureText? MeasureOf(string cleaned)
    {
        try
        {
            return MeasureText.Of(cleaned);
        }
        catch (Exception)
        {
            // As above: the value stays qualitative.
            return null;
        }
    }

    private static TargetValue Fallback(string raw)
        => new() { Text = raw, Kind = raw.Trim().Length == 0 ? ValueKind.Empty : ValueKind.Qualitative };

    /// <summary>The parser without the safety net, so tests see any exception.</summary>
    internal static TargetValue ParseCore(string raw, string? indicatorName)
    {
        var value = ParseWithoutName(raw, out var cleaned);
        if (value.Kind == ValueKind.Qualitative && NamesAMeasure(cleaned, indicatorName) is { } reason) NotATarget(value, reason);
        return value;
    }

    /// <summary>
    /// Everything but the name: a text that is none of the other kinds is Qualitative here, and may
    /// still name a measure (ApplyName).
    /// </summary>
    private static TargetValue ParseWithoutName(string raw, out string cleaned)
    {
        var value = new TargetValue { Text = raw };
        var s = cleaned = Clean(raw);
        if (s.Length == 0)
        {
            value.Kind = ValueKind.Empty;
            return value;
        }
        if (IsScoringRule(s)) return NotATarget(value, NotATargetReason.ScoringRule);
        if (IsFormula(s)) return NotATarget(value, NotATargetReason.Formula);
        if (TryGradedScale(s, out var grades))
        {
            value.Kind = ValueKind.GradedScale;
            value.Grades = grades;
            string? unit = grades[0].Unit;
            foreach (var g in grades)
                if (g.Unit != unit) { unit = null; break; }
            value.Unit = unit;
            return value;
        }
        if (TryDateDeadline(s, value)) return value;
        if (TryQuantity(s, out var q))
        {
            value.Number = q.Number;
            value.Unit = q.Unit;
            value.Comparator = q.Comparator;
            value.Subject = q.Subject;
            value.Kind = q.Unit == "%" ? ValueKind.Percentage
                : q.Unit is not null && DurationUnits.Contains(q.Unit) ? ValueKind.Duration
                : ValueKind.Quantity;
            return value;
        }
        if (TryKeywordDeadline(s, value)) return value;
        value.Kind = ValueKind.Qualitative;
        return value;
    }

    /// <summary>Marks a value as no target (for a reason such as <see cref="NameReason"/> gives); the value itself.</summary>
    internal static TargetValue NotATarget(TargetValue value, string reason)
    {
        value.Kind = ValueKind.NotATarget;
        value.Reason = reason;
        return value;
    }

    // ---------------------------------------------------------------- cleaning

    [GeneratedRegex(@"\\(?:geqslant|geq|ge)(?![A-Za-z])")]
    private static partial Regex LatexGe();
    [GeneratedRegex(@"\\(?:leqslant|leq|le)(?![A-Za-z])")]
    private static partial Regex LatexLe();
    [GeneratedRegex(@"\\(?:text|mathrm|textrm|mbox)\s*\{([^{}]*)\}")]
    private static partial Regex LatexText();
    [GeneratedRegex(@"\\(?:left|right)(?![A-Za-z])|\\[,;:! ]|\\q?quad(?![A-Za-z])")]
    private static partial Regex LatexSpacing();

    /// <summary>
    /// Half-width forms, LaTeX artefacts of the PDF converter ($\geq 80\%$) and extraction line
    /// breaks removed; surrounding whitespace and trailing sentence punctuation dropped.
    /// </summary>
    internal static string Clean(string raw)
    {
        // Most values have nothing to change but the ends.
        var s = raw.AsSpan().IndexOfAny(TextChars.FullWidthForms) < 0 && raw.AsSpan().IndexOfAny(CleanMarks) < 0
            ? raw
            : CleanMarked(raw);
        // Trailing 。 (and stray separators) end the sentence, they are not part of the value.
        s = TextChars.Trim(s);
        while (s.Length > 0 && s[^1] is '。' or ';' or ',' or '、' or '.')
            s = s[..^1].TrimEnd();
        return s;
    }

    /// <summary>What Clean changes inside a value, besides the full-width forms.</summary>
    private static readonly System.Buffers.SearchValues<char> CleanMarks = System.Buffers.SearchValues.Create("\u3000\r\n\\$");

    private static string CleanMarked(string raw)
    {
        var s = NumberText.ToHalfWidth(raw).Replace("\r", "").Replace("\n", "");
        if (s.Contains('\\'))
        {
            s = LatexText().Replace(s, "$1");
            s = LatexGe().Replace(s, "≥");
            s = LatexLe().Replace(s, "≤");
            s = s.Replace(@"\gt", ">").Replace(@"\lt", "<").Replace(@"\%", "%")
                 .Replace(@"\times", "×").Replace(@"\div", "÷").Replace(@"\cdot", "×");
            s = LatexSpacing().Replace(s, " ");
        }
        return s.Replace("$", "");
    }

    // ---------------------------------------------------------------- not targets

    [GeneratedRegex(@"不得分|满分|扣分|计分|加分|减分|[得扣加减]\s*[0-9]+(?:\.[0-9]+)?\s*分(?!钟)")]
    private static partial Regex ScoringWords();
    [GeneratedRegex(@"低于|高于|大于|小于|超过|不足|未达|未完成|每[增减少多]|否则|则")]
    private static partial Regex ScoringCondition();

    // Every scoring word has 分 in it: most values have none and skip both patterns.
    private static bool IsScoringRule(string s)
        => s.Contains('分') && (ScoringWords().IsMatch(s) || (s.Contains("得分") && ScoringCondition().IsMatch(s)));

    [GeneratedRegex(@"[*×xX]\s*100\s*%|%\s*[*×]|公式")]
    private static partial Regex FormulaMarker();
    [GeneratedRegex(@"(?<left>[\p{IsCJKUnifiedIdeographs}A-Za-z]+)\s*\)?\s*[/÷]\s*\(?\s*(?<right>[\p{IsCJKUnifiedIdeographs}A-Za-z]+)")]
    private static partial Regex Ratio();

    /// <summary>A ratio or product of named quantities; 元/人 or 次/年 are units, not formulas.</summary>
    private static bool IsFormula(string s)
    {
        // FormulaMarker needs 公式, or % with * × x or X.
        if ((s.Contains("公式", StringComparison.Ordinal) || (s.Contains('%') && s.AsSpan().IndexOfAny("*×xX") >= 0))
            && FormulaMarker().IsMatch(s)) return true;
        if (s.AsSpan().IndexOfAny('/', '÷') < 0) return false; // spares the ratio scan on long texts
        foreach (Match m in Ratio().Matches(s))
        {
            var left = m.Groups["left"].Value;
            var right = m.Groups["right"].Value;
            if (left.Length >= 2 && right.Length >= 2 && !IsUnitLike(left) && !IsUnitLike(right))
                return true;
        }
        return false;
    }

    private static bool IsUnitLike(string word)
    {
        foreach (var scale in ScaleWords)
            if (word.StartsWith(scale, StringComparison.Ordinal) && UnitStarts.IndexOf(word.AsSpan(scale.Length)) >= 0) return true;
        return UnitStarts.IndexOf(word) >= 0;
    }

    // ---------------------------------------------------------------- quantities

    /// <summary>Units as written, matched longest first. 万元/亿元 are a scaling word plus 元.</summary>
    private static readonly string[] UnitList =
    [
        "%", "‰", "个百分点", "百分点",
        "人次", "人天", "人日", "人月", "人", "次", "个工作日", "工作日", "个月", "个季度", "季度", "个",
        "家次", "家", "项次", "项", "件次", "件", "篇次", "篇", "场次", "场", "期次", "期", "批次", "批",
        "户次", "户", "辆次", "辆", "架次", "架", "班次", "车次", "艘", "趟", "轮", "届",
        "天", "日", "小时", "分钟", "秒", "周", "月", "年",
        "元", "平方米", "平米", "平方公里", "平方千米", "㎡", "亩", "公顷", "千米", "公里", "米",
        "千克", "公斤", "吨", "千瓦时", "千瓦", "摄氏度", "℃", "°C", "度",
        "所", "座", "台套", "台", "套", "份", "条", "名", "册", "本", "部", "张", "页", "处", "栋",
        "间", "床", "棵", "株", "头", "只", "课时", "学时", "门", "节", "首", "幅", "块", "宗", "起",
        "单", "笔", "例", "支", "队", "团组", "组", "团", "村", "镇", "县", "倍", "分",
    ];

    /// <summary>NumberText.ScaleWords as an array: a loop over the interface allocates an enumerator per number.</summary>
    private static readonly string[] ScaleWords = [.. NumberText.ScaleWords];

    private static readonly string[] UnitsLongestFirst = LongestFirst(UnitList);

    private static readonly HashSet<string> DurationUnits = new(StringComparer.Ordinal)
    {
        "天", "日", "工作日", "个工作日", "小时", "分钟", "秒", "个月", "月", "周", "年", "季度", "个季度",
    };

    /// <summary>Comparators written before the number (sorted longest first below).</summary>
    private static readonly (string Word, Comparator Cmp)[] PrefixList =
    [
        ("大于或等于", Comparator.Ge), ("大于等于", Comparator.Ge), ("不低于", Comparator.Ge), ("不少于", Comparator.Ge),
        ("不小于", Comparator.Ge), ("至少", Comparator.Ge), ("最少", Comparator.Ge), ("最低", Comparator.Ge),
        ("达到", Comparator.Ge),
        ("小于或等于", Comparator.Le), ("小于等于", Comparator.Le), ("不高于", Comparator.Le), ("不超过", Comparator.Le),
        ("不大于", Comparator.Le), ("不多于", Comparator.Le), ("至多", Comparator.Le), ("最多", Comparator.Le),
        ("最高", Comparator.Le), ("控制在", Comparator.Le),
        ("大于", Comparator.Gt), ("超过", Comparator.Gt), ("高于", Comparator.Gt), ("多于", Comparator.Gt),
        ("小于", Comparator.Lt), ("低于", Comparator.Lt), ("少于", Comparator.Lt), ("不足", Comparator.Lt),
        ("等于", Comparator.Eq),
        (">=", Comparator.Ge), ("=>", Comparator.Ge), ("≥", Comparator.Ge), ("≧", Comparator.Ge), ("⩾", Comparator.Ge), ("≮", Comparator.Ge),
        ("<=", Comparator.Le), ("=<", Comparator.Le), ("≤", Comparator.Le), ("≦", Comparator.Le), ("⩽", Comparator.Le), ("≯", Comparator.Le),
        (">", Comparator.Gt), ("<", Comparator.Lt), ("=", Comparator.Eq),
    ];

    /// <summary>Comparators written after the number and unit (95%以上, 30天内).</summary>
    private static readonly (string Word, Comparator Cmp)[] SuffixList =
    [
        ("及以上", Comparator.Ge), ("或以上", Comparator.Ge), ("以上", Comparator.Ge),
        ("及以下", Comparator.Le), ("或以下", Comparator.Le), ("以下", Comparator.Le),
        ("以内", Comparator.Le), ("之内", Comparator.Le), ("内", Comparator.Le),
    ];

    // The words and their comparators apart, the prefixes longest first (a stable sort, as the
    // list's OrderByDescending was).
    private static readonly string[] PrefixWords = Pick(PrefixList, longestFirst: true, out PrefixComparators);
    private static readonly Comparator[] PrefixComparators;
    private static readonly string[] SuffixWords = Pick(SuffixList, longestFirst: false, out SuffixComparators);
    private static readonly Comparator[] SuffixComparators;

    // Only the words that can end just before the number (or start just after it) are tried, in
    // the lists' order (longest first).
    private static readonly WordIndex PrefixEnds = WordIndex.ByLast(PrefixWords);
    private static readonly WordIndex SuffixStarts = WordIndex.ByFirst(SuffixWords);

    // The tables are built by loops: LINQ's sorts and groupings over tuples and characters were
    // generic code the JIT compiled at the first value of every run.

    /// <summary>The indices of the words, longest first; equal lengths in list order (a stable insertion sort).</summary>
    private static int[] LongestFirstOrder(string[] words)
    {
        var order = new int[words.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int j = k;
            while (j > 0 && words[order[j - 1]].Length < words[k].Length)
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = k;
        }
        return order;
    }

    private static string[] LongestFirst(string[] words)
    {
        var order = LongestFirstOrder(words);
        var sorted = new string[words.Length];
        for (int k = 0; k < sorted.Length; k++) sorted[k] = words[order[k]];
        return sorted;
    }

    private static string[] Pick((string Word, Comparator Cmp)[] list, bool longestFirst, out Comparator[] comparators)
    {
        var words = new string[list.Length];
        for (int k = 0; k < list.Length; k++) words[k] = list[k].Word;
        var order = longestFirst ? LongestFirstOrder(words) : null;
        comparators = new Comparator[list.Length];
        for (int k = 0; k < list.Length; k++)
        {
            int from = order is null ? k : order[k];
            words[k] = list[from].Word;
            comparators[k] = list[from].Cmp;
        }
        return words;
    }

    internal readonly record struct Quantity(
        int Start, int End, decimal Number, decimal? High, string? Unit, Comparator? Comparator, bool HasComparator, string? Subject);

    [GeneratedRegex(@"(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])|[零〇一二两三四五六七八九十百千]+")]
    private static partial Regex NumberToken();

    /// <summary>The pattern <see cref="NextNumber"/> implements (tests compare the two).</summary>
    internal static Regex NumberTokenPattern => NumberToken();

    /// <summary>
    /// The first match of NumberToken at or after <paramref name="from"/> (Index -1 when none), as the
    /// pattern finds it: an ASCII number not preceded by a digit, point or comma — written with
    /// thousands separators (1–3 digits, then groups of three) if that reading ends before a
    /// non-digit, else a plain run — with an optional decimal part; or a run of Chinese numerals.
    /// Without the regex engine: a value has a number or two, and a document hundreds of values.
    /// </summary>
    internal static (int Index, int Length) NextNumber(string s, int from)
    {
        for (int i = from; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c))
            {
                if (i > 0 && (char.IsAsciiDigit(s[i - 1]) || s[i - 1] is '.' or ',')) continue;
                return (i, AsciiNumberLength(s, i));
            }
            if (IsChineseNumeral(c))
            {
                int j = i + 1;
                while (j < s.Length && IsChineseNumeral(s[j])) j++;
                return (i, j - i);
            }
        }
        return (-1, 0);
    }

    private static bool IsChineseNumeral(char c) => c is '零' or '〇' or '一' or '二' or '两' or '三' or '四' or '五' or '六' or '七' or '八' or '九' or '十' or '百' or '千';

    private static int AsciiRun(string s, int i)
    {
        int j = i;
        while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        return j - i;
    }

    /// <summary>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9]) at a digit: the length.</summary>
    private static int AsciiNumberLength(string s, int i)
    {
        int run = AsciiRun(s, i);
        // Thousands form: only the whole run of 1–3 digits can meet the comma.
        if (run <= 3)
        {
            int groups = 0, p = i + run;
            while (p + 3 < s.Length && s[p] == ',' && char.IsAsciiDigit(s[p + 1]) && char.IsAsciiDigit(s[p + 2]) && char.IsAsciiDigit(s[p + 3]))
            {
                groups++;
                p += 4;
            }
            // All groups, unless a digit follows the last one: then one group fewer (a comma follows).
            if (groups > 0 && p < s.Length && char.IsAsciiDigit(s[p])) { groups--; p -= 4; }
            if (groups > 0)
                return WithDecimals(s, p) - i;
        }
        return WithDecimals(s, i + run) - i;
    }

    /// <summary>After the integer part ending at p: the end of an optional .digits.</summary>
    private static int WithDecimals(string s, int p)
        => p + 1 < s.Length && s[p] == '.' && char.IsAsciiDigit(s[p + 1]) ? p + 1 + AsciiRun(s, p + 1) : p;

    [GeneratedRegex(@"^\s*(?:[-~—–至到]|－)\s*(?=[0-9])")]
    private static partial Regex RangeSeparator();

    /// <summary>
    /// The target number in a text: the first one written with a comparator, else the last one.
    /// Calendar years (2024年, 2024-2025年), ordinals (第3) and codes (5G) are not targets.
    /// </summary>
    private static bool TryQuantity(string s, out Quantity result)
    {
        result = default;
        // The first quantity with a comparator, else the last one (no list: values are short).
        bool any = false, withComparator = false;
        int resumeAt = 0;
        for (var m = NextNumber(s, 0); m.Index >= 0; m = NextNumber(s, m.Index + m.Length))
        {
            if (m.Index < resumeAt) continue;
            if (TryQuantityAt(s, m.Index, m.Length, out var q))
            {
                if (!withComparator) result = q;
                withComparator |= q.HasComparator;
                any = true;
                resumeAt = q.End;
            }
        }
        if (!any) return false;
        if (result.Subject is null && result.Start > 0)
            result = result with { Subject = SubjectOf(s.AsSpan(0, result.Start)) };
        return true;
    }

    internal static bool TryQuantityAt(string s, int index, int length, out Quantity q)
    {
        q = default;
        var token = s.AsSpan(index, length);
        bool chinese = token[0] is not (>= '0' and <= '9');
        decimal number;
        if (chinese)
        {
            if (!NumberText.TryParseChineseInteger(token.ToString(), out int n)) return false;
            number = n;
        }
        else
        {
            if (!NumberText.TryParseAmount(token, out number, out _)) return false;
            if (IsExcludedNumber(s, index, length)) return false;
        }

        int numStart = index;
        int pos = index + length;
        // A minus sign directly before the number, not between two numbers (2024-2025).
        if (!chinese && numStart > 0 && s[numStart - 1] == '-' && (numStart == 1 || !char.IsLetterOrDigit(s[numStart - 2])))
        {
            number = -number;
            numStart--;
        }
        if (!ReadScaleAndUnit(s, ref pos, ref number, out var unit)) return false;

        decimal? high = null;
        var range = chinese || !MayBeRange(s, pos) ? Match.Empty : RangeSeparator().Match(s, pos, s.Length - pos);
        if (!chinese && range.Success)
        {
            var hm = NextNumber(s, pos + range.Length);
            if (hm.Index == pos + range.Length && NumberText.TryParseAmount(s.AsSpan(hm.Index, hm.Length), out var h, out _))
            {
                int hpos = hm.Index + hm.Length;
                if (ReadScaleAndUnit(s, ref hpos, ref h, out var highUnit) && (unit is null || highUnit is null || unit == highUnit))
                {
                    high = h;
                    unit ??= highUnit;
                    pos = hpos;
                }
            }
        }

        Comparator? suffix = null;
        int afterUnit = SkipSpaces(s, pos);
        if (SuffixStarts.FirstAt(s, afterUnit) is >= 0 and var sk)
        {
            suffix = SuffixComparators[sk];
            pos = afterUnit + SuffixWords[sk].Length;
        }

        Comparator? prefix = null;
        int start = numStart;
        int beforeNum = numStart;
        while (beforeNum > 0 && TextChars.IsSpace(s[beforeNum - 1])) beforeNum--;
        if (PrefixEnds.FirstEndingAt(s, beforeNum) is >= 0 and var pk)
        {
            prefix = PrefixComparators[pk];
            start = beforeNum - PrefixWords[pk].Length;
        }

        // Chinese numerals only when they are the whole value (不少于两次), never inside words (一次性).
        if (chinese && (unit is null || SkipSpaces(s, pos) < s.Length || SubjectOf(s.AsSpan(0, start)) is not null))
            return false;

        // A range a-b is read as "at least a": the model has one number per value.
        Comparator? comparator = prefix ?? suffix ?? (high is not null ? Comparator.Ge : null);
        q = new Quantity(start, pos, NumberText.Normalize(number), high is null ? null : NumberText.Normalize(high.Value),
            unit, comparator ?? Comparator.Eq, prefix is not null || suffix is not null, null);
        return true;
    }

    /// <summary>Whether a range separator (the start of RangeSeparator) may follow: spares the pattern on most numbers.</summary>
    private static bool MayBeRange(string s, int pos)
    {
        int p = SkipSpaces(s, pos);
        return p < s.Length && s[p] is '-' or '~' or '—' or '–' or '至' or '到' or '－';
    }

    /// <summary>Years, ordinals and alphanumeric codes are numbers but never targets.</summary>
    private static bool IsExcludedNumber(string s, int index, int length)
    {
        int end = index + length;
        var value = s.AsSpan(index, length);
        if (index > 0 && (IsAsciiLetter(s[index - 1]) || s[index - 1] == '第')) return true;
        if (end < s.Length && IsAsciiLetter(s[end])) return true;
        if (length == 4 && !value.Contains('.') && int.TryParse(value, CultureInfo.InvariantCulture, out int year) && year is >= 1900 and <= 2100)
        {
            int next = SkipSpaces(s, end);
            if (next < s.Length && s[next] == '年') return true;
            if (next < s.Length && s[next] is '-' or '—' or '–' or '~' or '至' or '到')
            {
                int after = SkipSpaces(s, next + 1);
                if (after + 4 <= s.Length && OnlyDigits(s.AsSpan(after, 4))) return true;
            }
            if (index > 0 && s[index - 1] is '-' or '—' or '–' or '~' && index >= 5 && OnlyDigits(s.AsSpan(index - 5, 4))) return true;
        }
        return false;
    }

    private static bool OnlyDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span) if (c is < '0' or > '9') return false;
        return true;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    private static bool At(string s, int pos, string word)
        => pos >= 0 && pos <= s.Length && s.AsSpan(pos).StartsWith(word, StringComparison.Ordinal);

    private static int SkipSpaces(string s, int pos)
    {
        while (pos < s.Length && TextChars.IsSpace(s[pos])) pos++;
        return pos;
    }

    /// <summary>
    /// After a number: an optional scaling word (万, 亿, 千 — but 千米 is a unit) and an optional
    /// unit, possibly compound (次/年). The number is scaled; false only on overflow.
    /// </summary>
    private static bool ReadScaleAndUnit(string s, ref int pos, ref decimal number, out string? unit)
    {
        int p = SkipSpaces(s, pos);
        var scaledUnit = MatchUnit(s, p);
        // 千米, 千克 are units of their own; otherwise 千, 万, 亿 scale the number.
        unit = scaledUnit is not null && StartsWithScale(scaledUnit) ? scaledUnit : null;
        if (unit is null)
        {
            // Every scaling word starts with 万, 亿, 百 or 千; without one, the unit is the one at p.
            int before = p;
            if (p < s.Length && s[p] is '万' or '亿' or '百' or '千')
                foreach (var word in ScaleWords)
                {
                    if (At(s, p, word) && NumberText.TryScale(word, out var factor))
                    {
                        if (!NumberText.TryMultiply(number, factor, out number)) return false;
                        p = SkipSpaces(s, p + word.Length);
                        break;
                    }
                }
            unit = p == before ? scaledUnit : MatchUnit(s, p);
        }
        if (unit is null)
        {
            return true;
        }
        p += unit.Length;
        if (p + 1 < s.Length && s[p] == '/' && MatchUnit(s, p + 1) is { } per)
        {
            unit = unit + "/" + per;
            p += 1 + per.Length;
        }
        pos = p;
        return true;
    }

    private static bool StartsWithScale(string unit)
    {
        foreach (var w in ScaleWords)
            if (unit.StartsWith(w, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string? MatchUnit(string s, int pos)
    {
        // Only the units starting with the character at pos, longest first.
        int k = UnitStarts.FirstAt(s, pos);
        return k < 0 ? null : UnitsLongestFirst[k];
    }

    private static readonly WordIndex UnitStarts = WordIndex.ByFirst(UnitsLongestFirst);

    /// <summary>The words before the comparator, without connectors (完成率为 → 完成率); null when none.</summary>
    private static string? SubjectOf(ReadOnlySpan<char> before)
    {
        var t = TextChars.Trim(before);
        while (t.Length > 0 && (t[^1] is ':' or ',' or '、' or '为' or '是' or '(' || TextChars.IsSpace(t[^1])))
            t = t[..^1];
        return t.Length == 0 ? null : t.ToString();
    }

    // ---------------------------------------------------------------- figures in running text

    /// <summary>Characters that end the words before a figure in running text (a goal).</summary>
    private const string WordStops = "，。；、,.;:：（）()《》“”\"'！？!? \t";

    /// <summary>
    /// Every number written with a unit in a running text such as a goal (预期当年投产企业30家 →
    /// 30 家, the words 预期当年投产企业 before it), numbers scaled as in values (1.4万人 → 14000
    /// 人). Years, ordinals, codes and numbers without a unit are not figures. Never throws.
    /// </summary>
    public static List<TextFigure> FiguresIn(string? text)
    {
        var result = new List<TextFigure>();
        if (string.IsNullOrEmpty(text)) return result;
        try
        {
            var s = Clean(text);
            int resumeAt = 0;
            for (var m = NextNumber(s, 0); m.Index >= 0; m = NextNumber(s, m.Index + m.Length))
            {
                if (m.Index < resumeAt || !char.IsAsciiDigit(s[m.Index])) continue;
                if (!TryQuantityAt(s, m.Index, m.Length, out var q) || q.Unit is null) continue;
                resumeAt = q.End;
                var from = q.Start;
                while (from > 0 && q.Start - from < 20 && !WordStops.Contains(s[from - 1]) && s[from - 1] is not (>= '0' and <= '9')) from--;
                result.Add(new TextFigure(s[q.Start..q.End], s[from..q.Start].Trim(), q.Number, q.Unit));
            }
        }
        catch (Exception)
        {
            // As for values: a goal must never stop a document from being checked.
        }
        return result;
    }

    /// <summary>
    /// A figure of <see cref="FiguresIn"/>: its text, the words before it, its number and unit. A class, not a tuple:
    /// a list of tuples with a decimal is generic code ReadyToRun cannot hold, JIT-compiled in every run.
    /// </summary>
    public sealed record TextFigure(string Text, string Words, decimal Number, string Unit);

    // ---------------------------------------------------------------- deadlines

    [GeneratedRegex(@"(?<![0-9])(?:(?<y>[0-9]{4})\s*年\s*)?(?<m>[0-9]{1,2})\s*月份?\s*(?:(?<d>[0-9]{1,2})\s*[日号])?\s*(?<part>底|末|初|上旬|中旬|下旬)?\s*(?<before>之前|以前|前|止|内)?")]
    private static partial Regex MonthDate();
    [GeneratedRegex(@"(?<![0-9])(?<![0-9]\s*月\s*)(?<d>[0-9]{1,2})\s*[日号]\s*(?<before>之前|以前|前)")]
    private static partial Regex DayOfMonth();
    [GeneratedRegex(@"(?<what>年底|年末|年终|年内|年度内|上半年|下半年|年中|第(?<q>[一二三四1-4])季度)(?<part>末|底)?(?<before>之前|以前|前|内)?")]
    private static partial Regex KeywordDeadline();
    [GeneratedRegex(@"(?<![0-9])(?<y>(?:19|20)[0-9]{2})\s*[-/.]\s*(?<m>[0-9]{1,2})\s*[-/.]\s*(?<d>[0-9]{1,2})(?![0-9])\s*(?<before>之前|以前|前|止)?")]
    private static partial Regex IsoDate();
    [GeneratedRegex(@"(?<![0-9])(?<y>(?:19|20)[0-9]{2})\s*年\s*(?<before>之前|以前|前|内)")]
    private static partial Regex YearOnly();

    /// <summary>
    /// A date: 每年4月底前, 10月底前, 2025年12月底前, 12月31日前, 6月30日之前, 每月15日前, 2025-06-30.
    /// The year is kept when written; the day is the one written, or the last day the part of the
    /// month names (底/末/下旬: the month's last, 中旬: 20, 上旬 and 初: 10).
    /// </summary>
    private static bool TryDateDeadline(string s, TargetValue value)
    {
        // Every form needs 月, 日 or 号, or (ISO) a digit before - / or .
        if (s.AsSpan().IndexOfAny(DateMarks) < 0) return false;
        if (s.AsSpan().IndexOfAny('-', '/', '.') >= 0 && IsoDate().Match(s) is { Success: true } iso
            && int.Parse(iso.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var isoMonth
            && int.Parse(iso.Groups["d"].ValueSpan, CultureInfo.InvariantCulture) is var isoDay
            && isoDay >= 1 && isoDay <= DateTime.DaysInMonth(int.Parse(iso.Groups["y"].ValueSpan, CultureInfo.InvariantCulture), isoMonth))
        {
            SetDeadline(value, int.Parse(iso.Groups["y"].ValueSpan, CultureInfo.InvariantCulture), isoMonth, isoDay, iso.Groups["before"].Success);
            return true;
        }
        if (s.Contains('月'))
        {
            for (var m = MonthDate().Match(s); m.Success; m = m.NextMatch())
            {
                bool marked = m.Groups["d"].Success || m.Groups["part"].Success || m.Groups["before"].Success;
                if (!marked || !int.TryParse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture, out int month) || month is < 1 or > 12) continue;
                int? day = null;
                if (m.Groups["d"].Success)
                {
                    day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
                    if (day is < 1 or > 31) continue;
                }
                int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture) : null;
                day ??= m.Groups["part"].Success ? PartDay(m.Groups["part"].ValueSpan, year, month) : null;
                SetDeadline(value, year, month, day, m.Groups["before"].Success);
                return true;
            }
        }
        var dayOnly = DayOfMonth().Match(s);
        if (dayOnly.Success && int.Parse(dayOnly.Groups["d"].ValueSpan, CultureInfo.InvariantCulture) is >= 1 and <= 31 and var d)
        {
            SetDeadline(value, null, null, d, true);
            return true;
        }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> DateMarks = System.Buffers.SearchValues.Create("月日号-/.");

    /// <summary>The day a part of a month ends on: 底/末/下旬 the last, 中旬 the 20th, 上旬 and 初 the 10th.</summary>
    private static int PartDay(ReadOnlySpan<char> part, int? year, int month) => part switch
    {
        "中旬" => 20,
        "上旬" or "初" => 10,
        _ => DateTime.DaysInMonth(year ?? 2001, month),
    };

    /// <summary>
    /// A deadline named by a word: 年底前, 2025年底前, 年内, 上半年, 第三季度末; or a year alone (2025年前).
    /// Tried after numbers (年内完成3次 is a count). The month and day are the period's last.
    /// </summary>
    private static bool TryKeywordDeadline(string s, TargetValue value)
    {
        if (s.AsSpan().IndexOfAny('年', '季') < 0) return false;
        var m = KeywordDeadline().Match(s);
        if (!m.Success)
        {
            var y = YearOnly().Match(s);
            if (!y.Success) return false;
            SetDeadline(value, int.Parse(y.Groups["y"].ValueSpan, CultureInfo.InvariantCulture), 12, 31, true);
            return true;
        }
        int month = m.Groups["q"].Success ? 3 * ("一二三四".IndexOf(m.Groups["q"].Value[0]) is int i and >= 0 ? i + 1 : m.Groups["q"].Value[0] - '0')
            : m.Groups["what"].ValueSpan is "上半年" or "年中" ? 6 : 12;
        bool before = m.Groups["before"].Success || m.Groups["what"].ValueSpan.EndsWith("内");
        int? year = YearBefore(s.AsSpan(0, m.Index));
        SetDeadline(value, year, month, DateTime.DaysInMonth(year ?? 2001, month), before);
        return true;
    }

    /// <summary>The year written just before a period word: 2025 in 2025年底, 2025年年底, 2025年度内, 2025年上半年.</summary>
    private static int? YearBefore(ReadOnlySpan<char> before)
    {
        var t = before.TrimEnd();
        if (t.EndsWith("度")) t = t[..^1].TrimEnd();
        if (t.EndsWith("年")) t = t[..^1].TrimEnd();
        if (t.Length < 4 || !OnlyDigits(t[^4..]) || (t.Length > 4 && char.IsAsciiDigit(t[^5]))) return null;
        int year = int.Parse(t[^4..], CultureInfo.InvariantCulture);
        return year is >= 1900 and <= 2100 ? year : null;
    }

    private static void SetDeadline(TargetValue value, int? year, int? month, int? day, bool before)
    {
        value.Kind = ValueKind.Deadline;
        value.Year = year;
        value.Month = month;
        value.Day = day;
        value.Comparator = before ? Comparator.Le : Comparator.Eq;
    }

    // ---------------------------------------------------------------- graded scales

    private static readonly string[] GradeLabels = LongestFirst(
    [
        "优秀", "良好", "合格", "不合格", "及格", "不及格", "较好", "一般", "较差", "中等",
        "非常满意", "基本满意", "不满意", "满意", "达标", "未达标", "优", "良", "中", "差", "好",
    ]);

    [GeneratedRegex(@";|。|,(?![0-9]{3})|、")]
    private static partial Regex GradeSeparator();

    /// <summary>10次以上优秀；8-10次良好；5-8次合格 — at least two segments, each a number and a label.</summary>
    private static bool TryGradedScale(string s, out List<Grade> grades)
    {
        grades = null!;
        // Two segments need a separator: most values have none.
        if (s.AsSpan().IndexOfAny(GradeSeparatorChars) < 0) return false;
        // The segments of GradeSeparator, trimmed and non-empty, as ranges; a scale has a label in
        // every segment, checked before any segment is cut out.
        Span<Range> segments = stackalloc Range[32];
        int count = 0, start = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && !IsGradeSeparator(s, i)) continue;
            var seg = s.AsSpan(start, i - start);
            int lead = seg.Length - TextChars.TrimStart(seg).Length;
            var trimmed = TextChars.Trim(seg);
            if (trimmed.Length > 0)
            {
                if (!MayBeGrade(trimmed)) return false;
                if (count == segments.Length) return TryGradedScaleLong(s, out grades);
                segments[count++] = new Range(start + lead, start + lead + trimmed.Length);
            }
            start = i + 1;
        }
        if (count < 2) return false;
        grades = new List<Grade>(count);
        for (int k = 0; k < count; k++)
        {
            if (!TryGrade(s[segments[k]], out var grade)) return false;
            grades.Add(grade);
        }
        return true;
    }

    /// <summary>The same for a text of more segments than the fast path keeps.</summary>
    private static bool TryGradedScaleLong(string s, out List<Grade> grades)
    {
        grades = [];
        foreach (var part in GradeSeparator().Split(s))
        {
            var seg = part.Trim();
            if (seg.Length == 0) continue;
            if (!TryGrade(seg, out var grade)) return false;
            grades.Add(grade);
        }
        return grades.Count >= 2;
    }

    /// <summary>GradeSeparator at a position: ; 。 、 or a comma not followed by three digits (1,000).</summary>
    private static bool IsGradeSeparator(string s, int i)
    {
        char c = s[i];
        if (c is ';' or '。' or '、') return true;
        if (c != ',') return false;
        return !(i + 3 < s.Length && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]) && char.IsAsciiDigit(s[i + 3]));
    }

    /// <summary>What TryGrade needs first: a label ending the segment, or opening it.</summary>
    private static bool MayBeGrade(ReadOnlySpan<char> seg)
    {
        foreach (var l in GradeLabels)
            if (seg.Length > l.Length && (seg.EndsWith(l, StringComparison.Ordinal) || seg.StartsWith(l, StringComparison.Ordinal))) return true;
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> GradeSeparatorChars = System.Buffers.SearchValues.Create(";。,、");

    private static bool TryGrade(string seg, out Grade grade)
    {
        grade = new Grade();
        string? label = null;
        string rest = seg;
        foreach (var l in GradeLabels)
        {
            if (seg.EndsWith(l, StringComparison.Ordinal) && seg.Length > l.Length)
            {
                label = l;
                rest = seg[..^l.Length].TrimEnd(':', '为', ' ');
                break;
            }
            if (seg.StartsWith(l, StringComparison.Ordinal) && seg.Length > l.Length)
            {
                var after = seg[l.Length..].TrimStart(':', '为', ' ');
                if (after.Length > 0 && (char.IsDigit(after[0]) || StartsWithPrefix(after)))
                {
                    label = l;
                    rest = after;
                    break;
                }
            }
        }
        if (label is null) return false;
        var first = NextNumber(rest, 0);
        if (first.Index < 0 || !TryQuantityAt(rest, first.Index, first.Length, out var q)) return false;
        // The whole segment must be the quantity: no words besides the label.
        if (q.Start != 0 || SkipSpaces(rest, q.End) != rest.Length) return false;
        var cmp = q.HasComparator && q.High is null ? q.Comparator : q.High is null ? Comparator.Eq : (Comparator?)null;
        grade = new Grade
        {
            Label = label,
            Text = seg,
            Comparator = cmp,
            Unit = q.Unit,
            Low = q.High is not null || cmp is Comparator.Ge or Comparator.Gt or Comparator.Eq ? q.Number : null,
            High = q.High ?? (cmp is Comparator.Le or Comparator.Lt or Comparator.Eq ? q.Number : null),
        };
        return true;
    }

    private static bool StartsWithPrefix(string text)
    {
        foreach (var word in PrefixWords)
            if (text.StartsWith(word, StringComparison.Ordinal)) return true;
        return false;
    }

    // ---------------------------------------------------------------- restated names

    /// <summary>Nouns that name a measure: a value ending in one names what is measured, not a target.</summary>
    private static readonly string[] MeasureNouns =
    [
        "率", "数", "数量", "人次", "面积", "满意度", "知晓度", "知名度", "认可度", "参与度", "完成度",
        "金额", "额", "比例", "占比", "比重",
    ];

    /// <summary>Further measure nouns recognised when the indicator name ends in them too (工作任务量).</summary>
    private static readonly string[] NameMeasureNouns =
    [
        .. MeasureNouns, "量", "规模", "时限", "时长", "期限", "影响力", "水平", "进度", "收入", "产值", "效益",
    ];

    /// <summary>Words that make a text a qualitative target (提升, 较好) when they open or close it.</summary>
    private static readonly string[] DirectionWords =
    [
        "提升", "提高", "改善", "降低", "减少", "下降", "加强", "增强", "增加", "扩大", "较好", "良好", "较高",
        "较低", "较强", "明显", "显著", "达到", "确保", "保持", "不断", "持续", "优秀", "进一步", "稳步",
        "逐步", "完善", "优化", "零", "无", "没有", "杜绝", "大幅",
    ];

    /// <summary>Grade words that make a text qualitative wherever they stand.</summary>
    private static readonly string[] StrongGradeWords = ["较好", "较高", "良好", "明显", "显著", "提升", "提高", "改善"];

    // A word can only open a text starting with its first character, or close one ending with its
    // last: the lists are run only when the text's end characters could match (most measure texts
    // and names match none), in their order, so the first match is the same.
    private static readonly WordIndex DirectionStarts = WordIndex.ByFirst(DirectionWords);
    private static readonly WordIndex DirectionEnds = WordIndex.ByLast(DirectionWords);
    private static readonly WordIndex MeasureNounEnds = WordIndex.ByLast(MeasureNouns);
    private static readonly WordIndex NameMeasureNounEnds = WordIndex.ByLast(NameMeasureNouns);
    // Contains any of them: a scan for their first characters (faster on these texts than SearchValues<string>: WordIndex.ContainsAny).
    private static readonly WordIndex StrongGrades = WordIndex.ByFirst(StrongGradeWords);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
    [GeneratedRegex(@"\([^()]{1,4}\)$")]
    private static partial Regex TrailingUnitHint();
    [GeneratedRegex(@"^(?:本届|本年度|本年|当年|全年|年度|累计)")]
    private static partial Regex PeriodPrefix();

    private static bool HasWhiteSpace(string s)
    {
        foreach (var c in s)
            if (TextChars.IsSpace(c)) return true;
        return false;
    }

    private static string MeasureForm(string s)
    {
        var t = HasWhiteSpace(s) ? Spaces().Replace(s, "") : s;
        if (t.Contains(')')) t = TrailingUnitHint().Replace(t, "");
        if (t.EndsWith("指标", StringComparison.Ordinal) && t.Length > 2) t = t[..^2];
        return t;
    }

    /// <summary>
    /// Why a number-free value only names a measure: <see cref="NotATargetReason.RestatedName"/>
    /// when it is the indicator's measure again (the name itself, perhaps with 本届 before it, or a
    /// text ending in the name's own measure noun: 开展对接次数 for …对接次数);
    /// <see cref="NotATargetReason.MeasureName"/> when it ends in a measure noun but not the name's
    /// (公务活动工作人员满意度 for 服务对象满意率). A value that is the indicator's name word for word
    /// restates it too, even when the name is a statement (服务人员稳定 for 服务人员稳定): it adds
    /// nothing to the name. Null for anything else: a qualitative statement (有效提升) names no measure.
    /// </summary>
    internal static string? NamesAMeasure(string s, string? indicatorName)
        => MeasureText.Of(s) is { } measure ? NamesAMeasure(measure, indicatorName) : null;

    private static string? NamesAMeasure(MeasureText measure, string? indicatorName)
    {
        var v = measure.Form;
        var name = string.IsNullOrWhiteSpace(indicatorName) ? null : MeasureForm(NumberText.ToHalfWidth(indicatorName));
        if (name is not null && v == name) return NotATargetReason.RestatedName;
        if (measure.Qualitative) return null;
        string? noun = name is null ? null : NameMeasureNounEnds.FirstEndingAt(name, name.Length) is >= 0 and var k ? NameMeasureNouns[k] : null;
        if (noun is not null && (v == name || measure.WithoutPeriod == name || v.EndsWith(noun, StringComparison.Ordinal)))
            return NotATargetReason.RestatedName;
        return measure.EndsInMeasureNoun ? NotATargetReason.MeasureName : null;
    }

    /// <summary>
    /// What <see cref="NamesAMeasure(string, string?)"/> needs of a number-free value, whatever the
    /// indicator's name: its measure form, whether a direction or grade word makes it a qualitative
    /// target, whether it ends in a measure noun.
    /// </summary>
    internal sealed class MeasureText
    {
        public string Form { get; }
        public bool Qualitative { get; }
        public bool EndsInMeasureNoun { get; }
        private string? _withoutPeriod;

        /// <summary>The form without a leading period word (本届, 年度…); asked for rarely, so made on first use.</summary>
        public string WithoutPeriod => _withoutPeriod ??= PeriodPrefix().Replace(Form, "");

        private MeasureText(string form)
        {
            Form = form;
            // (Of never makes one of an empty form.)
            Qualitative = DirectionStarts.FirstAt(form, 0) >= 0 || DirectionEnds.FirstEndingAt(form, form.Length) >= 0
                || StrongGrades.ContainsAny(form);
            EndsInMeasureNoun = MeasureNounEnds.FirstEndingAt(form, form.Length) >= 0;
        }

        /// <summary>Null for a text with a digit or nothing left of it: no name makes it a measure.</summary>
        public static MeasureText? Of(string s)
        {
            if (s.AsSpan().IndexOfAny(TextChars.Digits) >= 0) return null;
            var v = MeasureForm(s);
            return v.Length == 0 ? null : new MeasureText(v);
        }
    }
}
