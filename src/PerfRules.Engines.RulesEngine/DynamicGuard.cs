using System.ComponentModel;
using PerfRules.Rules.Runtime;

namespace PerfRules.Engines.RulesEngine;

/// <summary>
/// What the translated expressions call to stay within the run-time budget (the guard Core's runtime
/// starts for each rule and document; see RunGuard). Registered with Dynamic LINQ; a rule file cannot
/// name it (the allow-list refuses it before translation).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DynamicGuard
{
    /// <summary>A lambda body's value, after a tick (time, allocation, cancellation): the body's type is kept.</summary>
    public static T Pass<T>(T value)
    {
        RunGuard.Tick();
        return value;
    }

    /// <summary>string + string, its length checked before it is built.</summary>
    public static string Concat(string? a, string? b) => RunGuard.Concat(a, b);

    /// <summary>string.Join and string.Concat on strings, size-checked before the result is built.</summary>
    public static string Join(string? separator, IEnumerable<string?> values) => RunGuard.Join(separator, values);

    /// <summary>A non-string operand of string +, as C# turns it into text.</summary>
    public static string Text(object? value) => value?.ToString() ?? "";
}
