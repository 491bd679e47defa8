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
        // Decided against every finding as found (not as left): a chain A → B → C leaves only C.
        var fired = new HashSet<(int Rule, int Ordinal)>();
        foreach (var f in found)
            if (!f.Finding.IsRuleFailure) fired.Add((f.Rule, f.Ordinal));
        found.RemoveAll(f => !f.Finding.IsRuleFailure && _to[f.Rule] is { } to && Array.Exists(to, y => fired.Contains((y, f.Ordinal))));
    }
}
