using UglyToad.PdfPig.Logging;

namespace PerfRules.Readers.Pdf;

/// <summary>
/// Listens to PdfPig for the letters it could not map to Unicode (a font without a ToUnicode map
/// and without standard glyph names). PdfPig then puts the character code itself in the letter
/// (Latin-1 garbage such as "Ê¥7%"), which no check of the text can tell from real text; its
/// warning, the only place that says so, names the code. Pinned to PdfPig 0.1.16's wording; the
/// no-ToUnicode fixture test fails if it changes.
/// </summary>
internal sealed class UnmappedLog : ILog
{
    private const string Prefix = "We could not find the corresponding character with code ";

    /// <summary>Codes met since the last <see cref="Take"/>.</summary>
    private readonly HashSet<int> _codes = new();

    public void Warn(string message)
    {
        if (!message.StartsWith(Prefix, StringComparison.Ordinal)) return;
        int end = Prefix.Length;
        while (end < message.Length && char.IsAsciiDigit(message[end])) end++;
        if (int.TryParse(message.AsSpan(Prefix.Length, end - Prefix.Length), out var code)) _codes.Add(code);
    }

    /// <summary>The codes PdfPig could not map while reading the last page, as the letters show them.</summary>
    public HashSet<string> Take()
    {
        var result = _codes.Where(c => c is >= 0 and <= 0xFFFF).Select(c => ((char)c).ToString()).ToHashSet(StringComparer.Ordinal);
        _codes.Clear();
        return result;
    }

    public void Debug(string message) { }
    public void Debug(string message, Exception ex) { }
    public void Error(string message) { }
    public void Error(string message, Exception ex) { }
}
