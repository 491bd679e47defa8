using System.Text;
using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>Turns bytes into text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, or GB18030/GBK.</summary>
public static class TextDecoder
{
    static TextDecoder() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

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
            if (TryUtf8(bytes, out var utf8)) return (utf8, "utf-8");
            // Not UTF-8: Chinese government text without a BOM is GB18030 (a superset of GBK and GB2312).
            if (bytes.IndexOf((byte)0) < 0) return (Gb18030.GetString(bytes), "gb18030");
        }
        if (LooksLikeUtf16(bytes, out var bigEndian))
            return (new UnicodeEncoding(bigEndian, false, false).GetString(bytes), bigEndian ? "utf-16be" : "utf-16le");
        // Binary or mixed: decode leniently so the damage is visible (and reported as PR004).
        return (new UTF8Encoding(false, false).GetString(bytes), "utf-8");
    }

    /// <summary>
    /// Strict UTF-8 in one pass (the transcoder validates as it goes; Encoding.GetString validates
    /// first, then transcodes); false at the first invalid byte.
    /// </summary>
    private static bool TryUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            if (System.Text.Unicode.Utf8.ToUtf16(bytes, buffer, out _, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
                return false;
            text = new string(buffer, 0, written);
            return true;
        }
        finally { System.Buffers.ArrayPool<char>.Shared.Return(buffer); }
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
    public static IReadOnlyList<Diagnostic> FindDamage(SourceText source)
    {
        // Made only when a line is damaged: almost every document has none.
        List<Diagnostic>? result = null;
        // Damage starts only at a character DamageColumn looks for; lines hold no CR or LF, so a text
        // without any of those, once searched whole, has no damaged line.
        if (!MayBeDamaged(source.Text)) return Array.Empty<Diagnostic>();
        for (int line = 1; line <= source.LineCount; line++)
        {
            int col = DamageColumn(source.Chars(line));
            if (col < 0) continue;
            var s = source[line];
            (result ??= new List<Diagnostic>()).Add(new Diagnostic("PR004", $"第 {line} 行文本已损坏（含替换字符、控制字符或乱码），请检查文件编码", SourceSpan.Line(line, col + 1, Math.Max(col + 1, s.Length)), Excerpt(s)));
        }
        return result ?? (IReadOnlyList<Diagnostic>)Array.Empty<Diagnostic>();
    }

    private static bool MayBeDamaged(ReadOnlySpan<char> text)
        => text.IndexOfAny(ControlsInLines) >= 0 || text.IndexOfAny(TextChars.Latin1Upper) >= 0 || text.Contains('\uFFFD');

    internal static string Excerpt(string s) => s.Length <= 80 ? s : s[..80] + "…";

    private static int DamageColumn(ReadOnlySpan<char> s)
    {
        // Damage starts with a control character, a character of U+007F–U+00FF (C1 controls, and the
        // Latin-1 letters mojibake starts with) or U+FFFD: vectorised searches for those (rare in the
        // tables' text), then the check of the few found.
        int first = s.IndexOfAny(AsciiControls);
        int latin = s.IndexOfAny(TextChars.Latin1Upper);
        while (latin >= 0 && (first < 0 || latin < first))
        {
            char c = s[latin];
            if (c <= '\u009F') { first = latin; break; }
            // UTF-8 bytes shown as Latin-1: "å¹¿å·ž" — Ã/Â/å/ä/æ/ç/é/è followed by a C1-range or punctuation byte.
            if (c is 'Ã' or 'Â' or 'å' or 'æ' or 'ç' or 'è' or 'é' or 'ä' && latin + 1 < s.Length && s[latin + 1] is >= '\u0080' and <= '\u00BF')
            {
                first = latin;
                break;
            }
            int next = s[(latin + 1)..].IndexOfAny(TextChars.Latin1Upper);
            latin = next < 0 ? -1 : latin + 1 + next;
        }
        int replacement = first < 0 ? s.IndexOf('\uFFFD') : s[..first].IndexOf('\uFFFD');
        return replacement >= 0 ? replacement : first;
    }

    /// <summary>Control characters but tab, CR and LF (which end lines, so no line holds them).</summary>
    private static readonly System.Buffers.SearchValues<char> ControlsInLines = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    /// <summary>Control characters but tab.</summary>
    private static readonly System.Buffers.SearchValues<char> AsciiControls = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");
}
