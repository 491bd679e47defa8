using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PerfRules.Values;

/// <summary>Numbers as written in the tables: full-width digits, thousands separators, money amounts.</summary>
public static partial class NumberText
{
    /// <summary>Full-width ASCII (０-９, ．, ，, ％, ＋, －, ＜, ＞, ＝, space) to half-width.</summary>
    public static string ToHalfWidth(string s)
    {
        // One character for one: the string itself when none changes, else one copy mapped in place.
        var span = s.AsSpan();
        int wide = span.IndexOfAny(TextChars.FullWidthForms), space = span.IndexOf('\u3000');
        int first = wide < 0 ? space : space < 0 ? wide : Math.Min(wide, space);
        if (first < 0) return s;
        return string.Create(s.Length, (s, first), static (chars, state) =>
        {
            state.s.AsSpan(0, state.first).CopyTo(chars);
            for (int i = state.first; i < chars.Length; i++) chars[i] = HalfWidth(state.s[i]);
        });
    }

    /// <summary>
    /// A money amount token such as 1,050.00, -3.5 or １２．００ (full width). Thousands separators
    /// must be well placed: 1,05.00 is not an amount.
    /// </summary>
    public static bool TryParseAmount(string token, out decimal value, out int decimals)
        => TryParseAmount(token.AsSpan(), out value, out decimals);

    /// <inheritdoc cref="TryParseAmount(string, out decimal, out int)"/>
    public static bool TryParseAmount(ReadOnlySpan<char> token, out decimal value, out int decimals)
    {
        value = 0; decimals = 0;
        token = TextChars.Trim(token);
        if (token.Length == 0 || token.Length > 40) return false;
        // Half width and without separators, in one pass: [+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?
        Span<char> plain = stackalloc char[40];
        int n = 0, i = 0;
        char c = HalfWidth(token[0]);
        if (c is '+' or '-') { plain[n++] = c; i++; }
        int run = 0, groups = 0;
        bool separators = false;
        for (; i < token.Length; i++)
        {
            c = HalfWidth(token[i]);
            if (c is >= '0' and <= '9') { plain[n++] = c; run++; continue; }
            if (c != ',') break;
            // A separator follows 1–3 digits first, then exactly 3.
            if (run == 0 || (groups == 0 ? run > 3 : run != 3)) return false;
            separators = true;
            groups++;
            run = 0;
        }
        if (run == 0 || (separators && run != 3)) return false;
        if (i < token.Length)
        {
            if (c != '.') return false;
            plain[n++] = '.';
            int digits = 0;
            for (i++; i < token.Length; i++)
            {
                c = HalfWidth(token[i]);
                if (c is < '0' or > '9') return false;
                plain[n++] = c;
                digits++;
            }
            if (digits == 0) return false;
            decimals = digits;
        }
        return FromDigits(plain[..n], out value);
    }

