using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// An indicator head of the run-together text, `1、1-产出指标；11-数量指标；`: where it is and where
/// its parts are (start and length in the text; a code's start is -1 where none is written).
/// </summary>
internal readonly record struct IndicatorHead(
    int Index, int Length, int Seq, int Level1Code, int Level1CodeStart, int Level1NameStart, int Level1NameLength,
    int Level2Code, int Level2CodeStart, int Level2NameStart, int Level2NameLength)
{
    /// <summary>The pattern this scanner implements (tests compare the two).</summary>
    internal const string Pattern = @"(?<seq>\d{1,3})\s*[、．.]\s*(?:(?<l1>\d{1,2})\s*[-－—–]\s*)?(?<l1n>[^；;。，,\d]{1,12}?)\s*[；;]\s*(?:(?<l2>\d{1,3})\s*[-－—–]\s*)?(?<l2n>[^；;。，,]{1,16}?)\s*[；;]";

    public int End => Index + Length;
    public bool Success => Length > 0;
    public bool HasLevel1Code => Level1CodeStart >= 0;
    public bool HasLevel2Code => Level2CodeStart >= 0;

    /// <summary>
    /// The first head in [from, to) of a text, as the pattern
    /// <c>(?&lt;seq&gt;\d{1,3})\s*[、．.]\s*(?:(?&lt;l1&gt;\d{1,2})\s*[-－—–]\s*)?(?&lt;l1n&gt;[^；;。，,\d]{1,12}?)\s*[；;]\s*(?:(?&lt;l2&gt;\d{1,3})\s*[-－—–]\s*)?(?&lt;l2n&gt;[^；;。，,]{1,16}?)\s*[；;]</c>
    /// matches it (the same leftmost match and the same groups: the choices are tried in the
    /// pattern's order), without the regex engine's allocations: a document has hundreds of heads.
    /// </summary>
    public static IndicatorHead Find(ReadOnlySpan<char> text, int from, int to)
    {
        var t = text[..to];
        // A match starts at a digit whose run (at most three digits, then spaces) reaches a
        // separator: so only the separators need looking for (one vectorised search), and for each
        // only the leftmost digit that qualifies — the rest of the match does not depend on which
        // digit starts it, and a separator's digits lie after the previous separator, so the
        // separators' order is the order the pattern tries the starts in.
        for (int p = from; p < to;)
        {
            int k = t[p..].IndexOfAny('、', '．', '.');
            if (k < 0) break;
            int sep = p + k, end = sep;
            while (end > from && TextChars.IsSpace(t[end - 1])) end--;
            int start = end;
            while (start > from && end - start < 3 && char.IsDigit(t[start - 1])) start--;
            if (start < end && TryAt(t, start, out var head)) return head;
            p = sep + 1;
        }
        return default;
    }

    private static bool TryAt(ReadOnlySpan<char> t, int i, out IndicatorHead head)
    {
        head = default;
        // seq: \d{1,3}; only the whole run can be followed by \s*[、．.] (a digit is neither).
        int run = DigitRun(t, i, 4);
        if (run > 3) return false;
        int p = SkipSpaces(t, i + run);
        if (p >= t.Length || t[p] is not ('、' or '．' or '.')) return false;
        int afterSep = p + 1, maxSpace = SkipSpaces(t, afterSep);
        // \s* gives back spaces one at a time (the name classes accept white space).
        for (int q = maxSpace; q >= afterSep; q--)
        {
            // (?:l1 \s*[-－—–]\s*)? — tried present, then absent.
            int code1 = DigitRun(t, q, 3);
            if (code1 is >= 1 and <= 2)
            {
                int d = SkipSpaces(t, q + code1);
                if (d < t.Length && IsDash(t[d]))
                {
                    int after = d + 1, max = SkipSpaces(t, after);
                    for (int r = max; r >= after; r--)
                        if (Level1Name(t, r, out var l1End) && Level2(t, l1End, out var l2))
                        {
                            head = Make(t, i, run, q, code1, r, l1End, l2);
                            return true;
                        }
                }
            }
            if (Level1Name(t, q, out var nameEnd) && Level2(t, nameEnd, out var level2))
            {
                head = Make(t, i, run, -1, 0, q, nameEnd, level2);
                return true;
            }
        }
        return false;
    }

    /// <summary>l1n lazily (1–12 characters), then \s*[；;]: where the name ends and the separator's end.</summary>
    private static bool Level1Name(ReadOnlySpan<char> t, int start, out (int NameEnd, int After) end)
    {
        end = default;
        for (int len = 1; len <= 12 && start + len <= t.Length; len++)
        {
            char c = t[start + len - 1];
            if (c is '；' or ';' or '。' or '，' or ',' || char.IsDigit(c)) return false;
            int s = SkipSpaces(t, start + len);
            if (s < t.Length && t[s] is '；' or ';') { end = (start + len, s + 1); return true; }
        }
        return false;
    }

    private readonly record struct Level2Part(int CodeStart, int CodeLength, int NameStart, int NameEnd, int End);

    /// <summary>\s*(?:l2 \s*[-－—–]\s*)?l2n\s*[；;] after the level-1 separator.</summary>
    private static bool Level2(ReadOnlySpan<char> t, (int NameEnd, int After) level1, out Level2Part part)
    {
        part = default;
        int from = level1.After, max = SkipSpaces(t, from);
        for (int q = max; q >= from; q--)
        {
            int code = DigitRun(t, q, 4);
            if (code is >= 1 and <= 3)
            {
                int d = SkipSpaces(t, q + code);
                if (d < t.Length && IsDash(t[d]))
                {
                    int after = d + 1, m = SkipSpaces(t, after);
                    for (int r = m; r >= after; r--)
                        if (Level2Name(t, r, out var e)) { part = new Level2Part(q, code, r, e.NameEnd, e.After); return true; }
                }
            }
            if (Level2Name(t, q, out var end)) { part = new Level2Part(-1, 0, q, end.NameEnd, end.After); return true; }
        }
        return false;
    }

    /// <summary>l2n lazily (1–16 characters, digits allowed), then \s*[；;].</summary>
    private static bool Level2Name(ReadOnlySpan<char> t, int start, out (int NameEnd, int After) end)
    {
        end = default;
        for (int len = 1; len <= 16 && start + len <= t.Length; len++)
        {
            char c = t[start + len - 1];
            if (c is '；' or ';' or '。' or '，' or ',') return false;
            int s = SkipSpaces(t, start + len);
            if (s < t.Length && t[s] is '；' or ';') { end = (start + len, s + 1); return true; }
        }
        return false;
    }

    private static IndicatorHead Make(ReadOnlySpan<char> t, int i, int run, int code1Start, int code1Length, int name1Start,
        (int NameEnd, int After) name1, Level2Part l2)
        => new(i, l2.End - i, Number(t.Slice(i, run)),
            code1Start < 0 ? 0 : Number(t.Slice(code1Start, code1Length)), code1Start, name1Start, name1.NameEnd - name1Start,
            l2.CodeStart < 0 ? 0 : Number(t.Slice(l2.CodeStart, l2.CodeLength)), l2.CodeStart, l2.NameStart, l2.NameEnd - l2.NameStart);

    private static bool IsDash(char c) => c is '-' or '－' or '—' or '–';

    /// <summary>Digits (\d: any decimal digit, full width too) from i, counted up to <paramref name="cap"/>.</summary>
    private static int DigitRun(ReadOnlySpan<char> t, int i, int cap)
    {
        int n = 0;
        while (i + n < t.Length && n < cap && char.IsDigit(t[i + n])) n++;
        return n;
    }

    private static int SkipSpaces(ReadOnlySpan<char> t, int i)
    {
        while (i < t.Length && TextChars.IsSpace(t[i])) i++;
        return i;
    }

    /// <summary>The value of at most three decimal digits (int.Parse refuses full-width ones).</summary>
    private static int Number(ReadOnlySpan<char> digits)
    {
        int n = 0;
        foreach (var c in digits) n = n * 10 + (int)char.GetNumericValue(c);
        return n;
    }
}
