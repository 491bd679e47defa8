using System.Globalization;
using System.Text;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// One self-contained HTML page in Chinese (no external scripts, fonts, styles or images; works
/// offline): the summary tables, bar charts of findings by department and by rule (inline SVG),
/// then each document with its findings grouped by project, each with its fix, evidence and the
/// source line it refers to, and at the end the explanation of every rule the report names (each
/// rule id links to it). A small inline script filters by severity, hides the groups the filter
/// empties and counts the findings shown. Wide tables scroll inside their own box on a narrow screen.
/// </summary>
public sealed class HtmlFormatter : IReportFormatter
{
    public string Name => "html";
    public string Extension => "html";

    public void Write(LintReport report, TextWriter o)
    {
        var s = report.Summary;
        var listed = report.Documents.Sum(d => d.Findings.Count);
        var rules = report.RuleSet;
        // The summary counts every finding of the run, the listed ones too (--min-severity and
        // --max-findings keep the whole run's summary): its rules are all the report names.
        var named = s.ByRule.Select(r => r.RuleId).ToHashSet();
        var explained = rules.Rules.Where(r => named.Contains(r.Id)).ToList();
        var ids = explained.Select(r => r.Id).ToHashSet();

        o.Write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        o.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        o.Write($"<meta name=\"generator\" content=\"{E(LintReport.ToolName)} {E(LintReport.ToolVersion)}\">\n");
        o.Write("<title>预算绩效目标表检查报告</title>\n<style>\n" + Stylesheet + "</style>\n</head>\n");
        o.Write($"<body data-findings=\"{listed}\">\n");
        o.Write("<h1>预算绩效目标表检查报告</h1>\n");
        o.Write($"<p class=\"meta\">规则集 {E(rules.Name)} {E(rules.Version)} · {E(LintReport.ToolName)} {E(LintReport.ToolVersion)}</p>\n");
        o.Write("<nav class=\"toc\"><a href=\"#summary\">汇总</a> · <a href=\"#documents\">各文件的检查结果</a>" +
                (explained.Count > 0 ? " · <a href=\"#rules\">规则说明</a>" : "") + "</nav>\n");

        o.Write("<section id=\"summary\">\n<h2>汇总</h2>\n");
        Table(o, "totals", new[] { "检查的文件", "可识别的表", "无法识别或读取", "有结果的文件", "结果", "错误", "警告", "提示" }, new[]
        {
            new[] { N(s.Files), N(s.Tables), N(s.Unreadable.Count), N(s.DocumentsWithFindings), N(s.Totals.Total), N(s.Totals.Errors), N(s.Totals.Warnings), N(s.Totals.Infos) },
        });

        o.Write("<h3>按部门</h3>\n<div class=\"pair\">\n");
        Table(o, "by-department", new[] { "部门", "文件", "错误", "警告", "提示" },
            s.ByDepartment.Select(d => new[] { E(d.Department), N(d.Documents), N(d.Counts.Errors), N(d.Counts.Warnings), N(d.Counts.Infos) }));
        Chart(o, "按部门的结果数", s.ByDepartment.Select(d => (d.Department, d.Counts)).ToList());
        o.Write("</div>\n");

        o.Write("<h3>按规则</h3>\n<div class=\"pair\">\n");
        Table(o, "by-rule", new[] { "规则", "标题", "级别", "结果", "文件" },
            s.ByRule.Select(r => new[] { RuleLink(r.RuleId, r.Title, ids), E(r.Title), Badge(r.Severity), N(r.Findings), N(r.Documents) }), empty: "没有结果");
        Chart(o, "按规则的结果数", s.ByRule.Select(r => ($"{r.RuleId} {r.Title}", new SeverityCounts(
            r.Severity == Severity.Error ? r.Findings : 0, r.Severity == Severity.Warning ? r.Findings : 0, r.Severity == Severity.Info ? r.Findings : 0))).ToList());
        o.Write("</div>\n");

        o.Write("<h3>按级别</h3>\n");
        Table(o, "by-severity", new[] { "级别", "结果" }, new[]
        {
            new[] { Badge(Severity.Error), N(s.Totals.Errors) },
            new[] { Badge(Severity.Warning), N(s.Totals.Warnings) },
            new[] { Badge(Severity.Info), N(s.Totals.Infos) },
        });

        o.Write("<h3>问题最多的文件</h3>\n");
        Table(o, "worst", new[] { "文件", "部门", "表", "错误", "警告", "提示" },
            s.WorstDocuments.Select(d => new[] { $"<a href=\"#{Anchor(d.File)}\">{E(d.File)}</a>", E(d.Department), E(d.Kind), N(d.Counts.Errors), N(d.Counts.Warnings), N(d.Counts.Infos) }),
            empty: "没有结果");

        if (s.Unreadable.Count > 0)
        {
            o.Write("<h3>无法识别或读取的文件</h3>\n");
            Table(o, "unreadable", new[] { "文件", "原因" }, s.Unreadable.Select(u => new[] { E(u.File), E(u.Reason) }));
        }
        if (report.Baseline is { } b)
        {
            o.Write($"<h3>基线</h3>\n<p>隐藏了 {b.Suppressed} 条已记录的结果；{b.Stale.Count} 条基线记录已不再出现" + (b.Stale.Count > 0 ? "（可从基线文件中删除）" : "") + "。</p>\n");
            if (b.Stale.Count > 0)
                Table(o, "stale", new[] { "指纹", "规则", "文件", "消息" },
                    b.Stale.Select(e => new[] { $"<code>{E(e.Fingerprint)}</code>", RuleLink(e.RuleId, null, ids), E(e.File), E(e.Message) }));
        }
        if (report.OmittedFindings > 0)
            o.Write($"<p class=\"note\">另有 {report.OmittedFindings} 条结果未列出（--max-findings），汇总中已计入。</p>\n");
        o.Write("</section>\n");

        o.Write("<section id=\"documents\">\n<h2>各文件的检查结果</h2>\n<p class=\"filter\">显示：");
        foreach (var sev in new[] { Severity.Error, Severity.Warning, Severity.Info })
            o.Write($"<label><input type=\"checkbox\" data-severity=\"{sev.Name()}\" checked> {SummaryFormatter.SeverityName(sev)}</label> ");
        o.Write($"· 当前显示 <span id=\"shown\">{listed}</span> 条结果</p>\n");
        foreach (var doc in report.Documents) Document(o, doc, rules, ids);
        o.Write("</section>\n");

        if (explained.Count > 0)
        {
            o.Write("<section id=\"rules\">\n<h2>规则说明</h2>\n<p class=\"meta\">本报告提到的规则：检查什么、依据、如何修改，以及示例。</p>\n");
            foreach (var r in explained) RuleCatalogueHtml.WriteRule(o, r);
            o.Write("</section>\n");
        }
        o.Write("<script>\n" + Script + "</script>\n</body>\n</html>\n");
    }

