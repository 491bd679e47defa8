using System.Text;

namespace PerfRules.Ingest;

/// <summary>Names as the extraction leaves them: wrapped pieces and stray spaces.</summary>
internal static class NameText
{
    /// <summary>
    /// Removes white space that the extraction put between CJK characters (区东西部协作和 对口支援),
    /// keeping single spaces between Latin words.
    /// </summary>
    public static string Clean(string name)
    {
        var sb = new StringBuilder(name.Length);
        var s = name.Trim();
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (!char.IsWhiteSpace(c)) { sb.Append(c); continue; }
            int j = i;
            while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
            char prev = sb.Length > 0 ? sb[^1] : ' ';
            char next = j < s.Length ? s[j] : ' ';
            if (IsLatinWordChar(prev) && IsLatinWordChar(next)) sb.Append(' ');
            i = j - 1;
        }
        return sb.ToString();
    }

    private static bool IsLatinWordChar(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
}
