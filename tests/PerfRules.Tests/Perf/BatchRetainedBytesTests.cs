using System.Runtime.CompilerServices;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Runs;
using PerfRules.Tests.Reports;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Perf;

/// <summary>
/// What a batch holds for each document and each batch finding until its report: the part of the peak that grows with
/// the number of documents (issue 17's bound: 10,000 copies within 1.2 × of 1,000). Sizes and counts that do not depend
/// on timing or load (h-mem9).
/// </summary>
public class BatchRetainedBytesTests
{
    // About 11 references a document at 10,000 seed copies, held from the batch step until they are filed: 56 bytes each
    // with their own file's name (and the collector scanned their blocks for it), 48 without.
    [Test]
    public void A_batch_finding_reference_is_48_bytes_and_holds_no_object()
    {
        Unsafe.SizeOf<BatchFindingRef>().ShouldBe(48);
        RuntimeHelpers.IsReferenceOrContainsReferences<BatchFindingRef>().ShouldBeFalse();
        var refs = new BatchFindingRefs();
        const int n = 16 * 1024;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < n; k++) refs.Add(new BatchFindingRef(k, k, 1, 0, k, k * 10L, 10));
        var perRef = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
        TestContext.Out.WriteLine($"{perRef:F2} bytes a reference");
        // The blocks (48 bytes an element and a header a block) and the list of them.
        perRef.ShouldBeLessThan(48.5);
    }

    // A document's entry (held through the whole run, from its check to its report): 120 bytes with two offsets that follow
    // from the first and the places' kind of its own, 96 now.
    [Test]
    public void A_spilled_document_entry_is_96_bytes()
    {
        Unsafe.SizeOf<SpilledDocuments.Entry>().ShouldBeLessThanOrEqualTo(96);
    }

    // The batch findings' files, one a document, by the number it was added under: 8 bytes a document in blocks, the
    // names themselves the documents' own.
    [Test]
    public void The_batch_findings_files_cost_a_reference_a_document()
    {
        var files = new DocumentFiles();
        var names = Enumerable.Range(0, 10_000).Select(k => $"/tmp/b10000/{k:D5}_seed.txt").ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < names.Length; k++) files.Set(k, names[k]);
        var perDocument = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)names.Length;
        TestContext.Out.WriteLine($"{perDocument:F2} bytes a document");
        perDocument.ShouldBeLessThan(8.5);
        files.Renumber(k => names.Length - 1 - k);
        for (var k = 0; k < names.Length; k++) ReferenceEquals(files[names.Length - 1 - k], names[k]).ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => files[names.Length]);
    }

    // What the batch step's findings hold until they are filed, per batch finding, measured after full collections on 400
    // seed copies (about 9 findings a document): the references (48 bytes), the files' table (a reference a document), the
    // findings store's two 64 KB buffers (about 35 bytes a finding here) and the rest the step's result keeps: about 130
    // bytes. The bound catches a finding kept whole (a few hundred bytes) or anything of that size beside each reference;
    // that the names are the documents' own is Batch_findings_are_of_their_documents_own_file_names_over_many_slices.
    [Test]
    public void The_batch_steps_findings_hold_a_bound_per_finding_until_filed()
    {
        var dir = Copies(400);
        var reader = new PerfRules.Ingest.SubmissionReader();
        var docs = Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(f => reader.ReadFile(f).Documents[0].Submission).ToList();
        CrossDocumentFindings Step(ResultSpill spill)
        {
            var cross = DepartmentRun.Start(RuleTestSupport.Builtin, spill);
            for (var k = 0; k < docs.Count; k++) cross.AddFacts(k, docs[k]);
            cross.Renumber(k => k);
            return cross.FinishFound();
        }
        using (var first = new ResultSpill()) GC.KeepAlive(Step(first));
        using var spill = new ResultSpill();
        // Held in a frame of its own: once it returns, nothing refers to the step's findings (a local here stays reachable).
        var (held, count) = Held(() => Step(spill));
        count.ShouldBeGreaterThan(5 * docs.Count);
        var released = GC.GetTotalMemory(forceFullCollection: true);
        var perFinding = (held - released) / (double)count;
        TestContext.Out.WriteLine($"{count} batch findings, {perFinding:F1} bytes each held until filed (with the store's two 64 KB buffers)");
        perFinding.ShouldBeLessThan(160);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (long Held, int Count) Held(Func<CrossDocumentFindings> step)
    {
        var found = step();
        var held = GC.GetTotalMemory(forceFullCollection: true);
        return (held, found.Batch.Count);
    }

    private static string Copies(int n)
    {
        var dir = SeedReport.TempDir($"batch-retained-{n}");
        var seeds = Directory.GetFiles(TestPaths.Seeds, "*.txt").Order(StringComparer.Ordinal).ToList();
        for (var k = 0; k < n; k++)
            File.Copy(seeds[k % seeds.Count], Path.Combine(dir, $"{k:D3}_{Path.GetFileName(seeds[k % seeds.Count])}"));
        return dir;
    }

    // The heap a batch's report holds per document once the run is over (its entries, their names and headers, the
    // summary's tally; the findings are in the spill): measured after full collections on 400 seed copies, after a first run
    // that pays what is made once. About 100 bytes a document (the entries: the names are the input list's); the bound
    // leaves 60 KB for the collector's own noise, and catches a structure a finding (about 11 a document) kept beside each.
    [Test]
    public void A_batch_report_holds_a_bound_of_heap_per_document()
    {
        const int n = 400;
        var dir = Copies(n);
        var linter = new Linter(RuleTestSupport.Builtin);
        var files = InputExpansion.Expand(new[] { dir });
        LintReport Once() => new BatchRun(linter, new DocumentCheck(linter)).Run(files, new CheckOptions { Jobs = 1 }, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        GC.KeepAlive(Once());
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var report = Once();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        report.Documents.Count.ShouldBe(n);
        var perDocument = (after - before) / n;
        TestContext.Out.WriteLine($"{perDocument} bytes a document held by the report");
        perDocument.ShouldBeLessThan(256);
        GC.KeepAlive(report);
    }
}
