using System.Text;
using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Service;

/// <summary>GET /api/v1/rules and /api/v1/rules/{id}: the rule set in force, as data; GET /rules: the same for people.</summary>
public static class RuleEndpoints
{
    /// <summary>
    /// The rule list page (HTML, Chinese): every rule with what it checks, its basis, its fix and its
    /// examples, as the HTML report explains them, styled by <see cref="StaticPages.ReportStylesheet"/>.
    /// </summary>
    public static IResult Page(Linter linter)
    {
        var w = new StringWriter { NewLine = "\n" };
        RuleCatalogueHtml.WritePage(w, linter.Rules.RuleSet, StaticPages.ReportStylesheet.TrimStart('/'), backLink: ".");
        return Results.Text(w.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    public sealed record RuleSummary(string Id, string Title, string Severity, string Scope, string DefinedIn, IReadOnlyList<string> Tags, string? Basis);

    public sealed record RuleList(string RuleSet, string Version, int Count, IReadOnlyList<RuleSummary> Rules);

    public sealed record LetDetail(string Name, string Value);

    public sealed record RuleDetail(
        string Id, string Title, string Severity, string DeclaredSeverity, string Scope,
        string? When, IReadOnlyList<LetDetail> Lets, string Assert, string Message, string? Fix, string? At,
        IReadOnlyList<string> Yields, string? Basis, string? Description, IReadOnlyList<string> Tags,
        string RuleSet, string RuleSetVersion, string DefinedIn, string File, int Line,
        int ValidExamples, int InvalidExamples);

    public static RuleList List(Linter linter)
    {
        var set = linter.Rules.RuleSet;
        return new RuleList(set.Name, set.Version, set.Rules.Count, set.Rules.Select(Summary).ToList());
    }

    public static IResult Get(Linter linter, string id)
    {
        var set = linter.Rules.RuleSet;
        var rule = set.Rules.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
        if (rule is null)
            return Problems.Result(Problems.NotFound("unknown-rule", $"规则集 {set.Name} {set.Version} 中没有规则“{id}”"));
        return Results.Json(Detail(set, rule));
    }

    // The same lower-camel names the rule files and reports use (error, amountRow, …).
    private static string Name(Enum e) => JsonNamingPolicy.CamelCase.ConvertName(e.ToString());

    private static RuleSummary Summary(Rule r) =>
        new(r.Id, r.Title, Name(r.Severity), Name(r.Scope), r.DefinedIn, r.Tags, r.Basis);

    private static RuleDetail Detail(RuleSet set, Rule r) => new(
        r.Id, r.Title, Name(r.Severity), Name(r.DeclaredSeverity), Name(r.Scope),
        r.When?.Text, r.Lets.Select(l => new LetDetail(l.Name, l.Value.Text)).ToList(), r.Assert.Text,
        r.Message.Source.Text, r.Fix?.Source.Text, r.At?.Text, r.Yields, r.Basis, r.Description, r.Tags,
        set.Name, set.Version, r.DefinedIn, Path.GetFileName(r.File), r.Line,
        r.ValidExamples.Count, r.InvalidExamples.Count);
}
