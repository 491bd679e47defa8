using System.Text.Json;
using PerfRules.Reports;
using PerfRules.Runs;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Reports;

/// <summary>
/// Findings point at the faulty part (the code, the value, the figure) and keep the whole object as
/// their related span; JSON, SARIF and HTML carry both, and show every line of the span with the
/// faulty columns marked (issue 14 item 5).
/// </summary>
public class FaultySpanOutputTests
{
    // A code wrong on the second line of an indicator that wraps over three lines, and a 总计 off by 0.01.
    private const string Text =
        "项目支出绩效目标表（含转移支付项目）\n部门名称：测试局 单位：万元\n" +
        "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n" +
        "合计 10.00 9.99\n测试局 10.00 10.00\n    项目甲 10.00 10.00\n目标。\n" +
        "1、1-产出指标；\n15-数量指标；完成数量；实施周期指标值:1个；\n年度指标值:1个。2、2-效益指标；22-社会效益；覆盖率；实施周期指标值:≥90%；年度指标值:≥90%。\n";

    private static LintReport Report()
    {
        var result = new Linter(RuleTestSupport.Builtin).Check(System.Text.Encoding.UTF8.GetBytes(Text), "t.txt").One();
        return new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = new[] { result } };
    }

    [Test]
    public void A_code_finding_points_at_the_code_and_keeps_the_indicator_as_its_related_span()
    {
        var f = Report().Findings.Single(x => x.RuleId == "PR301");
        f.Span.ShouldBe(SourceSpanOf(9, 1, 9, 7));        // 15-数量指标
        f.Related.ShouldBe(SourceSpanOf(8, 1, 10, 9));    // 1、… to 年度指标值:1个。
        var sum = Report().Findings.Single(x => x.RuleId == "PR101");
        sum.Span.ShouldBe(SourceSpanOf(4, 4, 4, 8));      // 合计's 总计 10.00
        sum.Related.ShouldBe(SourceSpanOf(4, 1, 4, 13));  // the 合计 row
    }

    [Test]
    public void Json_gives_the_related_span_and_every_line_with_the_marked_columns()
    {
        using var doc = JsonDocument.Parse(ReportFormats.Render(new JsonFormatter(), Report()));
        var f = doc.RootElement.GetProperty("documents")[0].GetProperty("findings").EnumerateArray()
            .Single(x => x.GetProperty("ruleId").GetString() == "PR301");
        f.GetProperty("related").GetProperty("startLine").GetInt32().ShouldBe(8);
        f.GetProperty("related").GetProperty("endLine").GetInt32().ShouldBe(10);
        var lines = f.GetProperty("source").EnumerateArray().ToList();
        lines.Select(l => l.GetProperty("line").GetInt32()).ShouldBe(new[] { 8, 9, 10 });
        lines[1].GetProperty("text").GetString().ShouldBe("15-数量指标；完成数量；实施周期指标值:1个；");
        (lines[1].GetProperty("startColumn").GetInt32(), lines[1].GetProperty("endColumn").GetInt32()).ShouldBe((1, 7));
        lines[0].TryGetProperty("startColumn", out _).ShouldBeFalse();
    }

    [Test]
    public void Html_shows_every_line_and_marks_the_faulty_columns()
    {
        var html = ReportFormats.Render(new HtmlFormatter(), Report());
        html.ShouldContain("<span class=\"ln\">8</span>1、1-产出指标；\n<span class=\"ln\">9</span><mark>15-数量指标</mark>；完成数量；实施周期指标值:1个；\n<span class=\"ln\">10</span>年度指标值:1个。");
        html.ShouldContain("<span class=\"ln\">4</span>合计 <mark>10.00</mark> 9.99");
    }

    [Test]
    public void Sarif_gives_the_related_span_as_a_related_location()
    {
        using var doc = JsonDocument.Parse(ReportFormats.Render(new SarifFormatter(), Report()));
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "PR301");
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endColumn").GetInt32()).ShouldBe((9, 1, 8));
        var related = result.GetProperty("relatedLocations")[0];
        related.GetProperty("message").GetProperty("text").GetString().ShouldBe("所在的指标");
        var r = related.GetProperty("physicalLocation").GetProperty("region");
        (r.GetProperty("startLine").GetInt32(), r.GetProperty("endLine").GetInt32()).ShouldBe((8, 10));
    }

    [Test]
    public void A_long_object_shows_the_span_and_what_fits_around_it()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"第{i}行").ToArray();
        var f = new PerfRules.Rules.Finding
        {
            RuleId = "X", Severity = PerfRules.Rules.Severity.Error, Message = "m",
            Span = SourceSpanOf(30, 1, 30, 3), Related = SourceSpanOf(2, 1, 40, 4),
        };
        var doc = new DocumentResult
        {
            File = "t.txt", Submission = new PerfRules.Model.Submission(), Findings = new[] { f },
            Snippets = Enumerable.Range(1, 40).ToDictionary(i => i, i => lines[i - 1]),
        };
        var shown = doc.SnippetLines(f);
        shown.Count.ShouldBe(Snippets.MaxLines);
        shown.Single(l => l.Line == 30).Marked.ShouldBe((1, 3));
        shown.Select(l => l.Line).ShouldBe(Enumerable.Range(shown[0].Line, Snippets.MaxLines));
    }

    private static PerfRules.Model.SourceSpan SourceSpanOf(int sl, int sc, int el, int ec) => new(sl, sc, el, ec);
}
