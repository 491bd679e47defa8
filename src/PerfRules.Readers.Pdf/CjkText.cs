using System.Text;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// PDF writers often map a CJK glyph to the radical code point that shares its shape (Chromium's
/// Type 3 fonts give 项⽬ with U+2F6C KANGXI RADICAL EYE, 部⻔ with U+2ED4), so the text looks right
/// but does not compare equal. This maps radicals, and compatibility ideographs, to the unified
/// ideograph, as Unicode's EquivalentUnifiedIdeograph.txt and NFKC say, and the two code points of
/// the Chinese dash to one; nothing else is changed (full-width colons and brackets are part of the
/// forms' text).
/// </summary>
internal static class CjkText
{
    // U+2E80..U+2EF3 (CJK Radicals Supplement) → unified ideograph, from EquivalentUnifiedIdeograph.txt; 0 = none.
    private static readonly int[] Supplement =
    {
        0x00000, 0x05382, 0x04E5B, 0x04E5A, 0x04E59, 0x04EBB, 0x05182, 0x20628, 0x05200, 0x05202,
        0x0535C, 0x0353E, 0x05C0F, 0x05C0F, 0x05140, 0x05C23, 0x05C22, 0x21BC2, 0x05DF3, 0x05E7A,
        0x05F51, 0x05F50, 0x05FC4, 0x05FC3, 0x0624C, 0x06535, 0x00000, 0x065E1, 0x065E5, 0x06708,
        0x06B7A, 0x06BCD, 0x06C11, 0x06C35, 0x06C3A, 0x0706C, 0x0722B, 0x0722B, 0x04E2C, 0x0725B,
        0x072AD, 0x0738B, 0x24D14, 0x076EE, 0x0793A, 0x0793B, 0x25AD7, 0x07CF9, 0x07E9F, 0x07F53,
        0x07F52, 0x034C1, 0x05197, 0x2626B, 0x07F8A, 0x2634C, 0x2634B, 0x08002, 0x08080, 0x0807F,
        0x08089, 0x26951, 0x08279, 0x08279, 0x08279, 0x0864E, 0x08864, 0x08980, 0x0897F, 0x089C1,
        0x089D2, 0x278B2, 0x08BA0, 0x08D1D, 0x27FB7, 0x08F66, 0x08FB6, 0x08FB6, 0x08FB6, 0x09091,
        0x09485, 0x09577, 0x09578, 0x0957F, 0x095E8, 0x28E0F, 0x0961D, 0x096E8, 0x09752, 0x097E6,
        0x09875, 0x098CE, 0x098DE, 0x098DF, 0x2967F, 0x098E0, 0x09963, 0x29810, 0x09A6C, 0x09AA8,
        0x09B3C, 0x09C7C, 0x09E1F, 0x05364, 0x09EA6, 0x09EC4, 0x09EFE, 0x06589, 0x09F50, 0x06B6F,
        0x09F7F, 0x07ADC, 0x09F99, 0x09F9C, 0x04E80, 0x09F9F,    };

    /// <summary>Whether any character of the text needs mapping (the common case is no).</summary>
    public static bool NeedsMapping(string s)
    {
        foreach (var c in s)
            if (c is >= '\u2E80' and <= '\u2FDF' or >= '\uF900' and <= '\uFAFF' or '\u2015') return true;
        return false;
    }

    /// <summary>The text with radicals and compatibility ideographs replaced by their unified ideographs.</summary>
    public static string Unify(string s)
    {
        if (!NeedsMapping(s)) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= '\u2E80' and <= '\u2EF3' && Supplement[c - 0x2E80] is var cp and > 0) sb.Append(char.ConvertFromUtf32(cp));
            // The one radical whose glyph in simplified-Chinese fonts (Source Han / Noto CJK SC) is not
            // its NFKC ideograph: DOOR is drawn 户 (U+6237), not 戶 (U+6236). Checked against the font's cmap.
            else if (c == '\u2F3E') sb.Append('\u6237');
            // The Chinese dash: GB 18030 maps it to U+2014, GBK to U+2015, and fonts share one glyph.
            else if (c == '\u2015') sb.Append('\u2014');
            // Kangxi radicals (U+2F00..U+2FD5) and compatibility ideographs decompose to the ideograph under NFKC.
            else if (c is >= '\u2F00' and <= '\u2FD5' or >= '\uF900' and <= '\uFAFF') sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
