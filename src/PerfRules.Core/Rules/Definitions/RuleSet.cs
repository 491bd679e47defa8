using PerfRules.Model;

namespace PerfRules.Rules;

/// <summary>
/// A rule set with its inheritance resolved: the rules in force, in order (inherited ones first),
/// the code table (built-in merged with every <c>codes:</c> extension), and the files it came from.
/// </summary>
public sealed class RuleSet
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    /// <summary>The rule set this one extends, resolved.</summary>
    public RuleSet? Parent { get; init; }
    public required IReadOnlyList<Rule> Rules { get; init; }
    public required CodeTable Codes { get; init; }
    /// <summary>Every file that contributes, the parent's first; the compile cache key hashes them.</summary>
    public required IReadOnlyList<RuleFile> Files { get; init; }

    public Rule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    public override string ToString() => $"{Name} {Version}";
}
