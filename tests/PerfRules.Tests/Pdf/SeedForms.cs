using System.Globalization;
using System.Net;
using System.Text;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Runs;

namespace PerfRules.Tests.Pdf;

/// <summary>
/// A seed drawn as the printed government form it was extracted from: an HTML page with a bordered
/// table (title, 部门名称, 单位：万元, the column heads repeated on every page), written from the model
/// the text readers build from the seed, so the PDF printed from it carries the seed's content.
/// </summary>
public static class SeedForms
{
    /// <summary>How a form is drawn; the variations a department's or a browser's print plausibly has.</summary>
    public sealed record Style
    {
        /// <summary>CSS vertical-align of the cells: middle is the browser's default, top is common in forms.</summary>
        public string VerticalAlign { get; init; } = "middle";
        public string FontSize { get; init; } = "9pt";
        /// <summary>Repeat the title and 部门名称 with the column heads on every page (in thead), as the budget system prints.</summary>
        public bool RepeatTitle { get; init; } = true;
        public bool Landscape { get; init; } = true;
        /// <summary>Break lines anywhere (CJK forms do) or only where the browser would by default.</summary>
        public bool BreakAll { get; init; } = true;
        /// <summary>One border between cells (collapse) or each cell its own box (separate: double lines).</summary>
        public bool Collapse { get; init; } = true;
        /// <summary>The title and 部门名称 rows drawn as boxes of the table, not as bare text above it.</summary>
        public bool BoxedTitle { get; init; }
        public static Style Default { get; } = new();
    }

