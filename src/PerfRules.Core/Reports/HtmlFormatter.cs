using System.Globalization;
using System.Text;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// One self-contained HTML page in Chinese (no external scripts, fonts, styles or images; works
/// offline): the summary tables, bar charts of findings by rule and by department (inline SVG),
/// then each document with its findings grouped by project, each with the source line it refers to.
/// A small inline script filters by severity and counts the findings shown.
/// </summary>
public sealed class HtmlFormatter : IReportFormatter
{
    public string Name => "html";
    public string Extension => "html";

    public void Write(LintReport report, TextWriter o)
    {
        var s = report.Summary;
        var listed = report.Findings.Count();
        o.Write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        o.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        o.Write($"<meta name=\"generator\" content=\"{E(LintReport.ToolName)} {E(LintReport.ToolVersion)}\">\n");
        o.Write("<title>预算绩效目标表检查报告</title>\n<style>\n" + Css + "</style>\n</head>\n");
        o.Write($"<body data-findings=\"{listed}\">\n");
        o.Write("<h1>预算绩效目标表检查报告</h1>\n");
        o.Write($"<p class=\"meta\">规则集 {E(report.RuleSet.Name)} {E(report.RuleSet.Version)} · {E(LintReport.ToolName)} {E(LintReport.ToolVersion)}</p>\n");

        o.Write("<section id=\"summary\">\n<h2>汇总</h2>\n<table class=\"totals\">\n");
        Row(o, "th", "检查的文件", "可识别的表", "无法识别或读取", "有结果的文件", "结果", "错误", "警告", "提示");
        Row(o, "td", N(s.Files), N(s.Tables), N(s.Unreadable.Count), N(s.DocumentsWithFindings), N(s.Totals.Total),
            N(s.Totals.Errors), N(s.Totals.Warnings), N(s.Totals.Infos));
        o.Write("</table>\n");

        o.Write("<h3>按部门</h3>\n<div class=\"pair\">\n<table>\n");
        Row(o, "th", "部门", "文件", "错误", "警告", "提示");
        foreach (var d in s.ByDepartment) Row(o, "td", E(d.Department), N(d.Documents), N(d.Counts.Errors), N(d.Counts.Warnings), N(d.Counts.Infos));
        o.Write("</table>\n");
        Chart(o, "按部门的结果数", s.ByDepartment.Select(d => (d.Department, d.Counts)).ToList());
        o.Write("</div>\n");

        o.Write("<h3>按规则</h3>\n<div class=\"pair\">\n<table>\n");
        Row(o, "th", "规则", "标题", "级别", "结果", "文件");
        foreach (var r in s.ByRule)
            Row(o, "td", $"<code>{E(r.RuleId)}</code>", E(r.Title), Badge(r.Severity), N(r.Findings), N(r.Documents));
        if (s.ByRule.Count == 0) o.Write("<tr><td colspan=\"5\">没有结果</td></tr>\n");
        o.Write("</table>\n");
        Chart(o, "按规则的结果数", s.ByRule.Select(r => (r.RuleId, new SeverityCounts(
            r.Severity == Severity.Error ? r.Findings : 0, r.Severity == Severity.Warning ? r.Findings : 0, r.Severity == Severity.Info ? r.Findings : 0))).ToList());
        o.Write("</div>\n");

        o.Write("<h3>按级别</h3>\n<table>\n");
        Row(o, "th", "级别", "结果");
        Row(o, "td", Badge(Severity.Error), N(s.Totals.Errors));
        Row(o, "td", Badge(Severity.Warning), N(s.Totals.Warnings));
        Row(o, "td", Badge(Severity.Info), N(s.Totals.Infos));
        o.Write("</table>\n");

        o.Write("<h3>问题最多的文件</h3>\n<table>\n");
        Row(o, "th", "文件", "部门", "表", "错误", "警告", "提示");
        foreach (var d in s.WorstDocuments)
            Row(o, "td", $"<a href=\"#{Anchor(d.File)}\">{E(d.File)}</a>", E(d.Department), E(d.Kind), N(d.Counts.Errors), N(d.Counts.Warnings), N(d.Counts.Infos));
        if (s.WorstDocuments.Count == 0) o.Write("<tr><td colspan=\"6\">没有结果</td></tr>\n");
        o.Write("</table>\n");

        if (s.Unreadable.Count > 0)
        {
            o.Write("<h3>无法识别或读取的文件</h3>\n<table class=\"unreadable\">\n");
            Row(o, "th", "文件", "原因");
            foreach (var u in s.Unreadable) Row(o, "td", E(u.File), E(u.Reason));
            o.Write("</table>\n");
        }
        if (report.Baseline is { } b)
        {
            o.Write($"<h3>基线</h3>\n<p>隐藏了 {b.Suppressed} 条已记录的结果；{b.Stale.Count} 条基线记录已不再出现" + (b.Stale.Count > 0 ? "（可从基线文件中删除）" : "") + "。</p>\n");
            if (b.Stale.Count > 0)
            {
                o.Write("<table>\n");
                Row(o, "th", "指纹", "规则", "文件", "消息");
                foreach (var e in b.Stale) Row(o, "td", $"<code>{E(e.Fingerprint)}</code>", E(e.RuleId), E(e.File), E(e.Message));
                o.Write("</table>\n");
            }
        }
        if (report.OmittedFindings > 0)
            o.Write($"<p class=\"note\">另有 {report.OmittedFindings} 条结果未列出（--max-findings），汇总中已计入。</p>\n");
        o.Write("</section>\n");

        o.Write("<section id=\"documents\">\n<h2>各文件的检查结果</h2>\n<p class=\"filter\">显示：");
        foreach (var sev in new[] { Severity.Error, Severity.Warning, Severity.Info })
            o.Write($"<label><input type=\"checkbox\" data-severity=\"{sev.Name()}\" checked> {SummaryFormatter.SeverityName(sev)}</label> ");
        o.Write($"· 当前显示 <span id=\"shown\">{listed}</span> 条结果</p>\n");
        foreach (var doc in report.Documents) Document(o, doc);
        o.Write("</section>\n");
        o.Write("<script>\n" + Script + "</script>\n</body>\n</html>\n");
    }

