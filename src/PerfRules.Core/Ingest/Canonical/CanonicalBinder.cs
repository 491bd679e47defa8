using System.Globalization;
using System.Text.RegularExpressions;
using PerfRules.Model;
using PerfRules.Values;
using PerfRules.Yaml;

namespace PerfRules.Ingest.Canonical;

/// <summary>
/// Binds a YAML tree in the canonical shape (what <see cref="CanonicalWriter"/> writes) to the model. Unknown keys and wrong types are
/// PR002 (naming the key and its line); the parsed fields of target values are recomputed
/// from their text; elements without a span get the span of their YAML node.
/// </summary>
internal sealed partial class CanonicalBinder
{
    private readonly List<Diagnostic> _problems;

    public CanonicalBinder(List<Diagnostic> problems) => _problems = problems;

    /// <summary>The submission of one document, or null when the document is not one (reported as PR001).</summary>
    public Submission? ReadSubmission(YNode root)
    {
        if (root is not YMap map)
        {
            if (root is not YRejected)
                _problems.Add(new Diagnostic("PR001", $"无法识别的文档格式：YAML/JSON 文档的顶层应为映射，实际为{root.TypeName}", root.Span));
            return null;
        }

        var s = new Submission();
        bool hasKind = false, hasUnits = false, hasOverall = false;
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "kind":
                    if (Text(k, v) is { } kind)
                    {
                        if (TryEnum<SubmissionKind>(kind, out var sk)) { s.Kind = sk; hasKind = true; }
                        else Problem(k, v, $"字段“kind”的值“{YamlTreeBuilder.Excerpt(kind)}”无效，应为 projectTargets、departmentOverall 或 unknown");
                    }
                    break;
                // Describe the file, not the table: the reader sets them from the file actually read.
                case "layout" or "sourceFile" or "encoding":
                    Text(k, v);
                    break;
                case "department": s.Department = Text(k, v); break;
                case "moneyUnit": s.MoneyUnit = Text(k, v); break;
                case "budgetYear": s.BudgetYear = Int(k, v); break;
                case "budgetYearSpan": s.BudgetYearSpan = SpanOf(k, v); break;
                case "columns": s.Columns = Seq(k, v, (item, _) => Text(null, item)); break;
                case "grandTotal":
                    if (Map(k, v) is { } g)
                    {
                        var row = new AmountRow { Span = v.Span };
                        ReadRow(g, "合计行", n => row.Name = n, a => row.Amounts = a, sp => row.Span = sp, _ => false);
                        s.GrandTotal = row;
                    }
                    break;
                case "units":
                    hasUnits = true;
                    s.Units = Seq(k, v, (item, _) => ReadUnit(item));
                    break;
                case "overall":
                    hasOverall = true;
                    if (Map(k, v) is { } o) s.Overall = ReadOverall(o);
                    break;
                case "furniture": s.Furniture = Seq(k, v, (item, _) => SpanOf(null, item)); break;
                case "diagnostics": s.Diagnostics = Seq(k, v, (item, _) => ReadDiagnostic(item)); break;
                default: Unknown(k, v, "文档"); break;
            }
        }

        if (!hasKind)
        {
            if (hasUnits) s.Kind = SubmissionKind.ProjectTargets;
            else if (hasOverall) s.Kind = SubmissionKind.DepartmentOverall;
            else
            {
                s.Kind = SubmissionKind.Unknown;
                _problems.Add(new Diagnostic("PR001", "无法识别的文档格式：YAML/JSON 文档缺少 kind、units 或 overall，不是绩效目标表模型", map.Span));
            }
        }
        return s;
    }

    // ---- elements ----

    /// <summary>The keys shared by 合计, unit and project rows; <paramref name="other"/> handles the rest.</summary>
    private void ReadRow(YMap map, string where, Action<string> name, Action<Amounts> amounts, Action<SourceSpan> span, Func<KeyValuePair<YScalar, YNode>, bool> other)
    {
        foreach (var entry in map.Entries)
        {
            var (k, v) = entry;
            switch (k.Value)
            {
                case "name": name(Text(k, v) ?? ""); break;
                case "amounts": if (ReadAmounts(k, v) is { } a) amounts(a); break;
                case "span": if (SpanOf(k, v) is { } sp) span(sp); break;
                case "line": Int(k, v); break;
                default: if (!other(entry)) Unknown(k, v, where); break;
            }
        }
    }

    private FundingUnit? ReadUnit(YNode node)
    {
        if (Map(null, node) is not { } map) return null;
        var u = new FundingUnit { Span = node.Span };
        ReadRow(map, "资金使用单位", n => u.Name = n, a => u.Amounts = a, sp => u.Span = sp, e =>
        {
            if (e.Key.Value != "projects") return false;
            u.Projects = Seq(e.Key, e.Value, (item, _) => ReadProject(item));
            return true;
        });
        return u;
    }

    private Project? ReadProject(YNode node)
    {
        if (Map(null, node) is not { } map) return null;
        var p = new Project { Span = node.Span };
        YNode? goalNode = null, indicatorsNode = null;
        SourceSpan? goalSpan = null, indicatorsSpan = null;
        ReadRow(map, "项目", n => p.Name = n, a => p.Amounts = a, sp => p.Span = sp, e =>
        {
            var (k, v) = e;
            switch (k.Value)
            {
                case "goal": p.Goal = Text(k, v); goalNode = v; return true;
                case "goalSpan": goalSpan = SpanOf(k, v); return true;
                case "indicatorsSpan": indicatorsSpan = SpanOf(k, v); return true;
                case "indicators": p.Indicators = Indicators(k, v); indicatorsNode = v; return true;
                default: return false;
            }
        });
        p.GoalSpan = goalSpan ?? (p.Goal is not null ? goalNode?.Span : null);
        p.IndicatorsSpan = indicatorsSpan ?? (p.Indicators.Count > 0 ? indicatorsNode?.Span : null);
        return p;
    }

    private List<Indicator> Indicators(YScalar key, YNode node) => Seq(key, node, ReadIndicator);

    private Indicator? ReadIndicator(YNode node, int position)
    {
        if (Map(null, node) is not { } map) return null;
        var i = new Indicator { Seq = position, Span = node.Span };
        (YScalar Key, YNode Node)? cycle = null, annual = null;
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "seq": if (Int(k, v) is { } seq) i.Seq = seq; break;
                case "level1": if (ReadCode(k, v) is { } l1) i.Level1 = l1; break;
                case "level2": if (ReadCode(k, v) is { } l2) i.Level2 = l2; break;
                case "name": i.Name = Text(k, v) ?? ""; break;
                case "cycle": cycle = (k, v); break;
                case "annual": annual = (k, v); break;
                case "span": if (SpanOf(k, v) is { } sp) i.Span = sp; break;
                case "line": Int(k, v); break;
                default: Unknown(k, v, "指标"); break;
            }
        }
        // After the loop: values are parsed against the indicator's name, wherever it was written.
        if (cycle is { } c) i.Cycle = ReadValue(c.Key, c.Node, i.Name);
        if (annual is { } a) i.Annual = ReadValue(a.Key, a.Node, i.Name);
        return i;
    }

    [GeneratedRegex(@"^\s*(\d{1,9})\s*(?:[-－—–]\s*(.*?))?\s*$")]
    private static partial Regex CodeNamePattern();

    /// <summary>{code, name}, or a scalar: "1-产出指标", "11", "产出指标".</summary>
    private CodeName? ReadCode(YScalar key, YNode node)
    {
        if (node is YScalar sc)
        {
            if (sc.IsNull) return null;
            var m = CodeNamePattern().Match(sc.Value);
            return m.Success
                ? new CodeName(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value)
                : new CodeName(null, sc.Value.Trim());
        }
        if (Map(key, node) is not { } map) return null;
        int? code = null;
        string name = "";
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "code": code = Int(k, v); break;
                case "name": name = Text(k, v) ?? ""; break;
                default: Unknown(k, v, "指标类别"); break;
            }
        }
        return new CodeName(code, name);
    }

    /// <summary>A scalar is the value's text; a mapping gives it under "text". Parsed fields are recomputed, never trusted.</summary>
    private TargetValue ReadValue(YScalar key, YNode node, string indicatorName)
    {
        string? text = null;
        SourceSpan? span = null;
        switch (node)
        {
            case YScalar { IsNull: true }:
                return TargetValue.Missing;
            case YScalar sc:
                text = sc.Value;
                break;
            case YMap map:
                foreach (var (k, v) in map.Entries)
                {
                    switch (k.Value)
                    {
                        case "text": text = Text(k, v); break;
                        case "span": span = SpanOf(k, v); break;
                        case "kind" or "comparator" or "number" or "unit" or "subject" or "month" or "grades" or "reason": break;
                        default: Unknown(k, v, "指标值"); break;
                    }
                }
                break;
            default:
                WrongType(key, node, "文本或映射");
                return TargetValue.Missing;
        }
        var value = TargetValueParser.Parse(text ?? "", indicatorName);
        value.Span = span ?? node.Span;
        return value;
    }

    /// <summary>Full form {total, sources, unplaced, decimals}, the shorthand {total: 10, 财政拨款: 10}, or a bare total.</summary>
    private Amounts? ReadAmounts(YScalar key, YNode node)
    {
        var a = new Amounts();
        int scale = -1;
        void Seen(decimal d) => scale = Math.Max(scale, d.Scale);

        if (node is YScalar { IsNull: false } bare)
        {
            if (Dec(key, bare) is not { } total) return null;
            a.Total = total;
            a.Decimals = total.Scale;
            return a;
        }
        if (Map(key, node) is not { } map) return null;
        int? decimals = null;
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "total" or ColumnNames.Total:
                    a.Total = Dec(k, v);
                    if (a.Total is { } t) Seen(t);
                    break;
                case "sources":
                    a.Sources.AddRange(ReadSources(k, v));
                    break;
                case "unplaced":
                    a.Unplaced = Seq(k, v, (item, _) => Dec(null, item)).Select(d => d!.Value).ToList();
                    break;
                case "decimals":
                    decimals = Int(k, v);
                    break;
                default:
                    // Shorthand: any other key names a source column.
                    if (Dec(k, v) is { } d) a.Sources.Add(new ColumnAmount(k.Value, d));
                    break;
            }
        }
        foreach (var d in a.Sources.Select(s => s.Value).Concat(a.Unplaced)) Seen(d);
        // Without an explicit count, the places printed are those of the figures as written.
        a.Decimals = decimals ?? (scale >= 0 ? scale : a.Decimals);
        return a;
    }

    private List<ColumnAmount> ReadSources(YScalar key, YNode node)
    {
        if (node is YMap shorthand && !shorthand.Entries.Any(e => e.Key.Value is "column" or "value"))
        {
            var list = new List<ColumnAmount>();
            foreach (var (k, v) in shorthand.Entries)
                if (Dec(k, v) is { } d) list.Add(new ColumnAmount(k.Value, d));
            return list;
        }
        return Seq(key, node, (item, _) =>
        {
            if (Map(null, item) is not { } map) return null;
            string? column = null;
            decimal? value = null;
            foreach (var (k, v) in map.Entries)
            {
                switch (k.Value)
                {
                    case "column": column = Text(k, v); break;
                    case "value": value = Dec(k, v); break;
                    default: Unknown(k, v, "来源列"); break;
                }
            }
            if (column is null || value is null)
            {
                Problem(null, item, "来源列需要 column 和 value");
                return null;
            }
            return new ColumnAmount(column, value.Value);
        });
    }

    private DepartmentOverall ReadOverall(YMap map)
    {
        var d = new DepartmentOverall();
        YNode? goalsNode = null;
        SourceSpan? goalsSpan = null;
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "expenditure": d.Expenditure = NamedAmounts(k, v); break;
                case "income": d.Income = NamedAmounts(k, v); break;
                case "development": d.Development = NamedAmounts(k, v); break;
                case "budgetLevels": d.BudgetLevels = NamedAmounts(k, v); break;
                case "goals": d.Goals = Text(k, v); goalsNode = v; break;
                case "goalsSpan": goalsSpan = SpanOf(k, v); break;
                case "keyTasks": d.KeyTasks = Seq(k, v, (item, _) => ReadKeyTask(item)); break;
                case "otherTasks": d.OtherTasks = Text(k, v); break;
                case "indicators": d.Indicators = Indicators(k, v); break;
                case "emptyCategories": d.EmptyCategories = Seq(k, v, (item, _) => ReadCategory(item)); break;
                default: Unknown(k, v, "部门整体"); break;
            }
        }
        d.GoalsSpan = goalsSpan ?? (d.Goals is not null ? goalsNode?.Span : null);
        return d;
    }

    /// <summary>A list of {name, value, text}, or the shorthand mapping {基本支出: 4381.54, …}.</summary>
    private List<NamedAmount> NamedAmounts(YScalar key, YNode node)
    {
        if (node is YMap shorthand)
        {
            var list = new List<NamedAmount>();
            foreach (var (k, v) in shorthand.Entries)
            {
                var a = new NamedAmount { Name = k.Value, Span = k.Span.Union(v.Span) };
                if (v is YScalar { IsNull: false } sc) a.Text = sc.Value;
                a.Value = Dec(k, v);
                list.Add(a);
            }
            return list;
        }
        return Seq(key, node, (item, _) =>
        {
            if (Map(null, item) is not { } map) return null;
            var a = new NamedAmount { Span = item.Span };
            foreach (var (k, v) in map.Entries)
            {
                switch (k.Value)
                {
                    case "name": a.Name = Text(k, v) ?? ""; break;
                    case "value": a.Value = Dec(k, v); break;
                    case "text": a.Text = Text(k, v) ?? ""; break;
                    case "span": if (SpanOf(k, v) is { } sp) a.Span = sp; break;
                    case "line": Int(k, v); break;
                    default: Unknown(k, v, "金额项"); break;
                }
            }
            return a;
        });
    }

    private KeyTask? ReadKeyTask(YNode node)
    {
        if (Map(null, node) is not { } map) return null;
        var t = new KeyTask { Span = node.Span };
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "name": t.Name = Text(k, v) ?? ""; break;
                case "content": t.Content = Text(k, v) ?? ""; break;
                case "funds": t.Funds = Dec(k, v); break;
                case "fundsSpan": t.FundsSpan = SpanOf(k, v); break;
                case "outcome": t.Outcome = Text(k, v) ?? ""; break;
                case "span": if (SpanOf(k, v) is { } sp) t.Span = sp; break;
                case "line": Int(k, v); break;
                default: Unknown(k, v, "重点任务"); break;
            }
        }
        return t;
    }

    private IndicatorCategory? ReadCategory(YNode node)
    {
        if (Map(null, node) is not { } map) return null;
        var c = new IndicatorCategory { Span = node.Span };
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "level1": if (ReadCode(k, v) is { } l1) c.Level1 = l1; break;
                case "level2": if (ReadCode(k, v) is { } l2) c.Level2 = l2; break;
                case "span": if (SpanOf(k, v) is { } sp) c.Span = sp; break;
                default: Unknown(k, v, "空指标类别"); break;
            }
        }
        return c;
    }

    /// <summary>Diagnostics are data of the model: their spans point into the original table, and may be absent.</summary>
    private Diagnostic? ReadDiagnostic(YNode node)
    {
        if (Map(null, node) is not { } map) return null;
        string ruleId = "", message = "";
        string? text = null;
        SourceSpan? span = null;
        foreach (var (k, v) in map.Entries)
        {
            switch (k.Value)
            {
                case "ruleId": ruleId = Text(k, v) ?? ""; break;
                case "message": message = Text(k, v) ?? ""; break;
                case "span": span = SpanOf(k, v); break;
                case "text": text = Text(k, v); break;
                default: Unknown(k, v, "读取问题"); break;
            }
        }
        return new Diagnostic(ruleId, message, span, text);
    }

    // ---- values ----

    private YMap? Map(YScalar? key, YNode node)
    {
        if (node is YMap m) return m;
        WrongType(key, node, "映射");
        return null;
    }

    /// <summary>A list; null reads as empty. Items that cannot be read are reported and left out.</summary>
    private List<T> Seq<T>(YScalar? key, YNode node, Func<YNode, int, T?> item)
    {
        var list = new List<T>();
        if (node is YScalar { IsNull: true }) return list;
        if (node is not YSeq seq)
        {
            WrongType(key, node, "列表");
            return list;
        }
        int position = 0;
        foreach (var n in seq.Items)
        {
            position++;
            if (n is YRejected) continue;
            if (item(n, position) is { } value) list.Add(value);
        }
        return list;
    }

    private string? Text(YScalar? key, YNode node)
    {
        if (node is YScalar sc) return sc.IsNull ? null : sc.Value;
        WrongType(key, node, "文本");
        return null;
    }

    private decimal? Dec(YScalar? key, YNode node)
    {
        if (node is YScalar { IsNull: true }) return null;
        if (node is YScalar sc)
        {
            if (NumberText.TryParseAmount(sc.Value, out var d, out _)) return d;
            if (sc.Value.Length <= 60 && decimal.TryParse(sc.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
        }
        WrongType(key, node, "数字");
        return null;
    }

    private int? Int(YScalar? key, YNode node)
    {
        if (node is YScalar { IsNull: true }) return null;
        if (node is YScalar sc && int.TryParse(sc.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        WrongType(key, node, "整数");
        return null;
    }

    [GeneratedRegex(@"^\s*(\d{1,9}):(\d{1,9})-(\d{1,9}):(\d{1,9})\s*$")]
    private static partial Regex SpanPattern();

    /// <summary>"12:5-12:40", or {startLine, startColumn, endLine, endColumn}.</summary>
    private SourceSpan? SpanOf(YScalar? key, YNode node)
    {
        if (node is YScalar { IsNull: true }) return null;
        if (node is YScalar sc)
        {
            var m = SpanPattern().Match(sc.Value);
            if (m.Success)
                return new SourceSpan(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
        }
        else if (node is YMap map)
        {
            int? sl = null, scol = null, el = null, ec = null;
            foreach (var (k, v) in map.Entries)
            {
                switch (k.Value)
                {
                    case "startLine": sl = Int(k, v); break;
                    case "startColumn": scol = Int(k, v); break;
                    case "endLine": el = Int(k, v); break;
                    case "endColumn": ec = Int(k, v); break;
                    default: Unknown(k, v, "位置"); break;
                }
            }
            if (sl is { } l) return new SourceSpan(l, scol ?? 1, el ?? l, ec ?? scol ?? 1);
        }
        WrongType(key, node, "位置（如 12:5-12:40）");
        return null;
    }

    private static bool TryEnum<T>(string text, out T value) where T : struct, Enum
    {
        value = default;
        var t = text.Trim();
        // Enum.TryParse also takes numbers; the canonical form names its values.
        if (t.Length == 0 || !char.IsLetter(t[0])) return false;
        return Enum.TryParse(t, true, out value) && Enum.IsDefined(value);
    }

    // ---- problems ----

    private void Unknown(YScalar key, YNode value, string where)
    {
        if (value is YRejected) return;
        Problem(key, value, $"{where}中没有字段“{YamlTreeBuilder.Excerpt(key.Value)}”");
    }

    private void WrongType(YScalar? key, YNode node, string expected)
    {
        if (node is YRejected) return;
        var what = key is null ? "列表项" : $"字段“{YamlTreeBuilder.Excerpt(key.Value)}”";
        Problem(key, node, $"{what}应为{expected}，实际为{Describe(node)}");
    }

    private static string Describe(YNode node) => node is YScalar sc && !sc.IsNull
        ? $"“{YamlTreeBuilder.Excerpt(sc.Value)}”"
        : node.TypeName;

    private void Problem(YScalar? key, YNode node, string why)
    {
        var span = key is null ? node.Span : key.Span.Union(node.Span);
        var text = key is null ? null : key.Value;
        _problems.Add(new Diagnostic("PR002", $"第 {span.StartLine} 行无法归入模型：{why}", span, text));
    }
}
