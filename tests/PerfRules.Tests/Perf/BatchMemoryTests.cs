using PerfRules.Corpus;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;
using PerfRules.Runs;

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
        // Files that are not tables: the report keeps their reasons.
        File.WriteAllText(Path.Combine(dir, "zz-not-a-table.txt"), "会议纪要\n今天讨论了预算。\n");
        File.WriteAllBytes(Path.Combine(dir, "zz-empty.txt"), Array.Empty<byte>());
        return dir;
    });

    private static LintReport Run(bool keep, long heldDepartmentBytes = 16L << 20)
    {
        var r = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Dir.Value },
            new CheckOptions { Jobs = 2, KeepSubmissions = keep, HeldDepartmentBytes = heldDepartmentBytes });
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
        // And one that reads the indicators of both tables (000 and 002), through the spilled copies.
        compact.Findings.Where(f => f.RuleId == "PR515").ShouldNotBeEmpty();
        compact.Documents.Sum(d => d.Submission.Units.Sum(u => u.Projects.Sum(p => p.Indicators.Count))).ShouldBe(0);

        foreach (var name in TestFormats.Reports.Names)
        {
            var f = TestFormats.Reports.Find(name)!;
            if (f.IsBinary)
            {
                Sheets(f, compact).ShouldBe(Sheets(f, full), name);
                continue;
            }
            ReportFormats.Render(f, compact).ShouldBe(ReportFormats.Render(f, full), name);
        }
    }

    [Test]
    public void Departments_read_back_as_the_rules_go_give_the_same_findings_as_departments_held()
    {
        // No department held: each cross-document rule reads the compact models it asks for from the spill.
        var held = Run(keep: false);
        var streamed = Run(keep: false, heldDepartmentBytes: 0);
        streamed.Findings.Where(f => f.RuleId is "PR108" or "PR515").ShouldNotBeEmpty();
        streamed.Findings.ShouldBe(held.Findings);
        var json = TestFormats.Reports.Find("json")!;
        ReportFormats.Render(json, streamed).ShouldBe(ReportFormats.Render(json, held));
    }

    [Test]
    public void Each_document_of_a_spilled_batch_reads_back_as_the_one_held_in_memory()
    {
        var full = Run(keep: true);
        var compact = Run(keep: false);
        compact.Documents.Count.ShouldBe(full.Documents.Count);
        compact.Documents.Count(d => d.Submission.Kind == SubmissionKind.Unknown).ShouldBe(2);
        for (var k = 0; k < full.Documents.Count; k++)
        {
            var (a, b) = (full.Documents[k], compact.Documents[k]);
            b.File.ShouldBe(a.File);
            var (x, y) = (a.Submission, b.Submission);
            (y.Kind, y.Layout, y.Department, y.MoneyUnit, y.Encoding, y.SourceFile).ShouldBe((x.Kind, x.Layout, x.Department, x.MoneyUnit, x.Encoding, x.SourceFile), a.File);
            if (x.Kind == SubmissionKind.Unknown) y.Diagnostics.ShouldBe(x.Diagnostics, a.File);
            b.Findings.ShouldBe(a.Findings, a.File);
            b.Snippets.OrderBy(p => p.Key).ShouldBe(a.Snippets.OrderBy(p => p.Key), a.File);
            foreach (var scope in Enum.GetValues<RuleScope>()) b.HasObjects(scope).ShouldBe(a.HasObjects(scope), $"{a.File} {scope}");
        }
    }

    [Test]
    public void A_spilled_batch_keeps_one_header_per_department_not_one_per_document()
    {
        var compact = Run(keep: false);
        // Two documents of one department and kind: the same header strings, not copies read from each file.
        var pairs = compact.Documents.Where(d => d.Submission.Department is not null)
            .GroupBy(d => (d.Submission.Department, d.Submission.Kind, d.Submission.Layout, d.Submission.MoneyUnit, d.Submission.Encoding))
            .Where(g => g.Count() > 1).Select(g => (g.First(), g.Last())).ToList();
        pairs.ShouldNotBeEmpty();
        foreach (var (a, b) in pairs) ReferenceEquals(a.Submission.Department, b.Submission.Department).ShouldBeTrue(a.File + " " + b.File);
        var full = Run(keep: true);
        var same = full.Documents.Where(d => d.Submission.Department == pairs[0].Item1.Submission.Department).ToList();
        ReferenceEquals(same[0].Submission.Department, same[^1].Submission.Department).ShouldBeFalse();
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
    public void The_compact_copy_keeps_the_header_the_amounts_and_the_indicators_and_drops_the_rest()
    {
        var doc = new PerfRules.Ingest.SubmissionReader().Read(File.ReadAllBytes(TestPaths.Seed("001")), "001.txt").One();
        doc.AllIndicators.ShouldNotBeEmpty();
        var c = SubmissionCompaction.Compact(doc);
        (c.Kind, c.Department, c.Layout, c.SourceFile, c.MoneyUnit).ShouldBe((doc.Kind, doc.Department, doc.Layout, doc.SourceFile, doc.MoneyUnit));
        c.GrandTotal!.Amounts.Total.ShouldBe(doc.GrandTotal!.Amounts.Total);
        c.Units.Select(u => (u.Name, u.Amounts.Total)).ShouldBe(doc.Units.Select(u => (u.Name, u.Amounts.Total)));
        c.Projects.Select(p => (p.Name, p.Amounts.Total, p.Span)).ShouldBe(doc.Projects.Select(p => (p.Name, p.Amounts.Total, p.Span)));
        // The indicators stay (PR515 compares them across a department's tables); goals and layout go.
        c.AllIndicators.Select(i => (i.Name, i.Annual.Text, i.AnnualSpan)).ShouldBe(doc.AllIndicators.Select(i => (i.Name, i.Annual.Text, i.AnnualSpan)));
        c.Projects.ShouldAllBe(p => p.Goal == null);
        c.Furniture.ShouldBeEmpty();
    }
}

