using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Runs;

/// <summary>The spill's table of findings read back on a thread: by identity, the last place kept, forgotten past the cap and when asked.</summary>
public class ResultSpillReadBackTests
{
    private static Finding F(int i) => new() { RuleId = "PR" + i, Severity = Severity.Warning, Message = "m" };

    [Test]
    public void Places_are_kept_by_identity_and_the_last_one_wins()
    {
        using var spill = new ResultSpill();
        var findings = Enumerable.Range(0, 300).Select(F).ToList();
        for (var i = 0; i < findings.Count; i++) spill.ReadBack(findings[i], 1L << 40 | (uint)i, i + 1);
        for (var i = 0; i < findings.Count; i++) spill.StoredAt(findings[i]).ShouldBe((1L << 40 | (uint)i, i + 1));
        spill.ReadBack(findings[7], 99, 3);
        spill.StoredAt(findings[7]).ShouldBe((99L, 3));
        // An equal finding that is another object was not read back.
        spill.StoredAt(F(8)).ShouldBeNull();
        spill.ForgetReadBack();
        spill.StoredAt(findings[0]).ShouldBeNull();
        spill.ReadBack(findings[1], 5, 6);
        spill.StoredAt(findings[1]).ShouldBe((5L, 6));
    }

    [Test]
    public void The_table_forgets_all_once_it_holds_its_cap()
    {
        using var spill = new ResultSpill();
        var findings = Enumerable.Range(0, ResultSpill.MaxReadBack + 1).Select(F).ToList();
        for (var i = 0; i < findings.Count; i++) spill.ReadBack(findings[i], i, 1);
        spill.StoredAt(findings[0]).ShouldBeNull();
        spill.StoredAt(findings[^1]).ShouldBe(((long)ResultSpill.MaxReadBack, 1));
    }

    [Test]
    public void Each_thread_has_its_own_table()
    {
        using var spill = new ResultSpill();
        var f = F(1);
        spill.ReadBack(f, 10, 2);
        (long, int)? elsewhere = (0, 0);
        var t = new Thread(() => elsewhere = spill.StoredAt(f));
        t.Start();
        t.Join();
        elsewhere.ShouldBeNull();
        spill.StoredAt(f).ShouldBe((10L, 2));
    }
}
