using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.Rules;

/// <summary>
/// A run's findings as found (<see cref="FoundFindings"/>): the order and the yields give what the list of tuples
/// with the library's sort and set gave (the previous code, written out here as the reference).
/// </summary>
public class FoundFindingsTests
{
    private static Finding At(int line, int column, bool failure = false, bool noSpan = false) => new()
    {
        RuleId = "R", Severity = Severity.Warning, Message = "m", IsRuleFailure = failure,
        Span = noSpan ? null : new SourceSpan(line, column, line, column + 1),
    };

    // Findings with unique (rule, ordinal), positions drawn from a few lines and columns so that many tie.
    private static List<(Finding Finding, int Rule, int Ordinal)> Draw(Random random, int count, int ordinals, int rules, bool failures)
    {
        var used = new HashSet<(int, int)>();
        var found = new List<(Finding, int, int)>();
        while (found.Count < count && used.Count < ordinals * rules)
        {
            int rule = random.Next(rules), ordinal = random.Next(ordinals) - 3;
            if (random.Next(8) == 0) ordinal = random.Next() * (random.Next(2) == 0 ? 1 : -1);
            if (!used.Add((rule, ordinal))) continue;
            found.Add((At(random.Next(1, 5), random.Next(1, 4), failures && random.Next(6) == 0, random.Next(10) == 0), rule, ordinal));
        }
        return found;
    }

    private static FoundFindings Of(List<(Finding Finding, int Rule, int Ordinal)> found)
    {
        var f = new FoundFindings();
        foreach (var (finding, rule, ordinal) in found) f.Add(finding, rule, ordinal);
        return f;
    }

    [Test]
    public void Sorted_gives_the_order_of_the_library_sort_by_position_then_rule_then_ordinal()
    {
        var random = new Random(17);
        for (var round = 0; round < 600; round++)
        {
            var count = round < 100 ? round : random.Next(0, 400);
            var found = Draw(random, count, random.Next(1, 60), random.Next(1, 12), failures: false);
            foreach (var objectFirst in new[] { false, true })
            {
                var expected = new List<(Finding Finding, int Rule, int Ordinal)>(found);
                expected.Sort((a, b) =>
                {
                    int c;
                    if (objectFirst && (c = a.Ordinal.CompareTo(b.Ordinal)) != 0) return c;
                    if ((c = (a.Finding.Span?.StartLine ?? 0).CompareTo(b.Finding.Span?.StartLine ?? 0)) != 0) return c;
                    if ((c = (a.Finding.Span?.StartColumn ?? 0).CompareTo(b.Finding.Span?.StartColumn ?? 0)) != 0) return c;
                    if ((c = a.Rule.CompareTo(b.Rule)) != 0) return c;
                    return a.Ordinal.CompareTo(b.Ordinal);
                });
                var sorted = Of(found).Sorted(objectFirst);
                sorted.Count.ShouldBe(expected.Count);
                for (var k = 0; k < sorted.Count; k++) sorted[k].ShouldBeSameAs(expected[k].Finding, $"round {round}, {k}");
            }
        }
    }

    [Test]
    public void Yields_drop_what_the_set_of_fired_rule_and_object_pairs_dropped_few_findings_or_many()
    {
        var random = new Random(23);
        for (var round = 0; round < 400; round++)
        {
            var rules = random.Next(1, 10);
            var to = new int[]?[rules];
            for (var r = 0; r < rules; r++)
                if (random.Next(3) > 0)
                    to[r] = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(rules)).Where(x => x != r).Distinct().ToArray();
            // Up to 300 findings: the list's search below 65, the chains by object above.
            var found = Draw(random, random.Next(0, 300), random.Next(1, 80), rules, failures: true);
            var expected = new List<Finding>();
            foreach (var (finding, rule, ordinal) in found)
            {
                var yields = !finding.IsRuleFailure && to[rule] is { } them && found.Count >= 2
                    && found.Any(o => o.Ordinal == ordinal && !o.Finding.IsRuleFailure && them.Contains(o.Rule));
                if (!yields) expected.Add(finding);
            }
            var run = Of(found);
            new FindingYield(to).Apply(run);
            run.Count.ShouldBe(expected.Count, $"round {round}");
            for (var k = 0; k < run.Count; k++) run.FindingAt(k).ShouldBeSameAs(expected[k]);
        }
    }

    [Test]
    public void Grows_past_its_first_arrays_and_keeps_rules_and_ordinals_with_their_findings()
    {
        var f = new FoundFindings();
        var made = new List<Finding>();
        for (var k = 0; k < 100; k++) { made.Add(At(k, 1)); f.Add(made[k], k % 7, -k); }
        f.Count.ShouldBe(100);
        for (var k = 0; k < 100; k++) { f.FindingAt(k).ShouldBeSameAs(made[k]); f.RuleAt(k).ShouldBe(k % 7); f.OrdinalAt(k).ShouldBe(-k); }
        f.KeepOnly(Enumerable.Range(0, 100).Select(k => k % 3 == 0).ToArray());
        f.Count.ShouldBe(34);
        for (var k = 0; k < 34; k++) { f.FindingAt(k).ShouldBeSameAs(made[3 * k]); f.RuleAt(k).ShouldBe(3 * k % 7); f.OrdinalAt(k).ShouldBe(-3 * k); }
    }
}
