using System.Text;
using PerfRules.Model;

namespace PerfRules.Tests;

/// <summary>A span-free text of a model's content, to compare models read from differently laid-out text.</summary>
public static class ModelDump
{
    /// <summary>
    /// The dump; <paramref name="text"/> rewrites free text (goals, value texts, task texts,
    /// diagnostics) before it is written, e.g. to compare it without white space. Names, codes,
    /// amounts and parsed values are always written as they are.
    /// </summary>
    public static string Of(Submission s, Func<string?, string?>? text = null)
    {
        var clean = text ?? (t => t);
        var sb = new StringBuilder();
        sb.AppendLine($"{s.Kind} {s.Department} {s.MoneyUnit} [{string.Join(",", s.Columns)}]");
        if (s.GrandTotal is { } g) sb.AppendLine($"合计 {Amounts(g.Amounts)}");
        foreach (var u in s.Units)
        {
            sb.AppendLine($"unit {u.Name} {Amounts(u.Amounts)} implicit={u.Implicit}");
            foreach (var p in u.Projects)
            {
                sb.AppendLine($"  project {p.Name} {Amounts(p.Amounts)}");
                sb.AppendLine($"    goal {clean(p.Goal)}");
                foreach (var i in p.Indicators) sb.AppendLine("    " + Indicator(i, clean));
            }
        }
        if (s.Overall is { } o)
        {
            foreach (var a in o.Expenditure.Concat(o.Income).Concat(o.Development).Concat(o.BudgetLevels))
                sb.AppendLine($"amount {a.Name} {a.Value}");
            sb.AppendLine($"goals {clean(o.Goals)}");
            foreach (var t in o.KeyTasks) sb.AppendLine($"task {t.Name} | {clean(t.Content)} | {t.Funds} | {clean(t.Outcome)}");
            foreach (var i in o.Indicators) sb.AppendLine(Indicator(i, clean));
            foreach (var c in o.EmptyCategories) sb.AppendLine($"empty {c.Level1} {c.Level2}");
        }
        foreach (var d in s.Diagnostics) sb.AppendLine($"diag {d.RuleId} {clean(d.Text)}");
        return sb.ToString();
    }

    private static string Amounts(Amounts a) =>
        $"{a.Total} [{string.Join(",", a.Sources.Select(x => $"{x.Column}={x.Value}"))}] ?[{string.Join(",", a.Unplaced)}]";

    private static string Indicator(Indicator i, Func<string?, string?> clean) =>
        $"{i.Seq} {i.Level1} {i.Level2} {i.Name} | {clean(i.Cycle.Text)} ({i.Cycle.Kind} {i.Cycle.Comparator} {i.Cycle.Number} {i.Cycle.Unit}) | {clean(i.Annual.Text)} ({i.Annual.Kind} {i.Annual.Comparator} {i.Annual.Number} {i.Annual.Unit})";
}
