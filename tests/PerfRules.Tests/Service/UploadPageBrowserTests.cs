using System.Text.Json;
using PerfRules.Tests.Browser;
using static PerfRules.Tests.Service.ServiceTestSupport;

namespace PerfRules.Tests.Service;

/// <summary>The upload page in a real headless Chromium against the running service.</summary>
[NonParallelizable]
public class UploadPageBrowserTests
{
    private HeadlessChromium _browser = null!;

    [OneTimeSetUp]
    public async Task Launch() => _browser = await HeadlessChromium.LaunchAsync();

    [OneTimeTearDown]
    public async Task Close() => await _browser.DisposeAsync();

    private async Task OpenPage()
    {
        await _browser.NavigateAsync(SharedService.Instance.BaseAddress.AbsoluteUri);
        (await _browser.EvaluateAsync<string>("document.documentElement.lang")).ShouldBe("zh-CN");
    }

    private record Row(string Line, string Severity, string SeverityText, string Rule, string Message, string? Fix);

    [Test]
    public async Task Uploading_a_seed_shows_every_finding_grouped_by_project_with_lines_and_severities()
    {
        await OpenPage();
        var seed = Seeds.Path0("000");
        var expected = Linter.Check(File.ReadAllBytes(seed), Path.GetFileName(seed)).One().Findings;
        expected.Count.ShouldBeGreaterThan(5);

        await _browser.SetFileInputAsync("#file", seed);
        await _browser.WaitForAsync("document.body.dataset.state === 'done' || document.body.dataset.state === 'error'");
        (await _browser.EvaluateAsync<string>("document.body.dataset.state")).ShouldBe("done",
            await _browser.EvaluateAsync<string>("document.getElementById('status').textContent"));

        var rows = (await _browser.EvaluateAsync("""
            Array.from(document.querySelectorAll('tr.finding')).map(function (tr) {
              return { Line: tr.cells[0].textContent, Severity: tr.dataset.severity, SeverityText: tr.cells[1].textContent,
                       Rule: tr.cells[2].textContent, Message: tr.cells[4].firstChild.textContent,
                       Fix: tr.cells[4].querySelector('.fix') ? tr.cells[4].querySelector('.fix').textContent : null };
            })
            """)).Deserialize<List<Row>>()!;
        rows.Count.ShouldBe(expected.Count);
        // Each finding with what to change under its message.
        rows.Select(r => $"{r.Line} {r.Rule} {r.Severity} {r.Message} | {r.Fix}").OrderBy(x => x, StringComparer.Ordinal)
            .ShouldBe(expected.Select(f => $"{f.Span?.StartLine.ToString() ?? "—"} {f.RuleId} {f.Severity.ToString().ToLowerInvariant()} {f.Message} | 修改建议：{f.Fix}")
                .OrderBy(x => x, StringComparer.Ordinal));
        foreach (var r in rows)
            r.SeverityText.ShouldBe(r.Severity switch { "error" => "错误", "warning" => "警告", _ => "提示" });

        // Under each message, every line of the finding's span and of the object it is in, the span's columns marked.
        var sources = (await _browser.EvaluateAsync("""
            Array.from(document.querySelectorAll('tr.finding')).map(function (tr) {
              var pre = tr.cells[4].querySelector('pre.src');
              return pre ? Array.from(pre.querySelectorAll('.ln')).map(function (s) { return s.textContent; }).join(',') + ' ' +
                           Array.from(pre.querySelectorAll('mark')).map(function (m) { return m.textContent; }).join('|') : '';
            })
            """)).Deserialize<List<string>>()!;
        var text = File.ReadAllText(seed).Split('\n');
        string Expected(PerfRules.Rules.Finding f)
        {
            if (f.Span is not { } sp) return "";
            var whole = f.Related is { } r ? sp.Union(r) : sp;
            var marks = Enumerable.Range(sp.StartLine, sp.EndLine - sp.StartLine + 1).Select(l =>
            {
                var line = text[l - 1];
                int from = l == sp.StartLine ? sp.StartColumn - 1 : 0, to = l == sp.EndLine ? sp.EndColumn : line.Length;
                return line[from..to];
            }).Where(m => m.Length > 0);   // a blank line inside a span has nothing to mark
            return string.Join(",", Enumerable.Range(whole.StartLine, whole.EndLine - whole.StartLine + 1)) + " " + string.Join("|", marks);
        }
        sources.OrderBy(x => x, StringComparer.Ordinal).ShouldBe(expected.Select(Expected).OrderBy(x => x, StringComparer.Ordinal));
        sources.ShouldContain(x => x.Contains('|'), "a finding whose span runs over two lines marks both parts");

        // One group row per project with findings, and its rows under it.
        var groups = (await _browser.EvaluateAsync("Array.from(document.querySelectorAll('tr.group')).map(function (tr) { return tr.textContent; })"))
            .Deserialize<List<string>>()!;
        foreach (var project in expected.Where(f => f.Project is not null).Select(f => f.Project!).Distinct())
            groups.ShouldContain(g => g.Contains(" › " + project + "（"), project);
        var firstProject = expected.First(f => f.Project is not null);
        var underIt = await _browser.EvaluateAsync<int>($$"""
            (function () {
              var rows = Array.from(document.querySelectorAll('tr.group, tr.finding'));
              var i = rows.findIndex(function (tr) { return tr.classList.contains('group') && tr.textContent.indexOf(' › {{firstProject.Project}}（') >= 0; });
              var n = 0;
              for (var k = i + 1; k < rows.length && rows[k].classList.contains('finding'); k++) n++;
              return n;
            })()
            """);
        underIt.ShouldBe(expected.Count(f => f.Project == firstProject.Project && f.Unit == firstProject.Unit));

        (await _browser.EvaluateAsync<bool>("document.getElementById('actions').hidden")).ShouldBeFalse("download buttons shown");
        (await _browser.EvaluateAsync<string>("document.getElementById('summary').textContent")).ShouldContain($"共检查 1 个文件");
        _browser.ConsoleErrors.ShouldBeEmpty();
    }

