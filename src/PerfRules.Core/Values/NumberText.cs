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
}
