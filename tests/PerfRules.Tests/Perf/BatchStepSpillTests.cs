using PerfRules.Engines.NRules;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Runs;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Perf;

/// <summary>
/// The batch step of a spilled batch keeps its facts and findings in the spill and files them one document at a
/// time: the findings, their order and fingerprints must be those of the run held in memory (one list of every
/// cross-document finding, numbered over the run); the stores must give back exactly what they were given.
/// </summary>
public class BatchStepSpillTests
{
    // Copies of the seeds: every project in a PR109 group of more than six (the "等 N 处" messages), repeated fingerprints.
    private static readonly Lazy<string> Copies = new(() =>
    {
        var dir = SeedReport.TempDir("batch-step-spill");
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToList();
        for (var k = 0; k < 40; k++)
            File.Copy(seeds[k % seeds.Count], Path.Combine(dir, $"{k:D3}_{Path.GetFileName(seeds[k % seeds.Count])}"));
        return dir;
    });

    private static LintReport Run(bool keep)
    {
        var r = new Linter(RuleTestSupport.Builtin).CheckAll(new[] { Copies.Value }, new CheckOptions { Jobs = 2, KeepSubmissions = keep });
        return new LintReport { RuleSet = r.RuleSet, Documents = r.Documents, IsAudit = true };
    }

    [Test]
    public void Copies_give_the_same_findings_order_fingerprints_and_json_spilled_as_held()
    {
        var held = Run(keep: true);
        var spilled = Run(keep: false);
        var pr109 = spilled.Findings.Where(f => f.RuleId == "PR109").ToList();
        pr109.Count.ShouldBeGreaterThan(100);
        pr109.ShouldContain(f => f.Message.Contains(" 等 "));
        for (var k = 0; k < held.Documents.Count; k++)
        {
            spilled.Documents[k].Findings.ShouldBe(held.Documents[k].Findings, held.Documents[k].File);
            spilled.Documents[k].Snippets.OrderBy(p => p.Key).ShouldBe(held.Documents[k].Snippets.OrderBy(p => p.Key), held.Documents[k].File);
        }
        var json = TestFormats.Reports.Find("json")!;
        ReportFormats.Render(json, spilled).ShouldBe(ReportFormats.Render(json, held));
    }

