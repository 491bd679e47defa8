using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// The level of findings that fails a run (exit code 1 in the CLI, X-PerfRules-Result: fail in the
/// service): error, warning, info, or never. One place for the names both hosts accept.
/// </summary>
public static class FailOn
{
    /// <summary>The accepted names, most severe first; <c>error</c> is the default.</summary>
    public static readonly IReadOnlyList<string> Levels = new[] { "error", "warning", "info", "never" };

    public const string Default = "error";

    /// <summary>The severity a name stands for (never: <see cref="Severity.Off"/>, nothing fails); null for an unknown name.</summary>
    public static Severity? TryParse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        "never" => Severity.Off,
        _ => null,
    };

    /// <summary>Like <see cref="TryParse"/>, with <c>error</c> for a name that is not one of <see cref="Levels"/>.</summary>
    public static Severity Parse(string? name) => TryParse(name) ?? Severity.Error;
}
