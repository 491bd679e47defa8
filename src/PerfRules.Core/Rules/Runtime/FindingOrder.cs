namespace PerfRules.Rules.Runtime;

/// <summary>
/// The order of a run's findings and their fingerprints' de-duplication: by position in the document
/// (line, column), then rule order; cross-document findings by department first. Equal fingerprints
/// (same rule, same place, same evidence) get an occurrence number, so each is unique in a run.
/// </summary>
internal static class FindingOrder
{
    /// <param name="found">Each finding with the index of its rule and the ordinal of its object in the walk.</param>
    /// <param name="sortByPosition">True for one document; false for cross-document findings (by object, i.e. department, first).</param>
    public static List<Finding> Ordered(FoundFindings found, bool sortByPosition)
    {
        // Most documents have few findings: skip the sort and the fingerprint table when there is nothing to order.
        if (found.Count == 0) return new List<Finding>();
        if (found.Count == 1) return new List<Finding> { found.FindingAt(0) };
        // Cross-document findings belong to different files: keep department order, then rule order.
        return Disambiguate(found.Sorted(objectFirst: !sortByPosition));
    }

    /// <summary>Equal fingerprints (same rule, same place, same evidence) get an occurrence number, in the list's order.</summary>
    internal static List<Finding> Disambiguate(List<Finding> findings)
    {
        // A document's handful of findings rarely repeat a fingerprint: look before building a table.
        return findings.Count <= 16 && !HasRepeat(findings) ? findings : NumberRepeats(findings);
    }

    /// <summary><see cref="Disambiguate"/> for a caller that has already looked with <see cref="HasRepeat"/>.</summary>
    internal static List<Finding> NumberRepeats(List<Finding> findings)
    {
        var seen = new Dictionary<string, int>(findings.Count, StringComparer.Ordinal);
        for (var k = 0; k < findings.Count; k++)
        {
            var fp = findings[k].Fingerprint;
            // One lookup a finding (its count by reference), not three.
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(seen, fp, out _);
            if (++count > 1)
            {
                var f = findings[k];
                findings[k] = f with { Fingerprint = Finding.ComputeFingerprint(f.RuleId, f.File, f.Path, f.Evidence, $"{fp}#{count}") };
            }
        }
        return findings;
    }

    /// <summary>Whether two of <paramref name="findings"/> have the same fingerprint (then <see cref="Disambiguate"/> numbers them).</summary>
    internal static bool HasRepeat(List<Finding> findings)
    {
        if (findings.Count > 16)
        {
            var seen = new HashSet<string>(findings.Count, StringComparer.Ordinal);
            foreach (var f in findings)
                if (!seen.Add(f.Fingerprint)) return true;
            return false;
        }
        for (var i = 1; i < findings.Count; i++)
            for (var j = 0; j < i; j++)
                if (findings[i].Fingerprint == findings[j].Fingerprint) return true;
        return false;
    }
}