    [Test]
    public async Task Several_files_and_a_file_that_is_not_a_table_are_shown_each_on_its_own()
    {
        await OpenPage();
        var notATable = Path.Combine(Path.GetTempPath(), $"perfrules-not-a-table-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(notATable, "会议纪要\n这不是一张表\n");
        try
        {
            await _browser.SetFileInputAsync("#file", Seeds.Path0("002"), notATable);
            await _browser.WaitForAsync("document.body.dataset.state === 'done' || document.body.dataset.state === 'error'");
            var docs = (await _browser.EvaluateAsync("Array.from(document.querySelectorAll('section.doc')).map(function (s) { return s.dataset.file; })"))
                .Deserialize<List<string>>()!;
            docs.ShouldBe(new[] { Path.GetFileName(Seeds.Path0("002")), Path.GetFileName(notATable) });
            var rules = (await _browser.EvaluateAsync("Array.from(document.querySelectorAll('section.doc')[1].querySelectorAll('tr.finding')).map(function (tr) { return tr.dataset.rule; })"))
                .Deserialize<List<string>>()!;
            rules.ShouldBe(new[] { "PR001" });
            var expected2 = Linter.Check(File.ReadAllBytes(Seeds.Path0("002")), "002").One().Findings.Count;
            (await _browser.EvaluateAsync<int>("document.querySelectorAll('section.doc')[0].querySelectorAll('tr.finding').length")).ShouldBe(expected2);
            _browser.ConsoleErrors.ShouldBeEmpty();
        }
        finally { File.Delete(notATable); }
    }

    [Test]
    public async Task The_download_buttons_fetch_the_json_and_the_sarif_of_the_same_upload()
    {
        await OpenPage();
        // Capture what the page hands to the download link instead of saving a file.
        await _browser.EvaluateAsync("""
            window.__downloads = [];
            URL.createObjectURL = function (blob) { window.__downloads.push(blob); return 'about:blank'; };
            HTMLAnchorElement.prototype.click = function () {};
            true
            """);
        await _browser.SetFileInputAsync("#file", Seeds.Path0("003"));
        await _browser.WaitForAsync("document.body.dataset.state === 'done'");
        await _browser.EvaluateAsync("document.getElementById('download-json').click(); document.getElementById('download-sarif').click(); true");
        await _browser.WaitForAsync("window.__downloads.length === 2");
        var json = await _browser.EvaluateAsync<string>("window.__downloads[0].text()");
        var sarif = await _browser.EvaluateAsync<string>("window.__downloads[1].text()");
        var name = Path.GetFileName(Seeds.Path0("003"));
        json.ShouldBe(Expected("json", (name, File.ReadAllBytes(Seeds.Path0("003")))));
        sarif.ShouldBe(Expected("sarif", (name, File.ReadAllBytes(Seeds.Path0("003")))));
        _browser.ConsoleErrors.ShouldBeEmpty();
    }

    [Test]
    public async Task The_report_buttons_give_the_html_and_the_xlsx_report_of_the_same_upload()
    {
        await OpenPage();
        // Each download's name (the link's download attribute) and content, in the order they are made.
        await _browser.EvaluateAsync("""
            window.__downloads = []; window.__names = [];
            URL.createObjectURL = function (blob) { window.__downloads.push(blob); return 'about:blank'; };
            HTMLAnchorElement.prototype.click = function () { window.__names.push(this.download); };
            true
            """);
        await _browser.SetFileInputAsync("#file", Seeds.Path0("003"));
        await _browser.WaitForAsync("document.body.dataset.state === 'done'");
        (await _browser.EvaluateAsync<string>("document.getElementById('download-html').textContent")).ShouldContain("网页");
        (await _browser.EvaluateAsync<string>("document.getElementById('download-xlsx').textContent")).ShouldContain("Excel");
        await _browser.EvaluateAsync("document.getElementById('download-html').click(); true");
        await _browser.WaitForAsync("window.__downloads.length === 1");
        await _browser.EvaluateAsync("document.getElementById('download-xlsx').click(); true");
        await _browser.WaitForAsync("window.__downloads.length === 2");
        var baseName = Path.GetFileNameWithoutExtension(Seeds.Path0("003"));
        (await _browser.EvaluateAsync("window.__names")).Deserialize<List<string>>()
            .ShouldBe(new[] { baseName + ".perfrules.html", baseName + ".perfrules.xlsx" });

        var name = Path.GetFileName(Seeds.Path0("003"));
        var html = await _browser.EvaluateAsync<string>("window.__downloads[0].text()");
        html.ShouldBe(Expected("html", (name, File.ReadAllBytes(Seeds.Path0("003")))));
        // The workbook arrives whole (binary, not text): read it back.
        var base64 = await _browser.EvaluateAsync<string>("""
            window.__downloads[1].arrayBuffer().then(function (b) {
              var bytes = new Uint8Array(b), s = '';
              for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
              return btoa(s);
            })
            """);
        using var stream = new MemoryStream(Convert.FromBase64String(base64));
        using var book = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        book.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value)
            .ShouldBe(new[] { PerfRules.Reports.Office.XlsxFormatter.SummarySheet, PerfRules.Reports.Office.XlsxFormatter.FindingsSheet });
        (await _browser.EvaluateAsync<string>("document.getElementById('status').textContent")).ShouldBe("已生成 Excel 报告。");
        _browser.ConsoleErrors.ShouldBeEmpty();
    }

    [Test]
    public async Task A_rule_id_in_the_results_links_to_the_rule_list_page()
    {
        await OpenPage();
        await _browser.SetFileInputAsync("#file", Seeds.Path0("003"));
        await _browser.WaitForAsync("document.body.dataset.state === 'done'");
        var href = await _browser.EvaluateAsync<string>("document.querySelector('tr.finding a.rule').getAttribute('href')");
        var rule = await _browser.EvaluateAsync<string>("document.querySelector('tr.finding').dataset.rule");
        href.ShouldBe("/rules#rule-" + rule);
        await _browser.NavigateAsync(new Uri(SharedService.Instance.BaseAddress, href).AbsoluteUri);
        (await _browser.EvaluateAsync<bool>($"document.getElementById('rule-{rule}') !== null")).ShouldBeTrue();
        // The page's style sheet applied under the policy: the report's grid for a rule's facts.
        (await _browser.EvaluateAsync<string>("getComputedStyle(document.querySelector('dl.facts')).display")).ShouldBe("grid");
        _browser.ConsoleErrors.ShouldBeEmpty();
    }
}
