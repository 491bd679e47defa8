using PerfRules.Model;

namespace PerfRules.Values;

/// <summary>Reads a target value's text into its normalised meaning. Never throws.</summary>
public static class TargetValueParser
{
    /// <param name="text">The value as written.</param>
    /// <param name="indicatorName">The indicator's name, to recognise a value that only restates it.</param>
    public static TargetValue Parse(string? text, string? indicatorName = null)
    {
        // Placeholder until the value grammar lands.
        var t = text ?? "";
        return new TargetValue { Text = t, Kind = t.Length == 0 ? ValueKind.Empty : ValueKind.Qualitative };
    }
}
