using PerfRules.Rules;

namespace PerfRules.Tests.Engines;

/// <summary>A finding as the differential tests compare it: everything a report shows of it, one line.</summary>
internal static class FindingDiff
{
    public static string Line(Finding f) => string.Join(" | ",
        f.RuleId, f.Severity, f.Message, f.Fix ?? "", f.File, f.Span?.ToString() ?? "", f.Related?.ToString() ?? "", f.Path,
        string.Join("；", f.Evidence.Select(e => e.Name + "=" + e.Value)), f.Fingerprint, f.IsRuleFailure);

    public static List<string> Describe(IEnumerable<Finding> findings) => findings.Select(Line).ToList();

    /// <summary>Fails with the lines only one side has, when the two lists differ.</summary>
    public static void ShouldBeSame(IEnumerable<Finding> actual, IEnumerable<Finding> expected, string what)
    {
        var a = Describe(actual);
        var e = Describe(expected);
        if (a.SequenceEqual(e)) return;
        Assert.Fail($"{what}: the engines differ\nonly rulesengine:\n{string.Join("\n", a.Except(e))}\nonly compiled:\n{string.Join("\n", e.Except(a))}\n(order differs if both are empty)");
    }
}
