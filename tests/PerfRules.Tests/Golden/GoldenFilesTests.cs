using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace PerfRules.Tests.Golden;

/// <summary>The golden check itself: a difference fails, and the update mode cannot run under CI.</summary>
public class GoldenFilesTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        key => vars.FirstOrDefault(v => v.Key == key).Value;

    [Test]
    public void Update_mode_is_refused_whenever_CI_is_set()
    {
        GoldenFiles.ModeFor(Env()).ShouldBe(GoldenMode.Compare);
        GoldenFiles.ModeFor(Env(("CI", "true"))).ShouldBe(GoldenMode.Compare);
        GoldenFiles.ModeFor(Env(("PERFRULES_UPDATE_GOLDEN", "1"))).ShouldBe(GoldenMode.Update);
        GoldenFiles.ModeFor(Env(("PERFRULES_UPDATE_GOLDEN", "1"), ("CI", "false"))).ShouldBe(GoldenMode.Update);
        foreach (var ci in new[] { "true", "1", "yes", "TRUE" })
            GoldenFiles.ModeFor(Env(("PERFRULES_UPDATE_GOLDEN", "1"), ("CI", ci))).ShouldBe(GoldenMode.Refused, ci);
    }

    /// <summary>Runs a check in a context of its own, so its failure is returned instead of failing this test.</summary>
    private static (AssertionStatus? Status, string Message) Outcome(Action check)
    {
        using (new TestExecutionContext.IsolatedContext())
        {
            try { check(); }
            catch (AssertionException) { }
            var a = TestExecutionContext.CurrentContext.CurrentResult.AssertionResults.LastOrDefault();
            return (a?.Status, a?.Message ?? "");
        }
    }

    [Test]
    public void A_refused_update_fails_and_leaves_a_corrupted_golden_file_as_it_is()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-golden-").FullName;
        File.WriteAllText(Path.Combine(dir, "x.txt"), "corrupted\n");

        var refused = Outcome(() => GoldenFiles.Check(dir, "x.txt", "right\n", GoldenMode.Refused));
        refused.Status.ShouldBe(AssertionStatus.Failed);
        refused.Message.ShouldContain("refused under CI");
        File.ReadAllText(Path.Combine(dir, "x.txt")).ShouldBe("corrupted\n");

        var compared = Outcome(() => GoldenFiles.Check(dir, "x.txt", "right\n", GoldenMode.Compare));
        compared.Status.ShouldBe(AssertionStatus.Failed);
        compared.Message.ShouldContain("x.txt differs at line 1");

        // Only on a developer's machine is the file rewritten, with a warning to read it.
        var updated = Outcome(() => GoldenFiles.Check(dir, "x.txt", "right\n", GoldenMode.Update));
        updated.Status.ShouldBe(AssertionStatus.Warning);
        File.ReadAllText(Path.Combine(dir, "x.txt")).ShouldBe("right\n");
        Outcome(() => GoldenFiles.Check(dir, "x.txt", "right\n", GoldenMode.Compare)).Status.ShouldBeNull(); // no failure recorded
        Directory.Delete(dir, recursive: true);
    }
}
