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

    /// <param name="to">By rule index: the indexes of the rules it yields to, or null (internal for tests).</param>
    internal FindingYield(int[]?[] to) { _to = to; }

    /// <summary>The yields of a rule set, or null when no rule has any (nothing to do at run time).</summary>
    public static FindingYield? For(RuleSet set)
    {
        if (set.Rules.All(r => r.Yields.Count == 0)) return null;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < set.Rules.Count; i++) index[set.Rules[i].Id] = i;
        // Loops, not LINQ selecting ints: every run's start makes this, where LINQ's generic code over int is JIT-compiled.
        var to = new int[]?[set.Rules.Count];
        var found = new List<int>();
        for (var r = 0; r < to.Length; r++)
        {
            var yields = set.Rules[r].Yields;
            if (yields.Count == 0) continue;
            found.Clear();
            foreach (var id in yields)
                if (index.TryGetValue(id, out var k)) found.Add(k);
            to[r] = found.ToArray();
        }
        return new FindingYield(to);
    }

    /// <summary>Removes from <paramref name="found"/> each finding whose rule yields to a rule that found something on the same object.</summary>
    public void Apply(FoundFindings found)
    {
        var count = found.Count;
        if (count < 2) return;
        var any = false;
        for (var k = 0; k < count; k++)
            if (_to[found.RuleAt(k)] is not null && !found.FindingAt(k).IsRuleFailure) { any = true; break; }
        if (!any) return;
        // Decided against every finding as found (not as left): a chain A → B → C leaves only C. A
        // document's findings are usually few: then each is looked up in the list; else in the findings
        // of its object only, chained by ordinal (no set over tuples, which every run would JIT-compile).
        int[]? first = null, next = null;
        if (count > 64)
        {
            first = new int[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count)];
            next = new int[count];
            // Each bucket's first finding and each finding's next, as index + 1 (0 ends a chain).
            for (var k = count - 1; k >= 0; k--)
            {
                ref var head = ref first[found.OrdinalAt(k) & (first.Length - 1)];
                next[k] = head;
                head = k + 1;
            }
        }
        var keep = new bool[count];
        var dropped = false;
        for (var k = 0; k < count; k++)
        {
            keep[k] = found.FindingAt(k).IsRuleFailure || _to[found.RuleAt(k)] is not { } to || !Fired(found, first, next, to, found.OrdinalAt(k));
            dropped |= !keep[k];
        }
        if (dropped) found.KeepOnly(keep);
    }

    /// <summary>Whether one of the rules <paramref name="to"/> has a finding (not a rule failure) on the object <paramref name="ordinal"/>.</summary>
    private static bool Fired(FoundFindings found, int[]? first, int[]? next, int[] to, int ordinal)
    {
        if (first is null || next is null)
        {
            for (var j = 0; j < found.Count; j++)
                if (Fires(found, j, to, ordinal)) return true;
            return false;
        }
        for (var j = first[ordinal & (first.Length - 1)] - 1; j >= 0; j = next[j] - 1)
            if (Fires(found, j, to, ordinal)) return true;
        return false;
    }

    /// <summary>Whether finding <paramref name="j"/> is one of the rules <paramref name="to"/> finding something on the object <paramref name="ordinal"/>.</summary>
    private static bool Fires(FoundFindings found, int j, int[] to, int ordinal) =>
        found.OrdinalAt(j) == ordinal && !found.FindingAt(j).IsRuleFailure && Array.IndexOf(to, found.RuleAt(j)) >= 0;
}
