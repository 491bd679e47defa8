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

    /// <summary>Each file's <c>description:</c> (file name → text), the parent's included.</summary>
    public IReadOnlyDictionary<string, string> FileDescriptions { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The rules in force grouped by the file that declares them, in rule order (core.yaml, then
    /// review.yaml, then a district's own file), each with the file's description as its title.
    /// </summary>
    public IReadOnlyList<(string File, string? Description, IReadOnlyList<Rule> Rules)> Sections() =>
        Rules.GroupBy(r => r.File, StringComparer.Ordinal)
            .Select(g => (g.Key, FileDescriptions.TryGetValue(g.Key, out var d) ? d : null, (IReadOnlyList<Rule>)g.ToList()))
            .ToList();

    public Rule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    public override string ToString() => $"{Name} {Version}";
}
