using System.Buffers;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// The source lines reports quote: every line of each finding's span and of its related span (the
/// object the faulty part is in), from the text the document was read from.
/// </summary>
internal static class Snippets
{
    /// <summary>Reports quote a line up to this many characters (a PR007 line may be megabytes).</summary>
    public const int MaxSnippet = 1000;

    /// <summary>At most this many lines per finding (a project's indicators may run over dozens).</summary>
    public const int MaxLines = 12;

    public static Dictionary<int, string> Of(IEnumerable<Finding> findings, SourceText? source, Dictionary<int, string>? into = null) =>
        source is null ? into ?? new Dictionary<int, string>() : Of(findings, source.LineCount, l => source[l], into);

    /// <summary>The same from a text's line count and its 1-based lines (read one at a time, e.g. from the spill).</summary>
    public static Dictionary<int, string> Of(IEnumerable<Finding> findings, int lineCount, Func<int, string> line, Dictionary<int, string>? into = null)
    {
        // Sized at once to the lines quoted: grown from empty, a document's table was remade at every prime up to its size.
        var snippets = into ?? new Dictionary<int, string>(findings is IReadOnlyList<Finding> list ? Quoted(list, lineCount) : 0);
        foreach (var f in findings)
        {
            if (Lines(f) is not var (first, last)) continue;
            for (var l = Math.Max(first, 1); l <= Math.Min(last, lineCount); l++)
                if (!snippets.ContainsKey(l))
                {
                    var text = line(l);
                    snippets[l] = text.Length <= MaxSnippet ? text : text[..MaxSnippet] + "…";
                }
        }
        return snippets;
    }

    /// <summary>How many distinct lines of a text of <paramref name="lineCount"/> lines <paramref name="findings"/> quote.</summary>
    private static int Quoted(IReadOnlyList<Finding> findings, int lineCount)
    {
        if (findings.Count == 0 || lineCount <= 0) return 0;
        var words = (lineCount >> 6) + 1;
        var rented = words > 64 ? ArrayPool<ulong>.Shared.Rent(words) : null;
        var seen = (rented ?? stackalloc ulong[64])[..words];
        seen.Clear();
        var count = 0;
        for (var k = 0; k < findings.Count; k++)
        {
            if (Lines(findings[k]) is not var (first, last)) continue;
            for (var l = Math.Max(first, 1); l <= Math.Min(last, lineCount); l++)
            {
                ref var word = ref seen[l >> 6];
                var bit = 1UL << (l & 63);
                if ((word & bit) == 0) { word |= bit; count++; }
            }
        }
        if (rented is not null) ArrayPool<ulong>.Shared.Return(rented);
        return count;
    }

    /// <summary>
    /// The lines a report shows for a finding: from the first to the last line of its span and its
    /// related span, at most <see cref="MaxLines"/> (those around the span first); null without a span.
    /// </summary>
    public static (int First, int Last)? Lines(Finding f) => f.Span is { } span ? Lines(span, f.Related) : null;

    /// <summary><see cref="Lines(Finding)"/> of a finding with these spans.</summary>
    public static (int First, int Last)? Lines(SourceSpan span, SourceSpan? related)
    {
        // The lines of the spans' union (no SourceSpan made for it: this runs for every finding, twice when stored).
        int wholeFirst = related is { } r ? Math.Min(span.StartLine, r.StartLine) : span.StartLine;
        int wholeLast = related is { } q ? Math.Max(span.EndLine, q.EndLine) : span.EndLine;
        int first = wholeFirst, last = wholeLast;
        if (last - first + 1 <= MaxLines) return (first, last);
        // Too long: keep the span itself, then as much of the object around it as fits.
        first = span.StartLine;
        last = Math.Min(span.EndLine, first + MaxLines - 1);
        while (last - first + 1 < MaxLines && (first > wholeFirst || last < wholeLast))
        {
            if (first > wholeFirst) first--;
            if (last - first + 1 < MaxLines && last < wholeLast) last++;
        }
        return (first, last);
    }
}