/// <summary>The audit summary is worked out in one pass: it must equal grouping every finding of the run.</summary>
public class AuditSummaryTests
{
    [Test]
    public void The_one_pass_summary_equals_grouping_the_findings_of_the_whole_run()
    {
        var dir = SeedReport.TempDir("summary-one-pass");
        foreach (var d in new CorpusGenerator(new CorpusOptions { Seed = 11, ErrorRate = 0.6 }).Generate(0, 60))
            File.WriteAllText(Path.Combine(dir, d.File), d.Text);
        File.WriteAllText(Path.Combine(dir, "zz-not-a-table.txt"), "会议纪要\n");
        var r = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { dir }, new CheckOptions { Jobs = 2 });
        var report = new LintReport { RuleSet = r.RuleSet, Documents = r.Documents, IsAudit = true };
        var s = report.Summary;
        var docs = report.Documents;
        var all = docs.SelectMany(d => d.Findings).ToList();

        (s.Totals.Errors, s.Totals.Warnings, s.Totals.Infos).ShouldBe((all.Count(f => f.Severity == Severity.Error),
            all.Count(f => f.Severity == Severity.Warning), all.Count(f => f.Severity == Severity.Info)));
        s.DocumentsWithFindings.ShouldBe(docs.Count(d => d.Findings.Any()));
        s.Unreadable.Select(u => u.File).ShouldBe(new[] { Path.Combine(dir, "zz-not-a-table.txt") });
        s.ByDepartment.Select(d => (d.Department, d.Documents, d.Counts.Total)).OrderBy(x => x.Department, StringComparer.Ordinal).ShouldBe(
            docs.GroupBy(AuditSummary.DepartmentOf).Select(g => (g.Key, g.Count(), g.Sum(d => d.Findings.Count))).OrderBy(x => x.Key, StringComparer.Ordinal));
        s.ByRule.Select(x => (x.RuleId, x.Findings, x.Documents)).OrderBy(x => x.RuleId, StringComparer.Ordinal).ShouldBe(
            all.GroupBy(f => f.RuleId).Select(g => (g.Key, g.Count(), docs.Count(d => d.Findings.Any(f => f.RuleId == g.Key)))).OrderBy(x => x.Key, StringComparer.Ordinal));

