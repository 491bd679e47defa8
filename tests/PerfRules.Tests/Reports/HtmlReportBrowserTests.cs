using System.Text.Json;
using System.Text.RegularExpressions;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Browser;

namespace PerfRules.Tests.Reports;

/// <summary>
/// The HTML report of the seeds' audit in a real headless Chromium (one browser for the class): it
/// loads without errors, lays out on a 400 px screen, the severity filter leaves no empty heading,
/// and every rule id leads to its explanation inside the report.
/// </summary>
[NonParallelizable]
public class HtmlReportBrowserTests
{
    private HeadlessChromium _browser = null!;
    private string _file = null!;
    private string _html = null!;

    [OneTimeSetUp]
    public async Task Open()
    {
        _html = ReportFormats.Render(new HtmlFormatter(), SeedReport.Report);
        _file = Path.Combine(SeedReport.TempDir("html"), "report.html");
        await File.WriteAllTextAsync(_file, _html);
        _browser = await HeadlessChromium.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task Close() => await _browser.DisposeAsync();

    /// <summary>Loads the report afresh at this viewport width (the device metrics DevTools emulates).</summary>
    private async Task Load(int width)
    {
        await _browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height = 900, deviceScaleFactor = 1, mobile = false });
        await _browser.OpenFileAsync(_file);
        await _browser.WaitForAsync("document.body.hasAttribute('data-rendered-findings')");
    }

    private async Task<T> Eval<T>(string js) => (await _browser.EvaluateAsync(js)).Deserialize<T>()!;

    [Test]
    public async Task Is_self_contained_and_loads_without_errors_showing_every_finding()
    {
        var report = SeedReport.Report;
        var expected = report.Findings.Count();
        // Self-contained: nothing is fetched (no external scripts, styles, fonts, images).
        Regex.IsMatch(_html, @"(src|href)\s*=\s*[""']?(https?:|//)", RegexOptions.IgnoreCase).ShouldBeFalse();
        _html.ShouldNotContain("@import");
        _html.ShouldNotContain("url(");
        _html.ShouldContain("<html lang=\"zh-CN\">");
        _html.ShouldContain("部门整体表的项目支出应等于项目支出绩效目标表的合计");

        await Load(1200);
        _browser.ConsoleErrors.ShouldBeEmpty();
        // The inline script ran and counted the findings it shows.
        (await _browser.EvaluateAsync<string>("document.body.getAttribute('data-rendered-findings')")).ShouldBe(expected.ToString());
        (await _browser.EvaluateAsync<int>("document.querySelectorAll('li.finding').length")).ShouldBe(expected);
        (await _browser.EvaluateAsync<string>("document.getElementById('shown').textContent")).ShouldBe(expected.ToString());
        // Each finding with a line shows the source line it refers to.
        (await _browser.EvaluateAsync<int>("document.querySelectorAll('pre.src').length"))
            .ShouldBe(report.Documents.Sum(d => d.Findings.Count(f => d.Snippet(f) is not null)));
        // The findings with evidence show it under Chinese names (PR104 compares 支出 with 收入来源之和).
        (await _browser.EvaluateAsync<string>("document.querySelector('li.finding[data-rule=\"PR104\"] .evidence').textContent"))
            .ShouldStartWith("证据：支出：");
    }

    [Test]
    public async Task At_400_px_nothing_runs_off_the_screen_and_no_header_wraps_a_character_per_line()
    {
        await Load(400);
        (await _browser.EvaluateAsync<int>("window.innerWidth")).ShouldBe(400);
        // The page itself never scrolls sideways: wide tables scroll inside their own box.
        (await _browser.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(400);
        var tables = await Eval<List<TableBox>>("""
            Array.from(document.querySelectorAll('table')).map(function (t) {
              var box = t.parentElement, r = box.getBoundingClientRect();
              return { Class: t.className, InScrollBox: box.classList.contains('scroll') && getComputedStyle(box).overflowX === 'auto',
                       Left: r.left, Right: r.right, Wider: t.scrollWidth > box.clientWidth };
            })
            """);
        tables.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var t in tables)
        {
            t.InScrollBox.ShouldBeTrue(t.Class);
            t.Left.ShouldBeGreaterThanOrEqualTo(0, t.Class);
            t.Right.ShouldBeLessThanOrEqualTo(400, t.Class);
        }
        tables.ShouldContain(t => t.Wider, "the summary table is wider than a phone: it scrolls in its box");
        // Every header cell is one line high (the worst-files counts 错误/警告/提示 used to stack a character per line).
        var heads = await Eval<List<HeadCell>>("""
            Array.from(document.querySelectorAll('th')).map(function (th) {
              return { Text: th.textContent, Height: th.getBoundingClientRect().height, Line: parseFloat(getComputedStyle(th).lineHeight) };
            })
            """);
        heads.ShouldContain(h => h.Text == "警告");
        foreach (var h in heads) h.Height.ShouldBeLessThan(2 * h.Line, h.Text);
        // The charts fit, and their labels are whole (rule id and title).
        (await Eval<List<double>>("Array.from(document.querySelectorAll('svg.chart')).map(function (s) { return s.getBoundingClientRect().right; })"))
            .ShouldAllBe(right => right <= 400);
        var labels = await Eval<List<string>>("Array.from(document.querySelectorAll('svg.chart text.label')).map(function (t) { return t.firstChild.textContent; })");
        foreach (var r in SeedReport.Report.Summary.ByRule) labels.ShouldContain($"{r.RuleId} {r.Title}");
        foreach (var d in SeedReport.Report.Summary.ByDepartment) labels.ShouldContain(d.Department);
        _browser.ConsoleErrors.ShouldBeEmpty();
    }

    private sealed record TableBox(string Class, bool InScrollBox, double Left, double Right, bool Wider);

    private sealed record HeadCell(string Text, double Height, double Line);

    [Test]
    public async Task Hiding_a_severity_hides_the_project_headings_it_empties()
    {
        await Load(1200);
        var groups = await _browser.EvaluateAsync<int>("document.querySelectorAll('section.group').length");
        // Groups whose findings are all 提示: the ones that must disappear (the seeds have some).
        var infoOnly = await _browser.EvaluateAsync<int>("""
            Array.from(document.querySelectorAll('section.group')).filter(function (g) {
              return Array.from(g.querySelectorAll('li.finding')).every(function (li) { return li.dataset.severity === 'info'; });
            }).length
            """);
        infoOnly.ShouldBeGreaterThan(0);
        await _browser.EvaluateAsync("var b = document.querySelector('.filter input[data-severity=info]'); b.click(); true");
        var shown = SeedReport.Report.Findings.Count(f => f.Severity != Severity.Info);
        (await _browser.EvaluateAsync<string>("document.getElementById('shown').textContent")).ShouldBe(shown.ToString());
        // No heading is left standing without a finding under it, and only those groups went.
        (await _browser.EvaluateAsync<int>("""
            Array.from(document.querySelectorAll('section.group')).filter(function (g) {
              return g.offsetParent !== null && !Array.from(g.querySelectorAll('li.finding')).some(function (li) { return li.offsetParent !== null; });
            }).length
            """)).ShouldBe(0);
        (await _browser.EvaluateAsync<int>("Array.from(document.querySelectorAll('section.group h4')).filter(function (h) { return h.offsetParent !== null; }).length"))
            .ShouldBe(groups - infoOnly);
        // Showing them again brings every heading back.
        await _browser.EvaluateAsync("document.querySelector('.filter input[data-severity=info]').click(); true");
        (await _browser.EvaluateAsync<int>("Array.from(document.querySelectorAll('section.group h4')).filter(function (h) { return h.offsetParent !== null; }).length"))
            .ShouldBe(groups);
        _browser.ConsoleErrors.ShouldBeEmpty();
    }

    [Test]
    public async Task Every_rule_id_links_to_its_explanation_in_the_report()
    {
        await Load(1200);
        var links = await Eval<List<string>>("Array.from(document.querySelectorAll('a.rule')).map(function (a) { return a.getAttribute('href'); })");
        var findings = SeedReport.Report.Findings.ToList();
        links.Count.ShouldBeGreaterThanOrEqualTo(findings.Count + SeedReport.Report.Summary.ByRule.Count);
        // Every link lands on an explanation inside the page.
        (await _browser.EvaluateAsync<int>("""
            Array.from(document.querySelectorAll('a.rule')).filter(function (a) {
              var t = document.getElementById(a.getAttribute('href').slice(1));
              return !t || !t.classList.contains('rule-doc');
            }).length
            """)).ShouldBe(0);
        // Each explanation: title, basis, fix (its values shown as …) and examples.
        var rules = SeedReport.Report.RuleSet;
        foreach (var id in findings.Select(f => f.RuleId).Distinct())
        {
            var rule = rules.Find(id)!;
            var text = await _browser.EvaluateAsync<string>($"document.getElementById('{RuleCatalogueHtml.Anchor(id)}').textContent");
            text.ShouldContain(rule.Title, Case.Sensitive, id);
            if (rule.Basis is { Length: > 0 } basis) text.ShouldContain(basis, Case.Sensitive, id);
            text.ShouldContain(RuleDocs.FixText(rule)!, Case.Sensitive, id);
            if (rule.InvalidExamples.Count > 0) text.ShouldContain("应报告", Case.Sensitive, id);
            (await _browser.EvaluateAsync<int>($"document.getElementById('{RuleCatalogueHtml.Anchor(id)}').querySelectorAll('pre.example').length"))
                .ShouldBe(rule.ValidExamples.Count + rule.InvalidExamples.Count, id);
        }
        // A fix made only of values (PR401's depends on what disagrees) does not show as a bare “…”.
        rules.Find("PR401")!.Fix!.Sketch().ShouldBe("…");
        (await _browser.EvaluateAsync<string>($"document.querySelector('#{RuleCatalogueHtml.Anchor("PR401")} dl.facts').textContent"))
            .ShouldContain("修改建议视发现的问题而定");
        // Following a link scrolls to it.
        await _browser.EvaluateAsync("document.querySelector('li.finding a.rule').click(); true");
        await _browser.WaitForAsync("location.hash.indexOf('#rule-') === 0");
        (await _browser.EvaluateAsync<bool>("(function () { var r = document.querySelector(location.hash).getBoundingClientRect(); return r.top > -2 && r.top < window.innerHeight; })()"))
            .ShouldBeTrue();
        // Rules that no finding names are not explained (the report stays about its findings).
        var unnamed = rules.Rules.Select(r => r.Id).Except(findings.Select(f => f.RuleId)).First();
        (await _browser.EvaluateAsync<bool>($"document.getElementById('{RuleCatalogueHtml.Anchor(unnamed)}') === null")).ShouldBeTrue();
    }
}
