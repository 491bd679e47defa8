namespace PerfRules.Cli;

/// <summary>"Did you mean": the candidates closest to what was typed (swapped letters count as one edit: fromat → format).</summary>
internal static class Suggestions
{
    /// <summary>The closest candidates (at most three, equally close), or none when nothing is close enough.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates)
    {
        var t = typed.ToLowerInvariant();
        var scored = candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (Candidate: c, Distance: Distance(t, c.ToLowerInvariant())))
            .Where(x => x.Distance <= Allowed(t, x.Candidate))
            .ToList();
        if (scored.Count == 0) return Array.Empty<string>();
        var best = scored.Min(x => x.Distance);
        return scored.Where(x => x.Distance == best).Select(x => x.Candidate).Take(3).ToList();
    }

    // Short words allow one edit, longer ones a third of their length (dashes not counted), at most three.
    private static int Allowed(string typed, string candidate)
    {
        var length = Math.Max(typed.TrimStart('-').Length, candidate.TrimStart('-').Length);
        return Math.Clamp(length / 3, 1, 3);
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 200 || b.Length > 200) return int.MaxValue; // not something to correct
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>"您是否想输入 --format？" (or "Did you mean --format?"), or "" when there is nothing to suggest.</summary>
    public static string Hint(IReadOnlyList<string> closest) => closest.Count == 0 ? ""
        : Lang.T($"您是否想输入 {string.Join(" 或 ", closest)}？", $" Did you mean {string.Join(" or ", closest)}?");
}
