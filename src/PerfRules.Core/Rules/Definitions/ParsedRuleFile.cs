using PerfRules.Model;

namespace PerfRules.Rules;

/// <summary>One rule file as parsed, before the files of a set are put together (<see cref="RuleSetResolver"/>).</summary>
internal sealed class ParsedRuleFile(RuleFile file)
{
    public RuleFile File { get; } = file;
    public string? SetName { get; set; }
    public string? Version { get; set; }
    /// <summary>The file's <c>description:</c>: the title of its rules' section in rules list and the rule index.</summary>
    public string? Description { get; set; }
    public ExtendsRef? Extends { get; set; }
    public List<OverrideEntry> Overrides { get; } = new();
    public CodeTable? Codes { get; set; }
    public List<Rule> Rules { get; } = new();
    public bool IsCodeTable { get; set; }

    /// <summary>The set named by <c>extends:</c>, and where.</summary>
    public sealed record ExtendsRef(string Name, RuleFilePlace Where);

    /// <summary>One entry of <c>overrides:</c>: a new severity, new parameter values, or both.</summary>
    public sealed record OverrideEntry(string Id, Severity? Severity, RuleFilePlace Where)
    {
        public IReadOnlyList<ParamOverride> Params { get; init; } = Array.Empty<ParamOverride>();
    }

    /// <summary>One parameter of an override; read against the declared type once the rule is known.</summary>
    public sealed record ParamOverride(string Name, RuleFilePlace Where, Func<ParamKind?, List<RuleLoadError>, RuleParam?> Read);
}
