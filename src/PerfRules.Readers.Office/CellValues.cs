using System.Globalization;
using System.Text;

namespace PerfRules.Readers.Office;

/// <summary>What a cell's number format makes of its number.</summary>
internal enum NumberKind { General, Fixed, Percent, Date, Text }

/// <summary>A number format reduced to what the text needs: its kind and the decimals it shows.</summary>
internal readonly record struct NumberFormat(NumberKind Kind, int Decimals)
{
    public static readonly NumberFormat General = new(NumberKind.General, 0);

    /// <summary>The built-in formats (ECMA-376 18.8.30, with the zh-CN date formats 27–36 and 50–58).</summary>
    public static NumberFormat Builtin(int id) => id switch
    {
        1 or 3 or 37 or 38 => new(NumberKind.Fixed, 0),
        2 or 4 or 39 or 40 or 43 or 44 => new(NumberKind.Fixed, 2),
        9 => new(NumberKind.Percent, 0),
        10 => new(NumberKind.Percent, 2),
        >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58 => new(NumberKind.Date, 0),
        49 => new(NumberKind.Text, 0),
        _ => General,
    };

    /// <summary>
    /// A format code such as <c>#,##0.00</c>, <c>0.0%</c>, <c>yyyy"年"m"月"d"日"</c> or <c>@</c>: only its first
    /// section counts (the positive numbers); quoted text, escapes and [colour]/[locale] parts are ignored.
    /// </summary>
    public static NumberFormat Parse(string code)
    {
        var section = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"') { quoted = !quoted; continue; }
            if (quoted) continue;
            if (c == '\\' || c == '_' || c == '*') { i++; continue; }
            if (c == '[')
            {
                int close = code.IndexOf(']', i);
                if (close < 0) break;
                i = close;
                continue;
            }
            if (c == ';') break;
            section.Append(c);
        }
        var s = section.ToString();
        if (s.Equals("General", StringComparison.OrdinalIgnoreCase) || s.Length == 0) return General;
        if (s.Contains('@')) return new(NumberKind.Text, 0);
        int decimals = 0;
        int dot = s.IndexOf('.');
        if (dot >= 0)
            for (int i = dot + 1; i < s.Length && s[i] is '0' or '#' or '?'; i++) decimals++;
        if (s.Contains('%')) return new(NumberKind.Percent, decimals);
        if (s.IndexOfAny(new[] { 'y', 'Y', 'd', 'D', 'h', 'H', 's', 'S', 'm', 'M', 'e', 'E' }) >= 0
            && !s.Contains("E+", StringComparison.OrdinalIgnoreCase) && !s.Contains("E-", StringComparison.OrdinalIgnoreCase))
            return new(NumberKind.Date, 0);
        return new(NumberKind.Fixed, decimals);
    }
}

/// <summary>Numbers as a spreadsheet shows them, without what binary floating point adds.</summary>
internal static class CellValues
{
    /// <summary>
    /// The text of a stored number (its invariant text, e.g. 20611.439999999999): rounded to the 15
    /// significant digits a spreadsheet keeps, never fewer decimals than it has, at least as many as
    /// the format shows (220 with 0.00 → 220.00). Percent formats show ×100 and %; date formats a date.
    /// </summary>
    public static string Number(string raw, NumberFormat format)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d) || double.IsInfinity(d))
            return raw.Trim();
        return Number(d, format);
    }

    public static string Number(double d, NumberFormat format)
    {
        if (format.Kind == NumberKind.Date && d >= 0 && d < 2958466)
        {
            var date = DateTime.FromOADate(d);
            return date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)
                : date.ToString("yyyy年M月d日 H:mm", CultureInfo.InvariantCulture);
        }
        if (format.Kind == NumberKind.Percent) return Decimal(d * 100, format.Decimals) + "%";
        return Decimal(d, format.Kind == NumberKind.Fixed ? format.Decimals : 0);
    }

    private static string Decimal(double d, int minDecimals)
    {
        if (Math.Abs(d) >= 7.9e27) return d.ToString("R", CultureInfo.InvariantCulture);
        var text = d.ToString("G15", CultureInfo.InvariantCulture);
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
            return d.ToString("R", CultureInfo.InvariantCulture);
        var plain = m.ToString("0.############################", CultureInfo.InvariantCulture);
        int dot = plain.IndexOf('.');
        int have = dot < 0 ? 0 : plain.Length - dot - 1;
        if (have >= minDecimals) return plain;
        return (dot < 0 ? plain + "." : plain) + new string('0', minDecimals - have);
    }
}
