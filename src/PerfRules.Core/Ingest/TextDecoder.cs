using System.Text;
using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>Turns bytes into text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, or GB18030/GBK.</summary>
public static class TextDecoder
{
    static TextDecoder() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>GB18030; bytes it cannot decode become U+FFFD (not '?') so they are reported as damage.</summary>
    public static Encoding Gb18030 => System.Text.Encoding.GetEncoding(54936, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

    /// <summary>Decodes the bytes and names the encoding used.</summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return (new UTF8Encoding(false, false).GetString(bytes[3..]), "utf-8-bom");
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return (new UnicodeEncoding(false, false, false).GetString(bytes[2..]), "utf-16le");
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return (new UnicodeEncoding(true, false, false).GetString(bytes[2..]), "utf-16be");
        if (bytes.IndexOf((byte)0) < 0 || !LooksLikeUtf16(bytes, out _))
        {
            try { return (StrictUtf8.GetString(bytes), "utf-8"); }
            catch (DecoderFallbackException) { }
            // Not UTF-8: Chinese government text without a BOM is GB18030 (a superset of GBK and GB2312).
            if (bytes.IndexOf((byte)0) < 0) return (Gb18030.GetString(bytes), "gb18030");
        }
        if (LooksLikeUtf16(bytes, out var bigEndian))
            return (new UnicodeEncoding(bigEndian, false, false).GetString(bytes), bigEndian ? "utf-16be" : "utf-16le");
        // Binary or mixed: decode leniently so the damage is visible (and reported as PR004).
        return (new UTF8Encoding(false, false).GetString(bytes), "utf-8");
    }

    /// <summary>UTF-16 without BOM: ASCII-range text puts NUL in every other byte.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        if (bytes.Length < 4 || bytes.Length % 2 != 0) return false;
        int evenNul = 0, oddNul = 0, n = Math.Min(bytes.Length, 4096);
        for (int i = 0; i + 1 < n; i += 2)
        {
            if (bytes[i] == 0) evenNul++;
            if (bytes[i + 1] == 0) oddNul++;
        }
        int pairs = n / 2;
        if (oddNul > pairs / 4 && evenNul == 0) { bigEndian = false; return true; }
        if (evenNul > pairs / 4 && oddNul == 0) { bigEndian = true; return true; }
        return false;
    }

    /// <summary>
    /// PR004 diagnostics for damaged text: replacement characters, NUL and control characters,
    /// and mojibake (UTF-8 read as Latin-1 or GBK), one per damaged line.
    /// </summary>
    public static List<Diagnostic> FindDamage(SourceText source)
    {
        var result = new List<Diagnostic>();
        for (int line = 1; line <= source.LineCount; line++)
        {
            var s = source[line];
            int col = DamageColumn(s);
            if (col < 0) continue;
            result.Add(new Diagnostic("PR004", $"第 {line} 行文本已损坏（含替换字符、控制字符或乱码），请检查文件编码", SourceSpan.Line(line, col + 1, Math.Max(col + 1, s.Length)), Excerpt(s)));
        }
        return result;
    }

    internal static string Excerpt(string s) => s.Length <= 80 ? s : s[..80] + "…";

    private static int DamageColumn(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\uFFFD') return i;
            if (c < 0x20 && c != '\t') return i;
            if (c >= 0x7F && c <= 0x9F) return i;
            // UTF-8 bytes shown as Latin-1: "å¹¿å·ž" — Ã/Â/å/ä/æ/ç/é/è followed by a C1-range or punctuation byte.
            if (c is 'Ã' or 'Â' or 'å' or 'æ' or 'ç' or 'è' or 'é' or 'ä' && i + 1 < s.Length && s[i + 1] is >= '\u0080' and <= '\u00BF')
                return i;
        }
        return -1;
    }
}