    // fixtures/batch (a PR108 finding) under a department of its own: with the seeds' 协作办公室 its sums would differ.
    private static readonly Lazy<string> Department = new(() =>
    {
        var dir = SeedReport.TempDir("batch-step-department");
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "batch")))
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(f)), File.ReadAllText(f).Replace("广州市协作办公室", "广州市测试办公室"));
        return dir;
    });

    // The step on several threads (departments and batch slices at once, then documents filed at once) against one:
    // small slices, so that several sessions run together; four jobs, so the six departments may be evaluated at once too.
    [Test]
    public void The_step_on_several_threads_gives_the_findings_order_fingerprints_and_json_of_one_thread([Values("reference", "nrules")] string engine)
    {
        var options = RuleTestSupport.Builtin.Options with { CrossDocumentSliceSize = 16 };
        if (engine == "nrules") options = options with { CrossDocument = NRulesCrossDocumentEngine.Instance };
        var rules = RuleTestSupport.Builtin.WithOptions(options);
        LintReport Step(int jobs)
        {
            var r = new Linter(rules).CheckAll(new[] { Copies.Value, Department.Value }, new CheckOptions { Jobs = jobs });
            return new LintReport { RuleSet = r.RuleSet, Documents = r.Documents, IsAudit = true };
        }
        var serial = Step(1);
        serial.Findings.Count(f => f.RuleId == "PR109").ShouldBeGreaterThan(100);
        serial.Findings.ShouldContain(f => f.RuleId == "PR108");
        var json = TestFormats.Reports.Find("json")!;
        var expected = ReportFormats.Render(json, serial);
        foreach (var jobs in new[] { 2, 4 })
        {
            var parallel = Step(jobs);
            parallel.Documents.Count.ShouldBe(serial.Documents.Count);
            for (var k = 0; k < serial.Documents.Count; k++)
            {
                parallel.Documents[k].Findings.ShouldBe(serial.Documents[k].Findings, $"{jobs} jobs: {serial.Documents[k].File}");
                parallel.Documents[k].Snippets.OrderBy(p => p.Key).ShouldBe(serial.Documents[k].Snippets.OrderBy(p => p.Key), serial.Documents[k].File);
            }
            ReportFormats.Render(json, parallel).ShouldBe(expected, $"{jobs} jobs");
        }
    }

    [Test]
    public void Filing_one_document_at_a_time_numbers_repeated_fingerprints_as_the_whole_run_does([Values(1, 2)] int workers)
    {
        // Two equal findings in one file (same rule, path and evidence) and one in another, department ones first.
        Finding F(string file, string path, int line) => new()
        {
            RuleId = "PR109", Severity = Severity.Warning, Message = "m", Title = "t", File = file, Path = path, Span = new SourceSpan(line, 1, line, 2),
            Evidence = Array.Empty<Evidence>(), RuleSet = "core", RuleSetVersion = "1",
            Fingerprint = Finding.ComputeFingerprint("PR109", file, path, Array.Empty<Evidence>()),
        };
        var store = new HeldBatchFindings();
        BatchFindingRef Ref(Finding f, int document, int ordinal)
        {
            var (at, length) = store.Put(f);
            return new BatchFindingRef(document, f.Span!.StartLine, 1, 3, ordinal, at, length);
        }
        var department = new List<Finding> { F("a.txt", "甲局", 1) };
        var batch = new[] { Ref(F("a.txt", "甲局 › 单位 › 项目", 5), 0, 1), Ref(F("b.txt", "甲局 › 单位 › 项目", 5), 1, 1), Ref(F("a.txt", "甲局 › 单位 › 项目", 7), 0, 2) };
        var files = new[] { "a.txt", "b.txt" };
        var found = new CrossDocumentFindings(department, batch, k => files[k], store);
        var whole = PerfRules.Rules.Runtime.FindingOrder.Disambiguate(department.Concat(batch.Select(r => found.Read(r))).ToList());
        whole.Select(f => f.Fingerprint).Distinct().Count().ShouldBe(4);

        var docs = files.Select(f => new DocumentResult { File = f, Submission = new Submission(), Findings = Array.Empty<Finding>() }).ToArray();
        DepartmentRun.FileCrossFindings(found, docs.Length, k => files[k], (_, _) => new(), (k, added, lines) => docs[k] = DepartmentRun.With(docs[k], added, lines), workers);
        docs[0].Findings.ShouldBe(whole.Where(f => f.File == "a.txt"));
        docs[1].Findings.ShouldBe(whole.Where(f => f.File == "b.txt"));
    }

    [Test]
    public void Filing_from_the_spill_decodes_what_a_reference_needs_and_renumbers_from_whole_findings()
    {
        Finding F(string file, string path, int line, string message = "m") => new()
        {
            RuleId = "PR109", Severity = Severity.Warning, Message = message, Fix = "f", Title = "t", File = file, Path = path,
            Span = new SourceSpan(line, 1, line, 2), Related = new SourceSpan(line, 1, line + 1, 2), Unit = "单位", Project = "项目",
            Evidence = new[] { new Evidence("others", "b.txt › 甲局") }, RuleSet = "core", RuleSetVersion = "1",
            Fingerprint = Finding.ComputeFingerprint("PR109", file, path, Array.Empty<Evidence>()),
        };
        using var spill = new ResultSpill();
        var store = new SpilledBatchFindings(spill);
        BatchFindingRef Ref(Finding f, int document, int ordinal)
        {
            var (at, length) = store.Put(f);
            return new BatchFindingRef(document, f.Span!.StartLine, 1, 3, ordinal, at, length);
        }
        // Two equal findings in a.txt (renumbered: read whole), one in b.txt (filed as read); then past a chunk, so all
        // three are read from a written part of the spill.
        var batch = new[] { Ref(F("a.txt", "甲局 › 单位 › 项目", 5), 0, 1), Ref(F("b.txt", "甲局 › 单位 › 项目", 5), 1, 1), Ref(F("a.txt", "甲局 › 单位 › 项目", 7), 0, 2) };
        for (var k = 0; k < 3; k++) store.Put(F("c.txt", "丙", k, new string('长', 20_000)));
        var files = new[] { "a.txt", "b.txt" };
        var found = new CrossDocumentFindings(new List<Finding>(), batch, k => files[k], store);
        var whole = PerfRules.Rules.Runtime.FindingOrder.Disambiguate(batch.Select(r => found.Read(r)).ToList());
        spill.ForgetReadBack();

        var filed = new List<Finding>[2];
        var referred = new bool[2][];
        DepartmentRun.FileCrossFindings(found, files.Length, k => files[k], (_, _) => new(), (k, added, _) =>
        {
            filed[k] = added.ToList();
            referred[k] = added.Select(f => spill.StoredAt(f) is not null).ToArray();
            spill.ForgetReadBack();
        });
        // Renumbered: whole, as the run held in memory numbers them, written in full.
        filed[0].ShouldBe(whole.Where(f => f.File == "a.txt"));
        referred[0].ShouldBe(new[] { true, false });
        // Filed as read: what the record and the summary read of it, the record referring to the rest where the spill has it.
        var b = filed[1].ShouldHaveSingleItem();
        referred[1].ShouldBe(new[] { true });
        var expected = whole.Single(f => f.File == "b.txt");
        (b.RuleId, b.Severity, b.Title, b.File, b.Span, b.Related, b.Fingerprint, b.IsRuleFailure)
            .ShouldBe((expected.RuleId, expected.Severity, expected.Title, expected.File, expected.Span, expected.Related, expected.Fingerprint, expected.IsRuleFailure));
        b.Message.ShouldBeEmpty();
    }

    [Test]
    public void A_finding_whose_reference_kept_what_filing_reads_is_filed_as_read_without_reading_it()
    {
        var rule = RuleTestSupport.Builtin.RuleSet.Rules.Single(r => r.Id == "PR109");
        Finding F(string file, int line, string message) => new()
        {
            RuleId = rule.Id, Severity = CrossDocumentRun.SeverityOf(rule), Message = message, Fix = "f", Title = rule.Title, File = file,
            Path = "甲局 › 单位 › 项目", Span = new SourceSpan(line, 3, line + 2, 9), Unit = "单位", Project = "项目",
            Evidence = new[] { new Evidence("others", "b.txt › 甲局") }, RuleSet = "core", RuleSetVersion = "1",
            Fingerprint = Finding.ComputeFingerprint(rule.Id, file, "甲局 › 单位 › 项目", Array.Empty<Evidence>(), $"{line}"),
        };
        using var spill = new ResultSpill();
        var store = new SpilledBatchFindings(spill);
        BatchFindingRef Ref(Finding f, int document)
        {
            var (at, length) = store.Put(f);
            return new BatchFindingRef(document, f.Span!.StartLine, f.Span.StartColumn, 0, document, at, length,
                f.Span.EndLine, f.Span.EndColumn, BatchFindingRef.FiledFingerprint(f.Fingerprint));
        }
        // Two written out past a chunk; the last still in the store's buffer (read whole there, as before).
        var made = new[] { F("a.txt", 5, new string('长', 20_000)), F("b.txt", 7, new string('短', 20_000)), F("c.txt", 9, "m") };
        var refs = made.Select((f, k) => Ref(f, k)).ToArray();
        refs.ShouldAllBe(r => r.Filed != 0);
        var found = new CrossDocumentFindings(new List<Finding>(), refs, k => made[k].File, store, _ => rule);
        for (var k = 0; k < refs.Length; k++)
        {
            var expected = store.GetToFile(refs[k].At, refs[k].Length);
            var whereRead = spill.StoredAt(expected);
            spill.ForgetReadBack();
            var filed = found.ReadToFile(refs[k]);
            (filed.RuleId, filed.Severity, filed.Title, filed.File, filed.Span, filed.Related, filed.Fingerprint, filed.IsRuleFailure, filed.Message)
                .ShouldBe((expected.RuleId, expected.Severity, expected.Title, expected.File, expected.Span, expected.Related, expected.Fingerprint, expected.IsRuleFailure, expected.Message));
            filed.Fingerprint.ShouldBe(made[k].Fingerprint);
            // Referred to where the spill has it, as a finding read back there would be; one in the buffer is read whole.
            spill.StoredAt(filed).ShouldBe(whereRead);
            (whereRead is null).ShouldBe(k == 2);
            if (k == 2) filed.ShouldBe(made[2]);
            else filed.Message.ShouldBeEmpty();
            spill.ForgetReadBack();
        }
        // A fingerprint that is not 16 lowercase hex digits (or is 0) is not kept: such a finding is read back.
        BatchFindingRef.FiledFingerprint("0123456789abcdef").ShouldBe(0x0123456789abcdefUL);
        BatchFindingRef.FiledFingerprint("0123456789ABCDEF").ShouldBe(0UL);
        BatchFindingRef.FiledFingerprint("0123456789abcde").ShouldBe(0UL);
        BatchFindingRef.FiledFingerprint("0123456789abcdef#2").ShouldBe(0UL);
    }

    private static BatchItem Item(int k, object key, string? name = null) => new()
    {
        Kind = "project", Department = "甲局", File = $"d{k % 7}.txt", Unit = "单位\uD800", Project = k % 3 == 0 ? null : "项目", IndicatorSeq = k % 2 == 0 ? k : null,
        Name = name ?? $"项目{k}", Total = k % 4 == 0 ? null : 1.10m * k, MoneyUnit = "万元", BudgetYear = 2026, InOverallTable = k % 5 == 0,
        Span = k % 6 == 0 ? null : new SourceSpan(k, 1, k + 1, 3), LinesAreTheFile = true, Path = $"甲局 › 单位 › 项目{k}", Key = key, Rule = k % 2, Document = k % 7, Ordinal = k,
    };

    private static object Key(int k) => (k % 5) switch
    {
        0 => ("单位", $"项目{k % 40}"),
        1 => $"键{k % 30}",
        2 => 1.00m + k % 3, // the scale is part of how the key reads
        3 => Tuple.Create(k % 20, (long)k % 3, k % 2 == 0),
        _ => new List<int> { k }, // not writable: stays in memory
    };

    [Test]
    public void Spilled_facts_come_back_whole_renumbered_and_each_key_in_one_slice([Values(1, 64, 100_000)] int size)
    {
        using var spill = new ResultSpill();
        var facts = new SpilledBatchFacts(spill);
        var given = Enumerable.Range(0, 3000).Select(k => Item(k, Key(k))).ToList();
        foreach (var chunk in given.Chunk(250)) facts.AddRange(chunk.ToList());
        facts.Count.ShouldBe(given.Count);
        facts.HeldInMemory.ShouldBe(given.Count(i => i.Key is List<int>));
        facts.Renumber(d => d + 100);

        var slices = facts.Slices(size).ToList();
        slices.Count.ShouldBe(Math.Min(256, (given.Count + size - 1) / size));
        var back = slices.SelectMany(s => s).OrderBy(i => i.Ordinal).ToList();
        back.Count.ShouldBe(given.Count);
        for (var k = 0; k < given.Count; k++)
        {
            var (a, b) = (given[k], back[k]);
            (b.Kind, b.Department, b.File, b.Unit, b.Project, b.IndicatorSeq, b.Name, b.Total, b.MoneyUnit, b.BudgetYear, b.InOverallTable, b.Span, b.LinesAreTheFile, b.Path, b.Rule, b.Ordinal)
                .ShouldBe((a.Kind, a.Department, a.File, a.Unit, a.Project, a.IndicatorSeq, a.Name, a.Total, a.MoneyUnit, a.BudgetYear, a.InOverallTable, a.Span, a.LinesAreTheFile, a.Path, a.Rule, a.Ordinal));
            b.Document.ShouldBe(a.Document + 100);
            b.Key.ShouldBe(a.Key);
            b.Key.GetType().ShouldBe(a.Key.GetType());
            (b.Key.ToString() == a.Key.ToString()).ShouldBeTrue($"{a.Key} read back as {b.Key}");
        }
        // A group (rule, key) is never split between slices.
        var sliceOf = new Dictionary<(int, object), int>();
        for (var s = 0; s < slices.Count; s++)
            foreach (var i in slices[s].Where(i => i.Key is not List<int>))
            {
                if (sliceOf.TryGetValue((i.Rule, i.Key), out var seen)) seen.ShouldBe(s, $"{i.Key}");
                else sliceOf[(i.Rule, i.Key)] = s;
            }
    }

    // Tuple keys are made back by one generic method per family and arity (SpilledTuples), not a compiled expression.
    [Test]
    public void Tuple_keys_of_every_arity_come_back_of_the_same_type_and_equal()
    {
        object[] keys =
        {
            ValueTuple.Create("甲"), ("甲", 1), ("甲", 2L, true), ("甲", 1, 2L, 3.50m), ("甲", 1, 2L, false, (string?)null),
            ("甲", 1, 2L, true, 4.0m, "乙"), ("甲", 1, 2L, true, 4.0m, "乙", (int?)null), ("甲", (1, "乙")),
            Tuple.Create("甲"), Tuple.Create("甲", 1), Tuple.Create("甲", 2L, true), Tuple.Create("甲", 1, 2L, 3.50m),
            Tuple.Create("甲", 1, 2L, false, (string?)null), Tuple.Create("甲", 1, 2L, true, 4.0m, "乙"),
            Tuple.Create("甲", 1, 2L, true, 4.0m, "乙", (int?)7), Tuple.Create("甲", Tuple.Create(1, "乙")),
        };
        using var spill = new ResultSpill();
        var facts = new SpilledBatchFacts(spill);
        var given = keys.Select((key, k) => Item(k, key)).ToList();
        facts.AddRange(given);
        facts.HeldInMemory.ShouldBe(0);
        facts.Renumber(d => d);
        var back = facts.Slices(1000).SelectMany(s => s).OrderBy(i => i.Ordinal).ToList();
        back.Count.ShouldBe(keys.Length);
        for (var k = 0; k < keys.Length; k++)
        {
            back[k].Key.GetType().ShouldBe(keys[k].GetType());
            back[k].Key.ShouldBe(keys[k]);
            (back[k].Key.ToString() == keys[k].ToString()).ShouldBeTrue($"{keys[k]} read back as {back[k].Key}");
        }
    }

    // What reading a slice back allocates per fact: the BatchItem, its span and boxed key (about 250 bytes) and a share
    // of the slice's list and string table: 344 bytes. Each string read into a new array and then a new string, and the
    // key made by Activator.CreateInstance, took 2,031 bytes a fact here, most of it held by the slice's session.
    private const long SliceBytesPerFact = 500;

    [Test]
    public void A_slice_makes_each_of_its_strings_once_and_allocates_a_bound_per_fact()
    {
        using var spill = new ResultSpill();
        var facts = new SpilledBatchFacts(spill);
        // 200 copies of a table of 15 projects: every copy's facts repeat the same names, paths and keys.
        const int copies = 200, projects = 15;
        var given = new List<BatchItem>();
        for (var d = 0; d < copies; d++)
        {
            var file = $"/tmp/perfrules-seeds/s{copies}/{d:D5}_000_7f774831c9bf6acc.txt";
            var items = Enumerable.Range(0, projects).Select(k => new BatchItem
            {
                Kind = "project", Department = "广州市商务局", File = file, Unit = "广州市国内合作服务中心", Project = $"会展业务费{k}", Name = $"会展业务费{k}",
                Total = 120.5m + k, MoneyUnit = "万元", BudgetYear = 2026, Span = new SourceSpan(10 + k, 1, 12 + k, 8), LinesAreTheFile = true,
                Path = $"广州市商务局 › 广州市国内合作服务中心 › 会展业务费{k}", Key = ("广州市国内合作服务中心", $"会展业务费{k}"), Rule = 3, Document = d, Ordinal = k,
            }).ToList();
            given.AddRange(items);
            facts.AddRange(items);
        }
        facts.Renumber(d => d);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var slices = facts.Slices(1024).ToList();
        var perFact = (GC.GetAllocatedBytesForCurrentThread() - before) / given.Count;
        TestContext.Out.WriteLine($"{perFact} bytes a fact");
        var back = slices.SelectMany(x => x).ToList();
        back.Count.ShouldBe(given.Count);
        foreach (var slice in slices)
            foreach (var same in slice.GroupBy(i => i.Path))
            {
                var first = same.First();
                same.ShouldAllBe(i => ReferenceEquals(i.Path, first.Path) && ReferenceEquals(i.Unit, first.Unit) && ReferenceEquals(i.Department, first.Department), same.Key);
            }
        foreach (var doc in back.Where(i => i.Document < 3).GroupBy(i => i.Document))
            doc.Select(i => i.File).Distinct().Count().ShouldBe(1);
        perFact.ShouldBeLessThan(SliceBytesPerFact);
    }

    // The workers' facts wait in 256 partition buffers written out at 16 KB: a buffer that grew past that doubled to
    // 32 KB (8 MB held through the workers and the step at 10,000 seed copies, 4 MB at 1,000); each goes as its slice is read.
    [Test]
    public void Partition_buffers_stay_within_a_chunk_and_go_as_their_slices_are_read()
    {
        using var spill = new ResultSpill();
        var facts = new SpilledBatchFacts(spill);
        // About 2 KB a fact: each partition is written out several times.
        var given = Enumerable.Range(0, 4000).Select(k => Item(k, $"键{k}", new string('项', 1000) + k)).ToList();
        foreach (var chunk in given.Chunk(100)) facts.AddRange(chunk.ToList());
        var (total, largest) = facts.BufferedBytes;
        total.ShouldBeGreaterThan(0);
        largest.ShouldBeLessThanOrEqualTo(16 * 1024);
        facts.Renumber(d => d);
        var back = facts.Slices(1000).SelectMany(s => s).ToList();
        back.Count.ShouldBe(given.Count);
        back.Select(i => i.Name).Order(StringComparer.Ordinal).ShouldBe(given.Select(i => i.Name).Order(StringComparer.Ordinal));
        facts.BufferedBytes.Total.ShouldBe(0);
    }

    // A slice makes its own strings, and a document's facts are spread over most slices (by key): the batch findings'
    // references (about 11 a document at 10,000 copies, held until filed) kept a copy of their file's name for each
    // slice, about 0.8 KB a document, then one copy a file in a table of their own. Now a reference holds no name: its
    // file is its document's, the document's own string (the one the batch's document entries hold), by its position
    // once renumbered.
    [Test]
    public void Batch_findings_are_of_their_documents_own_file_names_over_many_slices()
    {
        var rules = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocumentSliceSize = 16 });
        using var spill = new ResultSpill();
        var cross = DepartmentRun.Start(rules, spill);
        var reader = new PerfRules.Ingest.SubmissionReader();
        var files = Directory.GetFiles(Copies.Value).Order(StringComparer.Ordinal).ToList();
        var docs = files.Select(f => reader.ReadFile(f).Documents[0].Submission).ToList();
        // Added in reverse, renumbered into the files' order (as a batch's workers add them before the run's order is known).
        for (var k = docs.Count - 1; k >= 0; k--) cross.AddFacts(docs.Count - 1 - k, docs[k]);
        cross.Renumber(k => docs.Count - 1 - k);
        var found = cross.FinishFound();
        found.Batch.Count.ShouldBeGreaterThan(100);
        found.Batch.Select(r => r.Document).Distinct().Count().ShouldBeGreaterThan(files.Count / 2);
        foreach (var r in found.Batch)
        {
            ReferenceEquals(found.FileOf(r), docs[r.Document].SourceFile).ShouldBeTrue(docs[r.Document].SourceFile);
            found.Read(r).File.ShouldBe(docs[r.Document].SourceFile);
        }
    }

    [Test]
    public void Spilled_batch_findings_come_back_exactly_from_the_buffer_and_from_the_spill()
    {
        using var spill = new ResultSpill();
        var store = new SpilledBatchFindings(spill);
        var given = Enumerable.Range(0, 2000).Select(k => new Finding
        {
            RuleId = "PR109", Severity = Severity.Warning, Message = new string('批', k % 300) + "\uDC00", Title = "t", File = $"f{k}.txt",
            Span = new SourceSpan(k, 1, k, 9), Path = "甲局 › 项目", Evidence = new[] { new Evidence("others", $"{k}") }, RuleSet = "core",
            RuleSetVersion = "1", Fingerprint = $"{k:x16}", IsRuleFailure = k % 9 == 0,
        }).ToList();
        var handles = given.Select(store.Put).ToList();
        // Some are still in the buffer, most written out: both read back alike, in any order.
        for (var k = given.Count - 1; k >= 0; k--) store.Get(handles[k].At, handles[k].Length).ShouldBe(given[k]);
    }

    [Test]
    public void Batch_finding_references_come_back_in_order_renumbered_across_blocks()
    {
        var refs = new BatchFindingRefs();
        var random = new Random(17);
        var given = Enumerable.Range(0, 5000).Select(k => new BatchFindingRef(random.Next(300), random.Next(50), 1, random.Next(2), k, k * 10L, k)).ToList();
        foreach (var r in given) refs.Add(r);
        refs.Renumber(d => 1000 - d);
        refs.Sort(BatchFindingRef.Order);
        var expected = given.Select(r => r with { Document = 1000 - r.Document }).ToArray();
        Array.Sort(expected, BatchFindingRef.Order);
        refs.Count.ShouldBe(expected.Length);
        refs.ShouldBe(expected);
        Enumerable.Range(0, refs.Count).Select(k => refs[k]).ShouldBe(expected);
    }

    // The step measured for the guards below: a count of bytes that does not depend on load or on the tests run before.
    // On two threads the figure moved with timing (h-guard8): which slice finished last decided which documents' batch
    // findings were still in the findings' buffer when filed (read whole, up to 14 KB more a document), and the first
    // piece a thread-pool thread took paid its per-thread buffers (about 65 KB) unless an earlier test had. So the step
    // runs on the calling thread (one job: its pieces in order, the findings put in one order), after a first run over
    // the same copies that pays what is made once (lazy statics, this thread's buffers grown to these findings' sizes).
    private static (BatchRun Run, LintReport Report) MeasuredRun(Linter linter, string dir)
    {
        var files = InputExpansion.Expand(new[] { dir });
        LintReport Once(BatchRun run) => run.Run(files, new CheckOptions { Jobs = 1 }, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        Once(new BatchRun(linter, new DocumentCheck(linter)));
        var measured = new BatchRun(linter, new DocumentCheck(linter));
        return (measured, Once(measured));
    }

    // The serial batch step with the cross-document rules in NRules sessions (as the CLI runs them), per document, filing
    // left out: reading each slice back, the sessions, and making the findings. About 48 KB; 62 KB before a batch group's
    // members took their equal texts (PR109's message, its `others` list and evidence) from the member before, 78 KB before
    // a batch group shared its first objects and the texts made of them with its members (PR109's "另见" list and evidence), 133 KB
    // before each slice's strings were made once, and before the findings buffer was written out without a copy.
    // 34 KB since PR109's `others` list is made once a group again (the guarded rule code wrapped the group's shared list,
    // so FilePaths made it anew for every member: 48.8 KB).
    private const long NRulesStepBytesPerDocument = 36 * 1024;

    [Test]
    public void The_batch_step_with_NRules_allocates_per_document_a_bound()
    {
        var dir = SeedReport.TempDir("batch-step-nrules");
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToList();
        const int n = 200;
        for (var k = 0; k < n; k++)
            File.Copy(seeds[k % seeds.Count], Path.Combine(dir, $"{k:D3}_{Path.GetFileName(seeds[k % seeds.Count])}"));
        var rules = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = NRulesCrossDocumentEngine.Instance });
        var (run, report) = MeasuredRun(new Linter(rules), dir);
        report.Documents.Count(d => d.Findings.Any(f => f.RuleId == "PR109")).ShouldBeGreaterThan(n / 2);
        var sessions = (run.StepAllocatedBytes - run.FilingAllocatedBytes) / n;
        TestContext.Out.WriteLine($"step {run.StepAllocatedBytes / n} bytes, filing {run.FilingAllocatedBytes / n} bytes, the rest {sessions} bytes a document");
        sessions.ShouldBeGreaterThan(0);
        sessions.ShouldBeLessThan(NRulesStepBytesPerDocument, $"{sessions / 1024} KB a document");
    }

    // The serial batch step on 200 seed copies, per document. Filing reads back what it needs of the document's batch
    // findings (rule, spans, fingerprint: the record refers to the rest where the spill has it) and writes them as a
    // record of their own, their lines read one by one from the kept text: about 18 KB (63 KB when each batch finding
    // was read into an array of its own and decoded whole, about 170 KB when it was also written again; decoding each
    // document's whole record and text and encoding the record again took about 370 KB, 3.7 GB at 10,000 copies). The
    // whole step is about 53 KB (68 KB before a batch group's members took their equal texts from the member before,
    // 82 KB before batch groups shared their first objects and the texts made of them, 131 KB before the filing was cut),
    // the rest of it (department rules, batch sessions) about 39 KB. Since a batch finding's reference keeps what filing
    // reads (fingerprint, span) and PR109's `others` list is made once a group through the guard: filing about 12 KB,
    // the step about 36 KB.
    private const long FilingBytesPerDocument = 14 * 1024;
    private const long StepBytesPerDocument = 38 * 1024;

    [Test]
    public void The_batch_step_allocates_per_document_a_bound_the_filing_of_whole_records_exceeds()
    {
        var dir = SeedReport.TempDir("batch-step-allocations");
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToList();
        const int n = 200;
        for (var k = 0; k < n; k++)
            File.Copy(seeds[k % seeds.Count], Path.Combine(dir, $"{k:D3}_{Path.GetFileName(seeds[k % seeds.Count])}"));
        var (run, report) = MeasuredRun(new Linter(RuleTestSupport.Builtin), dir);
        // Every document is given batch findings (copies of one table), so the filing is what is measured.
        report.Documents.Count.ShouldBe(n);
        report.Documents.Count(d => d.Findings.Any(f => f.RuleId == "PR109")).ShouldBeGreaterThan(n / 2);
        run.StepAllocatedBytes.ShouldBeGreaterThan(0);
        TestContext.Out.WriteLine($"step {run.StepAllocatedBytes / n} bytes, filing {run.FilingAllocatedBytes / n} bytes a document");
        (run.FilingAllocatedBytes / n).ShouldBeLessThan(FilingBytesPerDocument, $"filing {run.FilingAllocatedBytes / n / 1024} KB a document");
        (run.StepAllocatedBytes / n).ShouldBeLessThan(StepBytesPerDocument, $"step {run.StepAllocatedBytes / n / 1024} KB a document");
    }
}
