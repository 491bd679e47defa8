namespace PerfRules.Runs;

/// <summary>One example of one rule: a test case (NUnit TestCaseSource-friendly).</summary>
public sealed record RuleExampleCase(string RuleSet, string RuleId, bool Valid, int Index)
{
    /// <summary>e.g. core/PR202/invalid[0]; also the name the example is read under.</summary>
    public string Name => $"{RuleSet}/{RuleId}/{(Valid ? "valid" : "invalid")}[{Index}]";
    public override string ToString() => Name;
}
