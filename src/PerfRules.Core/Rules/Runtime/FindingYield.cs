namespace PerfRules.Rules.Runtime;

/// <summary>
/// One problem, one finding: a rule that <c>yields:</c> to others loses its finding on an object
/// where one of them has a finding too (same scope, so the object's ordinal in the walk names it).
/// Rule failures neither yield nor make others yield: they report the rule, not the document.
/// </summary>
internal sealed class FindingYield
{
    // By rule index: the indexes of the rules it yields to; null for a rule that yields to none.
    private readonly int[]?[] _to;

    private FindingYield(int[]?[] to) { _to = to; }

    /// <summary>The yields of a rule set, or null when no rule has any (nothing to do at run time).</summary>
    public static FindingYield? For(RuleSet set)
    {
        if (set.Rules.All(r => r.Yields.Count == 0)) return null;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < set.Rules.Count; i++) index[set.Rules[i].Id] = i;
        var to = set.Rules
            .Select(r => r.Yields.Count == 0 ? null : r.Yields.Where(index.ContainsKey).Select(id => index[id]).ToArray())
            .ToArray();
        return new FindingYield(to);
    }

    /// <summary>Removes from <paramref name="found"/> each finding whose rule yields to a rule that found something on the same object.</summary>
    public void Apply(List<(Finding Finding, int Rule, int Ordinal)> found)
    {
        if (found.Count < 2) return;
        var any = false;
        foreach (var f in found)
            if (_to[f.Rule] is not null && !f.Finding.IsRuleFailure) { any = true; break; }
        if (!any) return;
        // Decided against every finding as found (not as left): a chain A → B → C leaves only C. A
        // document's findings are usually few: then each is looked up in the list (no set, no closure).
        HashSet<(int Rule, int Ordinal)>? fired = null;
        if (found.Count > 64)
        {
            fired = new HashSet<(int Rule, int Ordinal)>();
            foreach (var f in found)
                if (!f.Finding.IsRuleFailure) fired.Add((f.Rule, f.Ordinal));
        }
        var keep = new bool[found.Count];
        for (var k = 0; k < found.Count; k++)
            keep[k] = found[k].Finding.IsRuleFailure || _to[found[k].Rule] is not { } to || !Fired(found, fired, to, found[k].Ordinal);
        var n = 0;
        for (var k = 0; k < found.Count; k++)
            if (keep[k]) found[n++] = found[k];
        found.RemoveRange(n, found.Count - n);
    }

    /// <summary>Whether one of the rules <paramref name="to"/> has a finding (not a rule failure) on the object <paramref name="ordinal"/>.</summary>
    private static bool Fired(List<(Finding Finding, int Rule, int Ordinal)> found, HashSet<(int Rule, int Ordinal)>? fired, int[] to, int ordinal)
    {
        if (fired is not null)
        {
            foreach (var y in to)
                if (fired.Contains((y, ordinal))) return true;
            return false;
        }
        foreach (var f in found)
            if (f.Ordinal == ordinal && !f.Finding.IsRuleFailure && Array.IndexOf(to, f.Rule) >= 0) return true;
        return false;
    }
}
