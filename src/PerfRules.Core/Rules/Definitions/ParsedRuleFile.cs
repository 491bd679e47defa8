using PerfRules.Model;

namespace PerfRules.Rules;

/// <summary>One rule file as parsed, before the files of a set are put together (<see cref="RuleSetResolver"/>).</summary>
internal sealed class ParsedRuleFile(RuleFile file)
{
    public RuleFile File { get; } = file;
    public string? SetName { get; set; }
    public string? Version { get; set; }
    public ExtendsRef? Extends { get; set; }
    public List<OverrideEntry> Overrides { get; } = new();
    public CodeTable? Codes { get; set; }
    public List<Rule> Rules { get; } = new();
    public bool IsCodeTable { get; set; }

    /// <summary>The set named by <c>extends:</c>, and where.</summary>
    public sealed record ExtendsRef(string Name, RuleFilePlace Where);

    /// <summary>One entry of <c>overrides:</c>.</summary>
    public sealed record OverrideEntry(string Id, Severity Severity, RuleFilePlace Where);
}
