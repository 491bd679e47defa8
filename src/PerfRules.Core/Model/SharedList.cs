using System.Collections.ObjectModel;

namespace PerfRules.Model;

/// <summary>
/// A read-only list a batch group hands to many of its facts (its departments, its first objects): the
/// texts made of it are made once and kept here, not once per finding (a group of n copies gives n findings).
/// Not locked: a group is evaluated on one thread (its key's facts are in one slice).
/// </summary>
public sealed class SharedList<T>(IList<T> items) : ReadOnlyCollection<T>(items)
{
    /// <summary>The list as evidence (<c>RuleValue.Format</c>), once made.</summary>
    internal string? Formatted;
    /// <summary>The places of its objects joined (<c>RuleHelpers.Places</c>), once made.</summary>
    internal string? Places;
    /// <summary>The places with “等 N 处” for the last N asked (members of a group of copies all ask for the same N).</summary>
    internal (int Total, string Text)? PlacesOf;
    /// <summary>Its objects' 文件名 › 路径 (<c>RuleHelpers.FilePaths</c>), once made.</summary>
    internal SharedList<string>? FilePaths;
    /// <summary>The list as a rule's guarded code enumerates it (<c>RunGuard.Each</c>), made once.</summary>
    internal object? Ticking;
}
