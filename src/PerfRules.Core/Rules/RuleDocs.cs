using System.Text;

namespace PerfRules.Rules;

/// <summary>
/// The rule catalogue, generated from the rule entries themselves (ESLint style): one Markdown
/// page per rule (title, severity, scope, basis, message, the expressions, the examples) and an
/// index, README.md. Deterministic: the same rule set gives the same bytes.
/// </summary>
public static class RuleDocs
{
    public const string IndexFile = "README.md";

    /// <summary>File name → Markdown text, index first, then the rules in rule-set order.</summary>
    public static IReadOnlyList<(string File, string Text)> Generate(RuleSet set)
    {
        var pages = new List<(string, string)> { (IndexFile, Index(set)) };
        pages.AddRange(set.Rules.Select(r => (PageName(r), Page(set, r))));
        return pages;
    }

    public static string PageName(Rule r) => r.Id + ".md";

    public static string Index(RuleSet set)
    {
        var sb = new StringBuilder();
        sb.Append($"# 规则目录：{set.Name} {set.Version}\n\n");
        sb.Append("由 `perfrules rules docs` 根据规则文件生成，请勿手工修改。\n\n");
        foreach (var (file, description, rules) in set.Sections())
        {
            sb.Append($"## {SectionTitle(file, description, rules.Count)}\n\n");
            sb.Append("| 规则 | 标题 | 级别 | 作用范围 |\n|---|---|---|---|\n");
            foreach (var r in rules)
                sb.Append($"| [{r.Id}]({PageName(r)}) | {Cell(r.Title)} | {SeverityText(r.Severity)} | {ScopeText(r.Scope)} |\n");
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    public static string Page(RuleSet set, Rule r)
    {
        var sb = new StringBuilder();
        sb.Append($"# {r.Id}：{r.Title}\n\n");
        sb.Append("| | |\n|---|---|\n");
        sb.Append($"| 级别 | {SeverityText(r.Severity)}{(r.Severity != r.DeclaredSeverity ? $"（规则文件中为 {SeverityText(r.DeclaredSeverity)}）" : "")} |\n");
        sb.Append($"| 作用范围 | `{r.Scope.Name()}`：{ScopeText(r.Scope)} |\n");
        sb.Append($"| 规则集 | {Cell(r.DefinedIn)}（{Cell(System.IO.Path.GetFileName(r.File))}） |\n");
        if (r.Tags.Count > 0) sb.Append($"| 标签 | {Cell(string.Join("、", r.Tags))} |\n");
        if (r.Yields.Count > 0)
            sb.Append($"| 让位于 | {string.Join("、", r.Yields.Select(y => set.Find(y) is { } other ? $"[{y}]({PageName(other)})" : Cell(y)))}（同一对象上它们已报告时，本规则不再报告） |\n");
        sb.Append('\n');
        if (r.Basis is { Length: > 0 } basis) sb.Append($"**依据**：{basis}\n\n");
        if (r.Description is { Length: > 0 } d) sb.Append($"{d}\n\n");
        sb.Append("## 消息\n\n").Append(Code(r.Message.Source.Text, "text"));
        if (r.Fix is { } fix) sb.Append("## 修改建议\n\n").Append(Code(fix.Source.Text, "text"));
        sb.Append("## 检查\n\n");
        if (r.Match is { } match) Match(sb, match);
        if (r.When is { } when) sb.Append("条件（when）：\n\n").Append(Code(when.Text, "csharp"));
        if (r.Lets.Count > 0)
            sb.Append("中间值（let，也是结果的证据）：\n\n").Append(Code(string.Join("\n", r.Lets.Select(l => $"{l.Name} = {l.Value.Text}")), "csharp"));
        sb.Append("断言（assert，为假时报告）：\n\n").Append(Code(r.Assert.Text, "csharp"));
        if (r.At is { } at) sb.Append("位置（at）：\n\n").Append(Code(at.Text, "csharp"));
        Params(sb, r);
        sb.Append("## 示例\n\n");
        Examples(sb, "正确（不应报告）", r.ValidExamples);
        Examples(sb, "错误（应报告）", r.InvalidExamples);
        sb.Append($"[返回规则目录]({IndexFile})\n");
        return sb.ToString();
    }

    /// <summary>A batch rule's match: which objects of the run, which of them, and the key they are grouped by.</summary>
    private static void Match(StringBuilder sb, BatchMatch m)
    {
        sb.Append($"分组（match：本次检查中所有文档的每个 `{m.Each.Name()}`（{ScopeText(m.Each)}）");
        sb.Append(m.Where is null ? "" : "中满足 where 的");
        sb.Append("，按 key 分组；规则在每组的每个对象上检查，组为 `group`，对象为 `item`）：\n\n");
        var lines = new List<string> { "match:", "  each: " + m.Each.Name() };
        if (m.Where is { } where) lines.Add("  where: " + where.Text);
        lines.Add("  key: " + m.Key.Text);
        sb.Append(Code(string.Join("\n", lines), "yaml"));
    }

    /// <summary>The rule's parameters with the values in force; one changed by an override names where.</summary>
    private static void Params(StringBuilder sb, Rule r)
    {
        if (r.Params.Count == 0) return;
        sb.Append("## 参数\n\n可在规则集的 `overrides` 中修改（`").Append(r.Id).Append(": { params: { 参数名: 新值 } }`），无需改代码。\n\n");
        sb.Append("| 参数 | 类型 | 值 |\n|---|---|---|\n");
        foreach (var p in r.Params.Values)
        {
            var where = p.File == r.File ? "" : $"（由 {System.IO.Path.GetFileName(p.File)}:{p.Line} 的 overrides 设定）";
            sb.Append($"| `{p.Name}` | {RuleParam.KindText(p.Kind)} | {Cell(p.ValueText())}{where} |\n");
        }
        sb.Append('\n');
    }

    private static void Examples(StringBuilder sb, string heading, IReadOnlyList<RuleExample> examples)
    {
        if (examples.Count == 0) return;
        sb.Append($"### {heading}\n\n");
        foreach (var e in examples) sb.Append(Code(e.Text, "yaml"));
    }

    /// <summary>A section of the rule list: 审核意见级规则……（review.yaml，14 条）.</summary>
    public static string SectionTitle(string file, string? description, int count) =>
        $"{(description is { Length: > 0 } d ? d : "规则")}（{System.IO.Path.GetFileName(file)}，{count} 条）";

    /// <summary>
    /// The rule's fix as a reader can follow it without a table (SARIF's rule help, the HTML rule
    /// explanations): its text with each value shown as …; a fix that is all values (it depends on
    /// what was found) says to look at each finding's.
    /// </summary>
    public static string? FixText(Rule r)
    {
        if (r.Fix is not { } fix) return null;
        var sketch = fix.Sketch();
        return sketch.Replace("…", "").Trim().Length == 0 ? "视发现的问题而定，见每条结果下的修改建议" : sketch;
    }

    public static string SeverityText(Severity s) => s switch
    {
        Severity.Error => "错误（error）",
        Severity.Warning => "警告（warning）",
        Severity.Info => "提示（info）",
        _ => "关闭（off）",
    };

    public static string ScopeText(RuleScope s) => s switch
    {
        RuleScope.Document => "每份文档",
        RuleScope.Diagnostic => "每个读取问题",
        RuleScope.AmountRow => "每个金额行（合计、单位、项目）",
        RuleScope.Unit => "每个资金使用单位",
        RuleScope.Project => "每个项目",
        RuleScope.Indicator => "每个绩效指标",
        RuleScope.Department => "每个部门（同一次检查中的多份文档）",
        RuleScope.Batch => "同一次检查中按键分组的对象（跨文档）",
        _ => s.Name(),
    };

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    private static string Code(string text, string lang)
    {
        var fence = text.Contains("```") ? "````" : "```";
        return $"{fence}{lang}\n{text.TrimEnd('\n', ' ')}\n{fence}\n\n";
    }
}