    /// <summary>
    /// [+-]?digits(.digits)? as a decimal: built from its digits when they fit 64 bits (every amount
    /// does), else (and for zero, whose sign decimal.Parse decides) by decimal.TryParse.
    /// </summary>
    private static bool FromDigits(ReadOnlySpan<char> plain, out decimal value)
    {
        int i = 0;
        bool negative = false;
        if (plain.Length > 0 && plain[0] is '+' or '-') { negative = plain[0] == '-'; i = 1; }
        ulong mantissa = 0;
        int digits = 0, scale = 0;
        bool point = false;
        for (; i < plain.Length; i++)
        {
            char c = plain[i];
            if (c == '.') { point = true; continue; }
            if (++digits > 19) return decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
            mantissa = mantissa * 10 + (ulong)(c - '0');
            if (point) scale++;
        }
        if (mantissa == 0 || scale > 28)
            return decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    private static char HalfWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    /// <summary>What <see cref="ReadAmountLike"/> made of a token.</summary>
    public enum AmountLikeKind
    {
        /// <summary>Not written like an amount (words, a bare integer).</summary>
        None,
        /// <summary>An amount in another form, read: 20.6万 in a 万元 table is 20.6; 1,050 is 1050.</summary>
        Read,
        /// <summary>Thousands separators out of place: 2,0352.20.</summary>
        Separators,
        /// <summary>万 or 亿 (or 元) written, but the table names no money unit to scale to.</summary>
        NoMoneyUnit,
    }

    /// <summary>A token written like an amount but not in the table's plain form.</summary>
    public readonly record struct AmountLike(AmountLikeKind Kind, decimal Value, int Decimals, bool Scaled);

    /// <summary>
    /// A token that is an amount in another form than the table's (1,050.00): a figure with 万/亿
    /// (and 元) after it, scaled to the table's money unit (20.6万 in a 万元 table is 20.6, in a 元
    /// table 206000); misplaced thousands separators (2,0352.20: a problem, never guessed); or a
    /// figure with fewer decimals (20.6, 1,050). Full-width digits count as digits. Kind None for
    /// anything else, including a bare integer (2025) and a number inside words.
    /// </summary>
    public static AmountLike ReadAmountLike(ReadOnlySpan<char> token, string? moneyUnit)
    {
        token = TextChars.Trim(token);
        if (token.Length == 0 || token.Length > 40) return default;
        Span<char> t = stackalloc char[40];
        for (int k = 0; k < token.Length; k++) t[k] = HalfWidth(token[k]);
        t = t[..token.Length];
        decimal factor = 1m;
        bool yuan = t[^1] == '元', scaled = false;
        if (yuan) t = t[..^1];
        if (t.Length > 0 && t[^1] is '万' or '亿' or '千')
        {
            factor = t[^1] switch { '万' => 10_000m, '亿' => 100_000_000m, _ => 1_000m };
            t = t[..^1];
            scaled = true;
        }
        // What is left: [+-]?digit[digits and commas]*(.digits)?
        int start = t.Length > 0 && t[0] is '+' or '-' ? 1 : 0;
        if (t.Length <= start || t[start] is < '0' or > '9') return default;
        int dot = -1;
        bool comma = false;
        for (int k = start; k < t.Length; k++)
        {
            char c = t[k];
            if (c is >= '0' and <= '9') continue;
            if (c == ',' && dot < 0) { comma = true; continue; }
            if (c == '.' && dot < 0 && k + 1 < t.Length) { dot = k; continue; }
            return default;
        }
        if (!scaled && !yuan && !comma && dot < 0) return default;   // a bare integer: words, a year, a count
        if (!TryParseAmount(t, out var number, out int decimals))
            return comma ? new AmountLike(AmountLikeKind.Separators, 0, 0, scaled) : default;
        if (!scaled && !yuan) return new AmountLike(AmountLikeKind.Read, number, decimals, false);
        if (MoneyUnitFactor(moneyUnit) is not { } unit) return new AmountLike(AmountLikeKind.NoMoneyUnit, 0, 0, true);
        if (!TryMultiply(number, factor, out var inYuan)) return default;
        var value = Normalize(inYuan / unit);
        // As printed after scaling: 20.6万 in 万元 is 20.6 (one place), 20.6万 in 元 is 206000 (none).
        return new AmountLike(AmountLikeKind.Read, value, Math.Max(0, (int)value.Scale), true);
    }

    /// <summary>元 1, 千元 1000, 万元 10^4, 亿元 10^8; null for an unknown or missing unit.</summary>
    public static decimal? MoneyUnitFactor(string? moneyUnit) => moneyUnit?.Trim() switch
    {
        "元" => 1m,
        "千元" => 1_000m,
        "万元" => 10_000m,
        "亿元" => 100_000_000m,
        _ => null,
    };

    /// <summary>A plain decimal number (digits, optional point and thousands separators), full width allowed.</summary>
    public static bool TryParseNumber(string token, out decimal value)
        => TryParseAmount(token, out value, out _);

    /// <summary>A decimal without trailing zeros in its scale (14000.0 → 14000), so it prints as written.</summary>
    public static decimal Normalize(decimal value)
    {
        // Trailing zeros dropped from a mantissa that fits 64 bits (every amount and target does)
        // without the 96-bit division the general form costs.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] != 0 || scale == 0) return scale == 0 ? value : value / 1.000000000000000000000000000000000m;
        ulong mantissa = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        if (mantissa == 0) return 0m;
        while (scale > 0 && mantissa % 10 == 0) { mantissa /= 10; scale--; }
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, bits[3] < 0, (byte)scale);
    }

    /// <summary>
    /// The factor of a Chinese scaling word written after a number: 万 10^4, 亿 10^8, 千 10^3,
    /// 百万 10^6, 千万 10^7, 万亿 10^12. False for anything else.
    /// </summary>
    public static bool TryScale(string word, out decimal factor)
    {
        factor = word switch
        {
            "千" => 1_000m,
            "万" => 10_000m,
            "百万" => 1_000_000m,
            "千万" => 10_000_000m,
            "亿" => 100_000_000m,
            "万亿" => 1_000_000_000_000m,
            _ => 0m,
        };
        return factor != 0m;
    }

    /// <summary>The scaling words, longest first, for matching at a position in a text.</summary>
    public static IReadOnlyList<string> ScaleWords { get; } = ["万亿", "百万", "千万", "亿", "万", "千"];

    /// <summary>
    /// number × factor, or false when the product does not fit a decimal (never throws).
    /// </summary>
    public static bool TryMultiply(decimal number, decimal factor, out decimal product)
    {
        try { product = Normalize(number * factor); return true; }
        catch (OverflowException) { product = 0; return false; }
    }

    /// <summary>
    /// A small Chinese integer such as 两, 十二, 三百五十 (up to 9999). Used for values like 不少于两次.
    /// </summary>
    public static bool TryParseChineseInteger(string token, out int value)
    {
        value = 0;
        if (token is "零" or "〇") return true;
        if (token.Length == 0 || token.Length > 8) return false;
        int total = 0, lastUnit = 10_000;
        int? pending = null;
        foreach (char c in token)
        {
            if (c is '零' or '〇')
            {
                if (pending is not null) return false; // 一零 is not a number
                continue;
            }
            int d = c == '两' ? 2 : "一二三四五六七八九".IndexOf(c) + 1;
            if (d > 0)
            {
                if (pending is not null) return false; // 二三 is not a number
                pending = d;
                continue;
            }
            int unit = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (unit == 0 || unit >= lastUnit) return false;
            // A leading 十 means 一十 (十二 = 12).
            int mult = pending ?? (unit == 10 && total == 0 ? 1 : 0);
            if (mult == 0) return false;
            total += mult * unit;
            lastUnit = unit;
            pending = null;
        }
        total += pending ?? 0;
        value = total;
        return total > 0;
    }
}