        // Worst documents: a sort of every document (errors, warnings, infos descending, then input order), first ten.
        var expected = docs.Select((d, i) => (d, i)).Where(x => x.d.Findings.Count > 0)
            .OrderByDescending(x => x.d.Count(Severity.Error)).ThenByDescending(x => x.d.Count(Severity.Warning))
            .ThenByDescending(x => x.d.Count(Severity.Info)).ThenBy(x => x.i).Take(AuditSummary.WorstCount).Select(x => x.d.File);
        s.WorstDocuments.Select(d => d.File).ShouldBe(expected);
    }

    [Test]
    public void Worst_documents_with_equal_counts_keep_input_order_and_stop_at_ten()
    {
        static Finding F(Severity s) => new() { RuleId = "PR101", Severity = s, Message = "m" };
        // Documents 0..13: errors 1,2,1,2,…; every one also has one warning except 5 and 9, which have two.
        var docs = Enumerable.Range(0, 14).Select(i =>
        {
            var findings = new List<Finding> { F(Severity.Warning) };
            for (var e = 0; e < 1 + i % 2; e++) findings.Add(F(Severity.Error));
            if (i is 5 or 9) findings.Add(F(Severity.Warning));
            return new DocumentResult { File = $"d{i}", Submission = new Submission { Kind = SubmissionKind.ProjectTargets }, Findings = findings };
        }).Append(new DocumentResult { File = "clean", Submission = new Submission(), Findings = Array.Empty<Finding>() }).ToList();
        var s = new LintReport { RuleSet = RuleTestSupport.Builtin.RuleSet, Documents = docs }.Summary;
        s.WorstDocuments.Select(d => d.File).ShouldBe(new[] { "d5", "d9", "d1", "d3", "d7", "d11", "d13", "d0", "d2", "d4" });
        s.WorstDocuments[0].Counts.ShouldBe(new SeverityCounts(2, 2, 0));
        s.DocumentsWithFindings.ShouldBe(14);
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
        var (findings, back, places) = ResultCodec.Decode(ResultCodec.Encode(new[] { f, g }, snippets));
        findings.ShouldBe(new[] { f, g });
        back.ShouldBe(snippets);
        places.ShouldBeNull();

        var doc = new PerfRules.Ingest.SubmissionReader().Read(File.ReadAllBytes(TestPaths.Seed("002")), "002.txt").One();
        var model = SubmissionCodec.Decode(SubmissionCodec.Encode(SubmissionCompaction.Compact(doc)));
        model.Overall!.ProjectExpenditure.ShouldBe(doc.Overall!.ProjectExpenditure);
        model.Overall.Expenditure.Select(a => (a.Name, a.Value, a.Text, a.Span)).ShouldBe(doc.Overall.Expenditure.Select(a => (a.Name, a.Value, a.Text, a.Span)));
        model.Overall.BudgetLevelTotal.ShouldBe(doc.Overall.BudgetLevelTotal);
        (model.Kind, model.Department, model.SourceFile).ShouldBe((doc.Kind, doc.Department, doc.SourceFile));

        using var spill = new ResultSpill();
        var a = spill.Write(new byte[] { 1, 2, 3 });
        spill.Write(ReadOnlySpan<byte>.Empty).Length.ShouldBe(0);
        var b = spill.Write(new byte[] { 4, 5 });
        spill.Read(b.Offset, b.Length).ShouldBe(new byte[] { 4, 5 });
        spill.Read(a.Offset, a.Length).ShouldBe(new byte[] { 1, 2, 3 });
    }

    // A batch spills each document's compact model written from the model itself (no compacted copy
    // made first) and its findings from a buffer the thread keeps: the same records, byte for byte.
    [TestCase("000")]
    [TestCase("001")]
    [TestCase("002")]
    [TestCase("003")]
    [TestCase("004")]
    public void A_record_written_in_place_is_the_record_of_the_compacted_copy(string seed)
    {
        var doc = new PerfRules.Ingest.SubmissionReader().Read(File.ReadAllBytes(TestPaths.Seed(seed)), seed + ".txt").One();
        // The reading problems of a table are not kept; those of a document not read as one are.
        doc.Diagnostics.Add(new Diagnostic("PR001", "问题", new SourceSpan(1, 1, 1, 2), "行"));
        foreach (var d in new[] { doc, new Submission { Kind = SubmissionKind.Unknown, SourceFile = "x.txt", Diagnostics = doc.Diagnostics } })
        {
            var w = SpillBinary.Scratch();
            SubmissionCodec.Write(w, d, compact: true);
            SpillBinary.Written(w).ToArray().ShouldBe(SubmissionCodec.Encode(SubmissionCompaction.Compact(d)));
        }

        var findings = RuleTestSupport.Builtin.Evaluate(doc);
        var snippets = new Dictionary<int, string> { [1] = "第一行" };
        var r = SpillBinary.Scratch();
        ResultCodec.Write(r, findings, snippets, doc.Places);
        var bytes = SpillBinary.Written(r).ToArray();
        bytes.ShouldBe(ResultCodec.Encode(findings, snippets, doc.Places));
        ResultCodec.Decode(bytes).Findings.ShouldBe(findings);
    }
}
