using PerfRules.Ingest;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>The source lines reports quote: the line each finding starts on, from the text the document was read from.</summary>
internal static class Snippets
{
    /// <summary>Reports quote a line up to this many characters (a PR007 line may be megabytes).</summary>
    public const int MaxSnippet = 1000;

    public static Dictionary<int, string> Of(IEnumerable<Finding> findings, SourceText? source, Dictionary<int, string>? into = null)
    {
        var snippets = into ?? new Dictionary<int, string>();
        if (source is null) return snippets;
        foreach (var f in findings)
            if (f.Span is { StartLine: var l } && l >= 1 && l <= source.LineCount)
                snippets[l] = source[l].Length <= MaxSnippet ? source[l] : source[l][..MaxSnippet] + "…";
        return snippets;
    }
}
