using System.Buffers;
using System.Runtime.CompilerServices;

namespace PerfRules.Values;

/// <summary>
/// White space as <see cref="char.IsWhiteSpace(char)"/> defines it, without the Unicode table
/// lookup that call makes for every character above Latin-1: the tables are mostly CJK text, and no
/// white space lies above U+3000 (a test checks every character against char.IsWhiteSpace).
/// </summary>
internal static class TextChars
{
    // Ranges as SearchValues, not MemoryExtensions.IndexOfAnyInRange<char>: the ReadyToRun build runs that generic
    // method's fallback, which boxed both bounds at every call (about 5 MB a 2,000-document run, from reading values).
    /// <summary>Full-width ASCII forms, U+FF01–U+FF5E.</summary>
    public static readonly SearchValues<char> FullWidthForms = Range('\uFF01', '\uFF5E');
    /// <summary>U+007F–U+00FF: DEL, the C1 controls and Latin-1 (where damage and mojibake start).</summary>
    public static readonly SearchValues<char> Latin1Upper = Range('\u007F', '\u00FF');
    /// <summary>The ASCII digits.</summary>
    public static readonly SearchValues<char> Digits = Range('0', '9');

    private static SearchValues<char> Range(char low, char high)
    {
        var chars = new char[high - low + 1];
        for (var k = 0; k < chars.Length; k++) chars[k] = (char)(low + k);
        return SearchValues.Create(chars);
    }

    // Answered by comparisons, without the Unicode table: white space above U+0020 is these few
    // characters (the test holds them to char.IsWhiteSpace for all 65,536).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(char c) => c <= ' ' ? c == ' ' || (uint)(c - '\t') <= '\r' - '\t' : c is >= '\u0085' and <= '\u3000' && IsOtherSpace(c);

    private static bool IsOtherSpace(char c) => c < '\u2000'
        ? c is '\u0085' or '\u00A0' or '\u1680'
        : c <= '\u200A' || c is '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000';

    /// <summary>MemoryExtensions.Trim with <see cref="IsSpace"/>.</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>string.Trim with <see cref="IsSpace"/>: the string itself when there is nothing to trim.</summary>
    public static string Trim(string s)
    {
        var t = Trim(s.AsSpan());
        return t.Length == s.Length ? s : t.ToString();
    }

    public static ReadOnlySpan<char> TrimStart(ReadOnlySpan<char> s)
    {
        int start = 0;
        while (start < s.Length && IsSpace(s[start])) start++;
        return s[start..];
    }

    /// <summary>string.IsNullOrWhiteSpace with <see cref="IsSpace"/>.</summary>
    public static bool IsBlank(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!IsSpace(c)) return false;
        return true;
    }

    /// <summary>Whether any character is white space.</summary>
    public static bool HasSpace(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (IsSpace(c)) return true;
        return false;
    }
}
