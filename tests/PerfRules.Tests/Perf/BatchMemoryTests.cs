using PerfRules.Corpus;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Perf;

/// <summary>
/// A batch keeps a compact copy of each document (and not its text) once its own rules have run:
/// every report must come out exactly as when every model and text is kept.
/// </summary>
public class BatchMemoryTests
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        var dir = SeedReport.TempDir("batch-memory");
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "seeds")))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        foreach (var d in new CorpusGenerator(new CorpusOptions { Seed = 7, ErrorRate = 0.5 }).Generate(0, 80))
            File.WriteAllText(Path.Combine(dir, d.File), d.Text);
        return dir;
    });

    private static LintReport Run(bool keep)
    {
        var r = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Dir.Value }, new CheckOptions { Jobs = 2, KeepSubmissions = keep });
        return new LintReport { RuleSet = r.RuleSet, Documents = r.Documents, IsAudit = true };
    }

    [Test]
    public void Every_format_is_the_same_whether_the_batch_keeps_whole_models_or_compact_copies()
    {
        var full = Run(keep: true);
        var compact = Run(keep: false);
        // The run must exercise what the compact copy has to preserve: a cross-document finding with its snippet.
        var pr108 = compact.Findings.Where(f => f.RuleId == "PR108").ToList();
        pr108.ShouldNotBeEmpty();
        compact.Documents.Single(d => d.Findings.Contains(pr108[0])).Snippet(pr108[0]).ShouldNotBeNullOrEmpty();
        compact.Documents.Sum(d => d.Submission.Units.Sum(u => u.Projects.Sum(p => p.Indicators.Count))).ShouldBe(0);

        foreach (var name in ReportFormats.Names)
        {
            var f = ReportFormats.Find(name)!;
            if (f.IsBinary)
            {
                Sheets(f, compact).ShouldBe(Sheets(f, full), name);
                continue;
            }
            ReportFormats.Render(f, compact).ShouldBe(ReportFormats.Render(f, full), name);
        }
    }

    // The workbook's package has a random relationship id and times: compare the sheets' XML.
    private static List<string> Sheets(IReportFormatter f, LintReport r)
    {
        using var s = new MemoryStream();
        f.Write(r, s);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(s.ToArray()));
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e => new StreamReader(e.Open()).ReadToEnd()).ToList();
    }

    [Test]
    public void The_compact_copy_keeps_the_header_and_the_amounts_and_drops_the_rest()
    {
        var doc = new PerfRules.Ingest.SubmissionReader().Read(File.ReadAllBytes(TestPaths.Seed("001")), "001.txt");
        doc.AllIndicators.ShouldNotBeEmpty();
        var c = SubmissionCompaction.Compact(doc);
        (c.Kind, c.Department, c.Layout, c.SourceFile, c.MoneyUnit).ShouldBe((doc.Kind, doc.Department, doc.Layout, doc.SourceFile, doc.MoneyUnit));
        c.GrandTotal!.Amounts.Total.ShouldBe(doc.GrandTotal!.Amounts.Total);
        c.Units.Select(u => (u.Name, u.Amounts.Total)).ShouldBe(doc.Units.Select(u => (u.Name, u.Amounts.Total)));
        c.Projects.Select(p => (p.Name, p.Amounts.Total, p.Span)).ShouldBe(doc.Projects.Select(p => (p.Name, p.Amounts.Total, p.Span)));
        c.AllIndicators.ShouldBeEmpty();
        c.Projects.ShouldAllBe(p => p.Goal == null);
        c.Furniture.ShouldBeEmpty();
    }
}

public class ResultSpillTests
{
    [Test]
    public void Findings_snippets_and_models_come_back_exactly_even_damaged_text()
    {
        var f = new Finding
        {
            RuleId = "PR002", Severity = Severity.Warning, Message = "无法放置：\uD800坏", Title = "t", File = "a/b.txt",
            Span = new SourceSpan(3, 1, 4, 9), Department = "示例局", Unit = null, Project = "项目\uDC00", IndicatorSeq = 7,
            Path = "示例局 › 项目", Evidence = new List<Evidence> { new("x", "1.00"), new("y", "") }, RuleSet = "core",
            RuleSetVersion = "2026.1", Fingerprint = "0123456789abcdef", IsRuleFailure = true,
        };
        var g = f with { Span = null, IndicatorSeq = null, Department = null, Evidence = Array.Empty<Evidence>(), IsRuleFailure = false };
        var snippets = new Dictionary<int, string> { [3] = "行\uD800", [9] = "" };
        var (findings, back) = ResultSpill.DecodeResult(ResultSpill.EncodeResult(new[] { f, g }, snippets));
        findings.ShouldBe(new[] { f, g });
        back.ShouldBe(snippets);

        var doc = new PerfRules.Ingest.SubmissionReader().Read(File.ReadAllBytes(TestPaths.Seed("002")), "002.txt");
        var model = ResultSpill.DecodeSubmission(ResultSpill.EncodeSubmission(SubmissionCompaction.Compact(doc)));
        model.Overall!.ProjectExpenditure.ShouldBe(doc.Overall!.ProjectExpenditure);
        model.Overall.Expenditure.Select(a => (a.Name, a.Value, a.Text, a.Span)).ShouldBe(doc.Overall.Expenditure.Select(a => (a.Name, a.Value, a.Text, a.Span)));
        model.Overall.BudgetLevelTotal.ShouldBe(doc.Overall.BudgetLevelTotal);
        (model.Kind, model.Department, model.SourceFile).ShouldBe((doc.Kind, doc.Department, doc.SourceFile));

        using var spill = new ResultSpill();
        var a = spill.Write(new byte[] { 1, 2, 3 });
        var b = spill.Write(new byte[] { 4, 5 });
        spill.Read(b.Offset, b.Length).ShouldBe(new byte[] { 4, 5 });
        spill.Read(a.Offset, a.Length).ShouldBe(new byte[] { 1, 2, 3 });
    }
}
