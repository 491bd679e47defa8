using System.Globalization;

namespace PerfRules.Rules;

/// <summary>
/// One tunable value of a rule (a threshold, a keyword list), declared under the rule's
/// <c>params:</c> and changed by a set's <c>overrides:</c>. Data only: it reaches the compiled
/// rule as an argument, never as code.
/// </summary>
public sealed record RuleParam
{
    public required string Name { get; init; }
    public required ParamKind Kind { get; init; }
    public decimal Number { get; init; }
    public string Text { get; init; } = "";
    public IReadOnlyList<string> List { get; init; } = Array.Empty<string>();
    /// <summary>Where the value in force was written (the declaration, or the override that replaced it).</summary>
    public required string File { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }

    public static string KindText(ParamKind kind) => kind switch
    {
        ParamKind.Number => "数字",
        ParamKind.Text => "字符串",
        _ => "字符串列表",
    };

    /// <summary>The value as a rule file would write it: 90, 万元, [验收合格率, 发放达标率].</summary>
    public string ValueText() => Kind switch
    {
        ParamKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        ParamKind.Text => Text,
        _ => "[" + string.Join(", ", List) + "]",
    };
}
