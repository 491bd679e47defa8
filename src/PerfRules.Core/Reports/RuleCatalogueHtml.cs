using PerfRules.Rules;
using static PerfRules.Reports.HtmlFormatter;

namespace PerfRules.Reports;

/// <summary>
/// A rule explained for people, in HTML: title, severity, what it checks, its basis, how to fix what
/// it finds (the fix with its values shown as …), its description and its examples. The HTML report
/// ends with the rules it names; the service's rule list page (<see cref="WritePage"/>) shows them all.
/// No inline script or style, so the page passes the service's Content-Security-Policy.
/// </summary>
public static class RuleCatalogueHtml
{
    /// <summary>The element id of a rule's explanation (rule ids are letters, digits, _ . -: safe in an id).</summary>
    public static string Anchor(string ruleId) => "rule-" + ruleId;

    public static void WriteRule(TextWriter o, Rule r)
    {
        o.Write($"<article class=\"rule-doc\" id=\"{E(Anchor(r.Id))}\">\n");
        o.Write($"<h3><code>{E(r.Id)}</code> {E(r.Title)} {Badge(r.Severity)}</h3>\n<dl class=\"facts\">\n");
        Fact(o, "检查对象", RuleDocs.ScopeText(r.Scope));
        if (r.Basis is { Length: > 0 } basis) Fact(o, "依据", basis);
        if (RuleDocs.FixText(r) is { } fix) Fact(o, "修改建议", fix);
        if (r.Description is { Length: > 0 } d) Fact(o, "说明", d);
        o.Write("</dl>\n");
        if (r.ValidExamples.Count + r.InvalidExamples.Count > 0)
        {
            o.Write($"<details class=\"examples\"><summary>示例（正确 {r.ValidExamples.Count} 个，应报告 {r.InvalidExamples.Count} 个）</summary>\n");
            Examples(o, "正确（不报告）", r.ValidExamples);
            Examples(o, "应报告", r.InvalidExamples);
            o.Write("</details>\n");
        }
        o.Write("</article>\n");
    }

    /// <summary>A whole page listing every rule of the set, by section, each explained; its style from <paramref name="stylesheet"/>.</summary>
    public static void WritePage(TextWriter o, RuleSet set, string stylesheet, string? backLink = null)
    {
        o.Write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
        o.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n");
        o.Write($"<title>规则列表：{E(set.Name)} {E(set.Version)}</title>\n<link rel=\"stylesheet\" href=\"{E(stylesheet)}\">\n</head>\n<body>\n");
        o.Write($"<h1>规则列表</h1>\n<p class=\"meta\">规则集 {E(set.Name)} {E(set.Version)}，共 {set.Rules.Count} 条规则");
        if (backLink is not null) o.Write($" · <a href=\"{E(backLink)}\">返回上传页面</a>");
        o.Write("</p>\n");
        foreach (var (file, description, rules) in set.Sections())
        {
            o.Write($"<section class=\"rule-section\">\n<h2>{E(RuleDocs.SectionTitle(file, description, rules.Count))}</h2>\n");
            o.Write("<div class=\"scroll\"><table class=\"by-rule\">\n<thead><tr><th>规则</th><th>标题</th><th>级别</th></tr></thead>\n<tbody>\n");
            foreach (var r in rules)
                o.Write($"<tr><td><a class=\"rule\" href=\"#{E(Anchor(r.Id))}\"><code>{E(r.Id)}</code></a></td><td>{E(r.Title)}</td><td>{Badge(r.Severity)}</td></tr>\n");
            o.Write("</tbody>\n</table></div>\n");
            foreach (var r in rules) WriteRule(o, r);
            o.Write("</section>\n");
        }
        o.Write("</body>\n</html>\n");
    }

    private static void Fact(TextWriter o, string name, string text) =>
        o.Write($"<dt>{E(name)}</dt><dd>{E(text)}</dd>\n");

    private static void Examples(TextWriter o, string heading, IReadOnlyList<RuleExample> examples)
    {
        if (examples.Count == 0) return;
        o.Write($"<p>{E(heading)}：</p>\n");
        foreach (var x in examples) o.Write($"<pre class=\"example\">{E(x.Text.TrimEnd())}</pre>\n");
    }
}
