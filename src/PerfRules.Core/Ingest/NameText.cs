using System.Text;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>Names as the extraction leaves them: wrapped pieces and stray spaces.</summary>
internal static class NameText
{
    /// <summary>
    /// Removes white space that the extraction put between CJK characters (区东西部协作和 对口支援),
    /// keeping single spaces between Latin words.
    /// </summary>
    public static string Clean(string name) => Clean(name.AsSpan());

    /// <inheritdoc cref="Clean(string)"/>
    public static string Clean(ReadOnlySpan<char> name)
    {
        var s = TextChars.Trim(name);
        // Most names have no white space inside: no builder.
        if (!TextChars.HasSpace(s)) return s.ToString();
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (!TextChars.IsSpace(c)) { sb.Append(c); continue; }
            int j = i;
            while (j < s.Length && TextChars.IsSpace(s[j])) j++;
            char prev = sb.Length > 0 ? sb[^1] : ' ';
            char next = j < s.Length ? s[j] : ' ';
            if (IsLatinWordChar(prev) && IsLatinWordChar(next)) sb.Append(' ');
            i = j - 1;
        }
        return sb.ToString();
    }

    private static bool IsLatinWordChar(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
}
