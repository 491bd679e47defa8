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
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            char r = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            };
            if (r != c)
            {
                sb ??= new StringBuilder(s, 0, i, s.Length);
                sb.Append(r);
            }
            else sb?.Append(c);
        }
        return sb?.ToString() ?? s;
    }

    [GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex AmountPattern();

    /// <summary>
    /// A money amount token such as 1,050.00, -3.5 or １２．００ (full width). Thousands separators
    /// must be well placed: 1,05.00 is not an amount.
    /// </summary>
    public static bool TryParseAmount(string token, out decimal value, out int decimals)
    {
        value = 0; decimals = 0;
        var t = ToHalfWidth(token.Trim());
        if (t.Length == 0 || t.Length > 40 || !AmountPattern().IsMatch(t)) return false;
        int dot = t.IndexOf('.');
        decimals = dot < 0 ? 0 : t.Length - dot - 1;
        return decimal.TryParse(t.Replace(",", ""), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A plain decimal number (digits, optional point and thousands separators), full width allowed.</summary>
    public static bool TryParseNumber(string token, out decimal value)
        => TryParseAmount(token, out value, out _);

    /// <summary>A decimal without trailing zeros in its scale (14000.0 → 14000), so it prints as written.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

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