    private static void Document(TextWriter o, DocumentResult doc, RuleSet rules, ISet<string> ids)
    {
        var c = SeverityCounts.Of(doc.Findings);
        o.Write($"<details class=\"doc\" id=\"{Anchor(doc.File)}\"{(doc.Findings.Count > 0 ? " open" : "")}>\n");
        o.Write($"<summary><span class=\"file\">{E(doc.File)}</span> <span class=\"dept\">{E(AuditSummary.DepartmentOf(doc))} · {E(AuditSummary.KindName(doc.Submission.Kind))}</span> ");
        o.Write(doc.Findings.Count == 0 ? "<span class=\"ok\">没有发现问题</span>" : $"<span class=\"counts\">错误 {c.Errors} · 警告 {c.Warnings} · 提示 {c.Infos}</span>");
        o.Write("</summary>\n");
        if (doc.Findings.Count > 0) o.Write("<p class=\"none-shown hidden\">所选级别下没有结果。</p>\n");
        // Grouped by project, in order of first finding; findings not about one project go under 整表.
        // A group is a section so the filter can hide its heading with its last shown finding.
        foreach (var group in doc.Findings.GroupBy(f => f.Project is null ? "" : $"{f.Unit} › {f.Project}"))
        {
            var first = group.First();
            o.Write("<section class=\"group\">\n");
            o.Write(first.Project is null
                ? "<h4>整表</h4>\n"
                : $"<h4>项目：{E(first.Project)}{(first.Unit is { } u ? $" <span class=\"unit\">（{E(u)}）</span>" : "")}</h4>\n");
            o.Write("<ul class=\"findings\">\n");
            foreach (var f in group)
            {
                o.Write($"<li class=\"finding sev-{f.Severity.Name()}\" data-severity=\"{f.Severity.Name()}\" data-rule=\"{E(f.RuleId)}\">");
                o.Write($"{Badge(f.Severity)} {RuleLink(f.RuleId, f.Title, ids)} ");
                if (doc.Place(f) is { } place) o.Write($"<span class=\"loc\">{E(place)}</span> ");
                else if (f.Span is { } sp) o.Write($"<span class=\"loc\">第 {sp.StartLine} 行第 {sp.StartColumn} 列</span> ");
                o.Write($"<span class=\"msg\">{E(f.Message)}</span>");
                if (f.Fix is { Length: > 0 } fix) o.Write($"<div class=\"fix\">修改建议：{E(fix)}</div>");
                if (EvidenceText.Format(f, rules) is { Length: > 0 } evidence) o.Write($"<div class=\"evidence\">证据：{E(evidence)}</div>");
                if (f.Path.Length > 0) o.Write($"<div class=\"path\">{E(f.Path)}</div>");
                Source(o, doc.SnippetLines(f));
                o.Write("</li>\n");
            }
            o.Write("</ul>\n</section>\n");
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

    /// <summary>A rule id linking to its explanation at the end of the report (plain when it has none there).</summary>
    private static string RuleLink(string id, string? title, ISet<string> explained)
    {
        var tip = title is { Length: > 0 } t ? $" title=\"{E(t)}\"" : "";
        return explained.Contains(id)
            ? $"<a class=\"rule\" href=\"#{RuleCatalogueHtml.Anchor(id)}\"{tip}><code>{E(id)}</code></a>"
            : $"<code class=\"rule\"{tip}>{E(id)}</code>";
    }

    /// <summary>A table in a box that scrolls sideways when the screen is narrower than the table.</summary>
    private static void Table(TextWriter o, string cls, string[] head, IEnumerable<string[]> rows, string? empty = null)
    {
        o.Write($"<div class=\"scroll\"><table class=\"{cls}\">\n<thead>");
        Row(o, "th", head);
        o.Write("</thead>\n<tbody>\n");
        var any = false;
        foreach (var r in rows) { Row(o, "td", r); any = true; }
        if (!any && empty is not null) o.Write($"<tr><td colspan=\"{head.Length}\">{E(empty)}</td></tr>\n");
        o.Write("</tbody>\n</table></div>\n");
    }

    // Horizontal stacked bars (errors, warnings, infos), inline SVG so nothing is fetched. Each label
    // has the chart's whole width on a line of its own above its bar, so a long one is not cut; the
    // chart is no wider than a phone's screen.
    private static void Chart(TextWriter o, string title, IReadOnlyList<(string Label, SeverityCounts Counts)> rows)
    {
        if (rows.Count == 0) return;
        const int width = 360, barW = 300, rowH = 34, pad = 4;
        var max = Math.Max(1, rows.Max(r => r.Counts.Total));
        var h = rows.Count * rowH + 2 * pad;
        o.Write($"<svg class=\"chart\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{h}\" viewBox=\"0 0 {width} {h}\">\n<title>{E(title)}</title>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, c) = rows[i];
            var y = pad + i * rowH;
            o.Write($"<text class=\"label\" x=\"0\" y=\"{y + 12}\">{E(Fit(label, width))}<title>{E(label)}</title></text>");
            double x = 0;
            foreach (var (n, sev) in new[] { (c.Errors, Severity.Error), (c.Warnings, Severity.Warning), (c.Infos, Severity.Info) })
            {
                if (n == 0) continue;
                var w = Math.Max(1.0, barW * (double)n / max);
                o.Write($"<rect class=\"bar-{sev.Name()}\" x=\"{F(x)}\" y=\"{y + 16}\" width=\"{F(w)}\" height=\"12\"><title>{E(label)}：{SummaryFormatter.SeverityName(sev)} {n}</title></rect>");
                x += w;
            }
            o.Write($"<text x=\"{F(x + 4)}\" y=\"{y + 27}\">{c.Total}</text>\n");
        }
        o.Write("</svg>\n");
    }

    /// <summary>The label, shortened with … only if it would not fit in <paramref name="width"/> px at 12 px (a CJK character 12 px, others about 7).</summary>
    internal static string Fit(string label, int width)
    {
        static double W(char ch) => ch >= '\u2E80' ? 12 : 7;
        if (label.Sum(W) <= width) return label;
        double used = W('…');
        var end = 0;
        while (end < label.Length && used + W(label[end]) <= width) used += W(label[end++]);
        return label[..end] + "…";
    }

    internal static string Badge(Severity s) => $"<span class=\"badge {s.Name()}\">{SummaryFormatter.SeverityName(s)}</span>";

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

    /// <summary>
    /// The report's style sheet, inline in every report; the service serves it as /report.css for its
    /// rule list page (<see cref="RuleCatalogueHtml.WritePage"/>), whose policy allows no inline style.
    /// </summary>
    public const string Stylesheet = """
        body{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.5;overflow-wrap:anywhere}
        h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        .meta,.dept,.path,.unit{color:#666}.path,.evidence{font-size:.85em}.fix{margin:.2em 0 0 1.5em;color:#1a5e20}.evidence{margin:.2em 0 0 1.5em;color:#444}
        .toc{margin:.5em 0 1em}
        .scroll{overflow-x:auto;max-width:100%;margin:.5em 0 1em}.scroll>table{margin:0}
        table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#f3f3f3;white-space:nowrap}td:not(:first-child){white-space:nowrap}td:first-child{min-width:6em}
        table.by-rule td:nth-child(2){white-space:normal;min-width:12em}table.unreadable td,table.stale td{white-space:normal}
        .pair{display:flex;flex-wrap:wrap;gap:0 1.5em;align-items:flex-start}.pair>*{min-width:0;max-width:100%}
        .chart{max-width:100%;height:auto;margin:.5em 0 1em}.chart text{font-size:12px;fill:#333}.bar-error{fill:#c62828}.bar-warning{fill:#ef8f00}.bar-info{fill:#1e6fb8}
        .badge{display:inline-block;border-radius:3px;padding:0 .4em;color:#fff;font-size:.85em;white-space:nowrap}
        .badge.error{background:#c62828}.badge.warning{background:#ef8f00}.badge.info{background:#1e6fb8}.badge.off{background:#888}
        details.doc{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.3em .8em}
        details.doc>summary{cursor:pointer;font-weight:600}.ok{color:#2e7d32}.counts{color:#c62828}.none-shown{color:#666}
        ul.findings{list-style:none;padding-left:0}li.finding{border-left:4px solid #ccc;padding:.3em .6em;margin:.4em 0;background:#fafafa}
        li.sev-error{border-color:#c62828}li.sev-warning{border-color:#ef8f00}li.sev-info{border-color:#1e6fb8}
        a.rule{text-decoration:none}a.rule code{text-decoration:underline dotted}
        pre.src{background:#f4f1e8;padding:.3em .6em;margin:.3em 0 0;white-space:pre-wrap;word-break:break-all}
        .ln{color:#999;margin-right:1em;user-select:none;display:inline-block;min-width:2.5em;text-align:right}.hidden{display:none!important}
        pre.src mark{background:#ffd54f;color:inherit;border-bottom:2px solid #c62828}pre.src mark.empty{background:#ffcdd2}
        article.rule-doc{border-top:1px solid #ddd;padding:.5em 0}article.rule-doc:target{background:#fffbe6}
        article.rule-doc h3{margin:.3em 0}dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2em 1em;margin:.4em 0}dl.facts dt{color:#666}dl.facts dd{margin:0}
        pre.example{background:#f6f6f6;padding:.4em .6em;overflow-x:auto;font-size:.85em}
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
            // A project heading goes with its last shown finding; a file with none says so.
            document.querySelectorAll('section.group').forEach(function (g) {
              g.classList.toggle('hidden', !g.querySelector('li.finding:not(.hidden)'));
            });
            document.querySelectorAll('details.doc').forEach(function (d) {
              var note = d.querySelector('.none-shown');
              if (note) note.classList.toggle('hidden', !!d.querySelector('section.group:not(.hidden)'));
            });
            document.getElementById('shown').textContent = String(shown);
            document.body.setAttribute('data-rendered-findings', String(shown));
          }
          boxes.forEach(function (b) { b.addEventListener('change', update); });
          update();
        })();

        """;
}