    private static void Document(TextWriter o, DocumentResult doc)
    {
        var c = SeverityCounts.Of(doc.Findings);
        o.Write($"<details class=\"doc\" id=\"{Anchor(doc.File)}\"{(doc.Findings.Count > 0 ? " open" : "")}>\n");
        o.Write($"<summary><span class=\"file\">{E(doc.File)}</span> <span class=\"dept\">{E(AuditSummary.DepartmentOf(doc))} · {E(AuditSummary.KindName(doc.Submission.Kind))}</span> ");
        o.Write(doc.Findings.Count == 0 ? "<span class=\"ok\">没有发现问题</span>" : $"<span class=\"counts\">错误 {c.Errors} · 警告 {c.Warnings} · 提示 {c.Infos}</span>");
        o.Write("</summary>\n");
        // Grouped by project, in order of first finding; findings not about one project go under 整表.
        foreach (var group in doc.Findings.GroupBy(f => f.Project is null ? "" : $"{f.Unit} › {f.Project}"))
        {
            var first = group.First();
            o.Write(first.Project is null
                ? "<h4>整表</h4>\n"
                : $"<h4>项目：{E(first.Project)}{(first.Unit is { } u ? $" <span class=\"unit\">（{E(u)}）</span>" : "")}</h4>\n");
            o.Write("<ul class=\"findings\">\n");
            foreach (var f in group)
            {
                o.Write($"<li class=\"finding sev-{f.Severity.Name()}\" data-severity=\"{f.Severity.Name()}\" data-rule=\"{E(f.RuleId)}\">");
                o.Write($"{Badge(f.Severity)} <code class=\"rule\" title=\"{E(f.Title)}\">{E(f.RuleId)}</code> ");
                if (doc.Place(f) is { } place) o.Write($"<span class=\"loc\">{E(place)}</span> ");
                else if (f.Span is { } sp) o.Write($"<span class=\"loc\">第 {sp.StartLine} 行第 {sp.StartColumn} 列</span> ");
                o.Write($"<span class=\"msg\">{E(f.Message)}</span>");
                if (f.Fix is { Length: > 0 } fix) o.Write($"<div class=\"fix\">修改建议：{E(fix)}</div>");
                if (f.Path.Length > 0) o.Write($"<div class=\"path\">{E(f.Path)}</div>");
                Source(o, doc.SnippetLines(f));
                o.Write("</li>\n");
            }
            o.Write("</ul>\n");
        }
        o.Write("</details>\n");
    }

    /// <summary>
    /// Every line of the finding's span and of the object it is in, numbered, with the span's
    /// columns marked (<c>&lt;mark&gt;</c>): the faulty code, value or figure inside its indicator or row.
    /// </summary>
    private static void Source(TextWriter o, IReadOnlyList<SnippetLine> lines)
    {
        if (lines.Count == 0) return;
        o.Write("<pre class=\"src\">");
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, text, marked) = lines[i];
            if (i > 0) o.Write('\n');
            o.Write($"<span class=\"ln\">{line}</span>");
            if (marked is not { } m || m.Start > text.Length) { o.Write(E(text)); continue; }
            int from = Math.Clamp(m.Start - 1, 0, text.Length), to = Math.Clamp(m.End, from, text.Length);
            // An empty part (a value left empty) still shows where it is.
            o.Write(E(text[..from]));
            o.Write(to > from ? $"<mark>{E(text[from..to])}</mark>" : "<mark class=\"empty\"> </mark>");
            o.Write(E(text[to..]));
        }
        o.Write("</pre>");
    }

    // Horizontal stacked bars (errors, warnings, infos), inline SVG so nothing is fetched.
    private static void Chart(TextWriter o, string title, IReadOnlyList<(string Label, SeverityCounts Counts)> rows)
    {
        if (rows.Count == 0) return;
        const int labelW = 210, barW = 300, rowH = 22, pad = 6;
        var max = Math.Max(1, rows.Max(r => r.Counts.Total));
        var h = rows.Count * rowH + 2 * pad;
        o.Write($"<svg class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" width=\"{labelW + barW + 60}\" height=\"{h}\" viewBox=\"0 0 {labelW + barW + 60} {h}\">\n<title>{E(title)}</title>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, c) = rows[i];
            var y = pad + i * rowH;
            var shown = label.Length > 14 ? label[..13] + "…" : label;
            o.Write($"<text x=\"{labelW - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{E(shown)}</text>");
            double x = labelW;
            foreach (var (n, cls) in new[] { (c.Errors, "error"), (c.Warnings, "warning"), (c.Infos, "info") })
            {
                if (n == 0) continue;
                var w = Math.Max(1.0, barW * (double)n / max);
                o.Write($"<rect class=\"bar-{cls}\" x=\"{F(x)}\" y=\"{y + 3}\" width=\"{F(w)}\" height=\"{rowH - 6}\"><title>{E(label)}：{SummaryFormatter.SeverityName(cls switch { "error" => Severity.Error, "warning" => Severity.Warning, _ => Severity.Info })} {n}</title></rect>");
                x += w;
            }
            o.Write($"<text x=\"{F(x + 4)}\" y=\"{y + 15}\">{c.Total}</text>\n");
        }
        o.Write("</svg>\n");
    }

    private static string Badge(Severity s) => $"<span class=\"badge {s.Name()}\">{SummaryFormatter.SeverityName(s)}</span>";

    private static void Row(TextWriter o, string cell, params string[] cells)
    {
        o.Write("<tr>");
        foreach (var c in cells) o.Write($"<{cell}>{c}</{cell}>");
        o.Write("</tr>\n");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A stable element id for a file.</summary>
    public static string Anchor(string file) =>
        "doc-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(file)))[..12];

    /// <summary>HTML-escapes text (also quotes, for attributes); drops characters HTML cannot carry.</summary>
    public static string E(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\0': sb.Append('\uFFFD'); break;
                default:
                    if (char.IsControl(ch) && ch is not '\t' and not '\n' and not '\r') sb.Append('\uFFFD');
                    else sb.Append(ch);
                    break;
            }
        return sb.ToString();
    }

    private const string Css = """
        body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.5}
        h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        .meta,.dept,.path,.unit{color:#666}.path{font-size:.85em}.fix{margin:.2em 0 0 1.5em;color:#1a5e20}
        table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td:not(:first-child){white-space:nowrap}
        .pair{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
        .chart text{font-size:12px;fill:#333}.bar-error{fill:#c62828}.bar-warning{fill:#ef8f00}.bar-info{fill:#1e6fb8}
        .badge{display:inline-block;border-radius:3px;padding:0 .4em;color:#fff;font-size:.85em}
        .badge.error{background:#c62828}.badge.warning{background:#ef8f00}.badge.info{background:#1e6fb8}
        details.doc{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.3em .8em}
        details.doc>summary{cursor:pointer;font-weight:600}.ok{color:#2e7d32}.counts{color:#c62828}
        ul.findings{list-style:none;padding-left:0}li.finding{border-left:4px solid #ccc;padding:.3em .6em;margin:.4em 0;background:#fafafa}
        li.sev-error{border-color:#c62828}li.sev-warning{border-color:#ef8f00}li.sev-info{border-color:#1e6fb8}
        pre.src{background:#f4f1e8;padding:.3em .6em;margin:.3em 0 0;white-space:pre-wrap;word-break:break-all}
        .ln{color:#999;margin-right:1em;user-select:none;display:inline-block;min-width:2.5em;text-align:right}li.hidden{display:none}
        pre.src mark{background:#ffd54f;color:inherit;border-bottom:2px solid #c62828}pre.src mark.empty{background:#ffcdd2}
        @media print{details.doc{break-inside:avoid}.filter{display:none}}

        """;

    private const string Script = """
        (function () {
          'use strict';
          var boxes = document.querySelectorAll('.filter input[data-severity]');
          function update() {
            var on = {};
            boxes.forEach(function (b) { on[b.getAttribute('data-severity')] = b.checked; });
            var shown = 0;
            document.querySelectorAll('li.finding').forEach(function (li) {
              var visible = on[li.getAttribute('data-severity')] !== false;
              li.classList.toggle('hidden', !visible);
              if (visible) shown++;
            });
            document.getElementById('shown').textContent = String(shown);
            document.body.setAttribute('data-rendered-findings', String(shown));
          }
          boxes.forEach(function (b) { b.addEventListener('change', update); });
          update();
        })();

        """;
}
