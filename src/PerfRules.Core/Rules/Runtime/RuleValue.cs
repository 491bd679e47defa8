using System.Collections;
using System.Globalization;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>Turns let values and message holes into text.</summary>
public static class RuleValue
{
    private const int MaxItems = 20;
    /// <summary>
    /// Longest value in a message or evidence (characters; longer ones end with “…”): a rule may
    /// build a string of millions of characters, and a message is copied into every report.
    /// </summary>
    public const int MaxChars = 10_000;

    public static string Format(object? value) => Cap(FormatValue(value));

    private static string Cap(string s) => s.Length <= MaxChars ? s : s[..MaxChars] + "…";

    private static string FormatValue(object? value) => value switch
    {
        null => "（空）",
        string s => s,
        decimal d => RuleHelpers.Fmt(d),
        bool b => b ? "是" : "否",
        double x => x.ToString("0.######", CultureInfo.InvariantCulture),
        float x => x.ToString("0.######", CultureInfo.InvariantCulture),
        Project p => p.Name,
        FundingUnit u => u.Name,
        Indicator i => i.Name,
        Amounts a => FormatAmounts(a),
        IEnumerable e => e is SharedList<string> shared ? shared.Formatted ??= FormatList(e) : FormatList(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>An amount row as evidence: 总计 390.00（财政拨款 390.00，未归列 12.00）.</summary>
    private static string FormatAmounts(Amounts a)
    {
        var parts = a.Sources.Select(c => $"{c.Column} {RuleHelpers.Fmt(c.Value)}")
            .Concat(a.Unplaced.Select(v => $"未归列 {RuleHelpers.Fmt(v)}")).ToList();
        return $"总计 {RuleHelpers.Fmt(a.Total)}" + (parts.Count > 0 ? $"（{string.Join("，", parts)}）" : "");
    }

    private static string FormatList(IEnumerable items)
    {
        var parts = new List<string>();
        var more = false;
        long length = 0;
        foreach (var item in items)
        {
            if (parts.Count == MaxItems || length > MaxChars) { more = true; break; }
            var part = Format(item);
            parts.Add(part);
            length += part.Length + 1;
        }
        return string.Join("、", parts) + (more ? "…" : "");
    }
}