    /// <summary>The HTML of a seed's form.</summary>
    public static string Html(Submission seed, SourceText source, Style? style = null)
    {
        style ??= Style.Default;
        return seed.Kind == SubmissionKind.DepartmentOverall ? OverallHtml(seed, style) : ProjectHtml(seed, source, style);
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string Money(decimal? v) => v is { } d ? d.ToString("#,##0.00", CultureInfo.InvariantCulture) : "";

    private static string Head(string title, Style style, string columns) => $$"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(title)}}</title>
        <style>
        @page { size: A4 {{(style.Landscape ? "landscape" : "portrait")}}; margin: 12mm 10mm; }
        body { font-family: "Noto Sans CJK SC", sans-serif; font-size: {{style.FontSize}}; margin: 0; }
        table { border-collapse: {{(style.Collapse ? "collapse" : "separate")}}; width: 100%; table-layout: fixed; }
        thead { display: table-header-group; }
        th, td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: {{style.VerticalAlign}}; word-break: {{(style.BreakAll ? "break-all" : "normal")}}; }
        th { font-weight: bold; text-align: center; }
        td.n { text-align: right; }
        td.c { text-align: center; }
        .bare, .bare td { border: none; }
        .title { text-align: center; font-size: 16pt; font-weight: bold; padding: 4pt 0 8pt; {{(style.BoxedTitle ? "" : "border: none;")}} }
        .meta { {{(style.BoxedTitle ? "" : "border: none;")}} padding: 0 0 4pt; }
        .meta span.r { float: right; }
        h1 { text-align: center; font-size: 16pt; margin: 0 0 8pt; }
        </style></head><body>
        {{columns}}
        """;

    // ---- 项目支出绩效目标表 ----------------------------------------------------------------------

    private static string ProjectHtml(Submission seed, SourceText source, Style style)
    {
        var sources = seed.Columns.Skip(1).ToList();
        if (sources.Count == 0) sources = ColumnNames.Standard.Skip(1).ToList();
        var placed = ColumnChoice.Place(seed);
        int n = 1 + 1 + sources.Count + 2;
        var sb = new StringBuilder();
        const string title = "项目支出绩效目标表（含转移支付项目）";
        var widths = new List<string> { "13%", "7%" };
        widths.AddRange(sources.Select(_ => $"{21.0 / sources.Count:0.##}%"));
        widths.Add("22%");
        widths.Add("37%");
        sb.Append(Head(title, style, "<table><colgroup>" + string.Concat(widths.Select(w => $"<col style=\"width:{w}\">")) + "</colgroup>"));
        var titleRows = $"<tr><td class=\"title\" colspan=\"{n}\">{E(title)}</td></tr>\n"
            + $"<tr><td class=\"meta\" colspan=\"{n}\">部门名称：{E(seed.Department)}<span class=\"r\">单位：{E(seed.MoneyUnit ?? "万元")}</span></td></tr>\n";
        sb.Append("<thead>\n");
        if (style.RepeatTitle) sb.Append(titleRows);
        sb.Append("<tr><th>项目名称（资金使用单位）</th><th>总计</th>");
        foreach (var c in sources) sb.Append($"<th>{E(c)}</th>");
        sb.Append("<th>绩效目标</th><th>绩效指标</th></tr>\n</thead>\n<tbody>\n");
        if (!style.RepeatTitle) sb.Insert(sb.ToString().IndexOf("<table>", StringComparison.Ordinal), $"<h1>{E(title)}</h1><p>部门名称：{E(seed.Department)}　单位：{E(seed.MoneyUnit ?? "万元")}</p>");

        void Row(string name, Amounts amounts, string goal, string indicators, bool indent)
        {
            sb.Append("<tr><td").Append(indent ? " style=\"padding-left:10pt\"" : "").Append('>').Append(E(name)).Append("</td>");
            sb.Append("<td class=\"n\">").Append(Money(amounts.Total)).Append("</td>");
            var figures = placed[amounts];
            foreach (var c in sources)
                sb.Append("<td class=\"n\">").Append(Money(figures.FirstOrDefault(f => f.Column == c)?.Value)).Append("</td>");
            sb.Append("<td>").Append(E(goal)).Append("</td><td>").Append(E(indicators)).Append("</td></tr>\n");
        }

        if (seed.GrandTotal is { } g) Row(g.Name, g.Amounts, "", "", false);
        foreach (var u in seed.Units)
        {
            if (!u.Implicit) Row(u.Name, u.Amounts, "", "", false);
            foreach (var p in u.Projects)
                Row(p.Name, p.Amounts, p.Goal ?? "", BlockText(source, seed, p.IndicatorsSpan), !u.Implicit);
        }
        sb.Append("</tbody></table>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// A block of the seed text as the reader joined it (lines trimmed and run together), without the
    /// page headers that the extraction left inside it.
    /// </summary>
    public static string BlockText(SourceText source, Submission seed, SourceSpan? span)
    {
        if (span is null) return "";
        var furniture = seed.Furniture.Select(f => f.StartLine).ToHashSet();
        var sb = new StringBuilder();
        for (int line = span.StartLine; line <= span.EndLine; line++)
        {
            if (furniture.Contains(line)) continue;
            var s = source[line];
            int from = line == span.StartLine ? span.StartColumn - 1 : 0;
            int to = line == span.EndLine ? Math.Min(span.EndColumn, s.Length) : s.Length;
            if (to > from) sb.Append(s[from..to].Trim());
        }
        return sb.ToString();
    }

    // ---- 部门整体预算绩效目标申报表 --------------------------------------------------------------

    private static string OverallHtml(Submission seed, Style style)
    {
        var o = seed.Overall!;
        const string title = "部门整体预算绩效目标申报表";
        var sb = new StringBuilder();
        sb.Append(Head(title, style, $"<h1>{E(title)}</h1>\n<table><colgroup><col style=\"width:9%\"><col style=\"width:13%\"><col style=\"width:17%\"><col style=\"width:21%\"><col style=\"width:20%\"><col style=\"width:20%\"></colgroup>\n<tbody>\n"));
        sb.Append($"<tr><td class=\"c\">部门名称</td><td colspan=\"5\">{E(seed.Department)}</td></tr>\n");

        string money = seed.MoneyUnit ?? "万元";
        int budgetRows = 1 + Math.Max(o.Expenditure.Count, o.Income.Count) + 1 + Math.Max(o.Development.Count, o.BudgetLevels.Count);
        sb.Append($"<tr><td class=\"c\" rowspan=\"{budgetRows}\">预算整体情况</td><td class=\"c\">部门预算支出</td><td class=\"c\">预算金额（{money}）</td><td class=\"c\">收入来源</td><td class=\"c\" colspan=\"2\">预算金额（{money}）</td></tr>\n");
        Pairs(o.Expenditure, o.Income);
        sb.Append($"<tr><td class=\"c\">事业发展性支出</td><td class=\"c\">预算金额（{money}）</td><td class=\"c\">按预算级次划分</td><td class=\"c\" colspan=\"2\">预算金额（{money}）</td></tr>\n");
        Pairs(o.Development, o.BudgetLevels);

        sb.Append($"<tr><td class=\"c\">总体绩效目标</td><td colspan=\"5\">{E(o.Goals)}</td></tr>\n");

        // Key tasks: a 名称 cell merged over the tasks that continue it (the seed's fourth task).
        sb.Append($"<tr><td class=\"c\" rowspan=\"{o.KeyTasks.Count + 1}\">年度重点工作任务</td><td class=\"c\">名称</td><td class=\"c\">主要实施内容</td><td class=\"c\">拟投入的资金（{money}）</td><td class=\"c\" colspan=\"2\">期望达到的目标（概述）</td></tr>\n");
        for (int i = 0; i < o.KeyTasks.Count; i++)
        {
            var t = o.KeyTasks[i];
            sb.Append("<tr>");
            if (i == 0 || o.KeyTasks[i - 1].Name != t.Name)
            {
                int span = 1;
                while (i + span < o.KeyTasks.Count && o.KeyTasks[i + span].Name == t.Name) span++;
                sb.Append($"<td rowspan=\"{span}\">{E(t.Name)}</td>");
            }
            sb.Append($"<td>{E(t.Content)}</td><td class=\"n\">{Money(t.Funds)}</td><td colspan=\"2\">{E(t.Outcome)}</td></tr>\n");
        }
        sb.Append($"<tr><td class=\"c\">其他需完成的任务（可选填）</td><td colspan=\"5\">{E(o.OtherTasks)}</td></tr>\n");

        // The indicator grid: indicators and empty categories in the seed's order, level cells merged.
        var rows = o.Indicators.Select(i => (Line: i.Span?.StartLine ?? 0, L1: i.Level1.Name, L2: i.Level2.Name, Ind: (Indicator?)i))
            .Concat(o.EmptyCategories.Select(c => (Line: c.Span?.StartLine ?? 0, L1: c.Level1.Name, L2: c.Level2.Name, Ind: (Indicator?)null)))
            .OrderBy(r => r.Line).ToList();
        sb.Append($"<tr><td class=\"c\" rowspan=\"{rows.Count + 1}\">绩效指标</td><td class=\"c\">一级指标</td><td class=\"c\">二级指标</td><td class=\"c\">三级指标</td><td class=\"c\">实施周期指标值</td><td class=\"c\">年度指标值</td></tr>\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            sb.Append("<tr>");
            if (i == 0 || rows[i - 1].L1 != r.L1)
            {
                int span = Run(i, x => x.L1 == r.L1);
                sb.Append($"<td class=\"c\" rowspan=\"{span}\">{E(r.L1)}</td>");
            }
            if (i == 0 || rows[i - 1].L1 != r.L1 || rows[i - 1].L2 != r.L2)
            {
                int span = Run(i, x => x.L1 == r.L1 && x.L2 == r.L2);
                sb.Append($"<td class=\"c\" rowspan=\"{span}\">{E(r.L2)}</td>");
            }
            sb.Append($"<td>{E(r.Ind?.Name)}</td><td>{E(r.Ind?.Cycle.Text)}</td><td>{E(r.Ind?.Annual.Text)}</td></tr>\n");
        }
        sb.Append("</tbody></table>\n</body></html>\n");
        return sb.ToString();

        int Run(int from, Func<(int Line, string L1, string L2, Indicator? Ind), bool> same)
        {
            int k = from;
            while (k < rows.Count && same(rows[k])) k++;
            return k - from;
        }

        void Pairs(List<NamedAmount> left, List<NamedAmount> right)
        {
            for (int i = 0; i < Math.Max(left.Count, right.Count); i++)
            {
                var a = i < left.Count ? left[i] : null;
                var b = i < right.Count ? right[i] : null;
                sb.Append($"<tr><td>{E(a?.Name)}</td><td class=\"n\">{E(a?.Text)}</td><td>{E(b?.Name)}</td><td class=\"n\" colspan=\"2\">{E(b?.Text)}</td></tr>\n");
            }
        }
    }
}

/// <summary>
/// Which column a figure goes in when the seed text does not say (empty columns vanish in the inline
/// layout: `1,493.57 1,493.57`). A printed form must put it in some column; this is the one rule the
/// generator and the tests' expected models share, chosen so the amounts still add up per column:
/// 合计's first figure is 财政拨款 and its others the last columns (其他资金); a unit's single figure
/// takes the 合计 column holding the same figure; a project's single figure takes its unit's column;
/// anything else left over starts at 财政拨款.
/// </summary>
public static class ColumnChoice
{
    /// <summary>Every amount row's source figures, placed (figures the seed placed keep their column).</summary>
    public static Dictionary<Amounts, List<ColumnAmount>> Place(Submission seed)
    {
        var sources = seed.Columns.Skip(1).ToList();
        if (sources.Count == 0) sources = ColumnNames.Standard.Skip(1).ToList();
        var result = new Dictionary<Amounts, List<ColumnAmount>>(ReferenceEqualityComparer.Instance);
        List<ColumnAmount>? total = null;
        if (seed.GrandTotal is { } g)
        {
            total = Spread(g.Amounts, sources, null);
            result[g.Amounts] = total;
        }
        foreach (var u in seed.Units)
        {
            string? unitColumn = null;
            if (u.Amounts.Unplaced.Count == 1 && total?.FirstOrDefault(t => t.Value == u.Amounts.Unplaced[0]) is { } same)
                unitColumn = same.Column;
            var unit = Spread(u.Amounts, sources, unitColumn);
            result[u.Amounts] = unit;
            var only = unit.Count == 1 ? unit[0].Column : null;
            foreach (var p in u.Projects) result[p.Amounts] = Spread(p.Amounts, sources, only);
        }
        return result;
    }

    private static List<ColumnAmount> Spread(Amounts a, List<string> sources, string? single)
    {
        var list = a.Sources.ToList();
        var free = sources.Where(c => list.All(s => s.Column != c)).ToList();
        var u = a.Unplaced;
        if (u.Count == 0 || free.Count == 0) return list;
        if (u.Count == 1 && single is not null && free.Contains(single)) list.Add(new ColumnAmount(single, u[0]));
        else
        {
            // The first figure in the first free column, the rest in the last ones.
            list.Add(new ColumnAmount(free[0], u[0]));
            var tail = free.Skip(1).TakeLast(u.Count - 1).ToList();
            for (int i = 0; i < tail.Count; i++) list.Add(new ColumnAmount(tail[i], u[1 + i]));
        }
        return list.OrderBy(s => sources.IndexOf(s.Column)).ToList();
    }

    /// <summary>The seed's model with every unplaced figure put in its column: what a PDF of the form reads into.</summary>
    public static void Apply(Submission seed)
    {
        var placed = Place(seed);
        foreach (var (amounts, figures) in placed)
        {
            amounts.Sources = figures.ToList();
            amounts.Unplaced.Clear();
        }
    }
}
