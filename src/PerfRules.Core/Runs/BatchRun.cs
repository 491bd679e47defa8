using PerfRules.Model;
using PerfRules.Rules.Runtime;

namespace PerfRules.Runs;

/// <summary>
/// A batch over files whose memory stays flat in the number of documents: each document's
/// findings, snippets and places go to a temporary file (<see cref="ResultSpill"/>) as soon as its
/// own rules have run, with its compact model when the rule set has department rules, and the whole
/// text of the documents that may become a department's home (cross-document findings quote it; the
/// source map of such a workbook or PDF stays in memory, so those findings get their places too).
/// The report then reads them back on demand (<see cref="SpilledDocuments"/>).
/// </summary>
internal sealed class BatchRun(Linter linter, DocumentCheck check)
{
    // The first document (input, then document order) of each department seen so far: a possible home. Made when first
    // asked for (never when the rule set has batch rules); a class per department, not a tuple (generic code over a
    // value type, JIT-compiled in every run).
    private Dictionary<string, FirstSeen>? _first;
    private readonly object _firstGate = new();

    private sealed class FirstSeen(int input, int document)
    {
        public int Input = input;
        public int Document = document;
    }

    /// <summary>
    /// The bytes the cross-document step (department and batch rules, filing their findings) allocated in the last
    /// <see cref="Run"/>, on every thread it used: a count that does not depend on load, for allocation guards.
    /// </summary>
    public long StepAllocatedBytes { get; private set; }

    /// <summary>The part of <see cref="StepAllocatedBytes"/> that filing the findings under their documents allocated.</summary>
    public long FilingAllocatedBytes { get; private set; }

    /// <summary>The collections the last <see cref="Run"/>'s step ran to hand memory back (<see cref="CheckOptions.ReturnStepMemory"/>); null: none asked.</summary>
    internal int? StepCollections { get; private set; }

    public LintReport Run(IReadOnlyList<InputFile> files, CheckOptions options, ParallelOptions parallel)
    {
        var spill = new ResultSpill();
        var documents = new SpilledDocuments(spill, files.Count);
        var departments = linter.Rules.HasDepartmentRules;
        // A batch rule's finding lands on the object it is about, in any document: each keeps what quotes it.
        var anyHome = linter.Rules.HasBatchRules;
        // Only the department rules read models back; the batch facts are taken here from the model each worker holds.
        var models = linter.Rules.HasDepartmentScopeRules;
        var cross = departments ? DepartmentRun.Start(linter.Rules, spill) : null;
        // The step after the workers on as many threads: its departments, batch slices and documents to file are independent.
        var jobs = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
        if (cross is not null) cross.Parallelism = jobs;
        // The number each document's facts are added under, before the run's order is known: (input, document in it).
        var numbers = new int[files.Count];
        var next = 0;
        // The summary's counts by rule, made while each document's findings are in memory (it then reads none back).
        var tally = new RuleTally(linter.Rules.RuleSet);
        Parallel.For(0, files.Count, parallel, i =>
        {
            var results = check.File(files[i].Path, files[i].Problem, options);
            options.OnFile?.Invoke(files[i].Path, results.Select(d => d.Result).ToList());
            var entries = new SpilledDocuments.Entry[results.Count];
            var first = Interlocked.Add(ref next, results.Count) - results.Count;
            numbers[i] = first;
            for (var k = 0; k < results.Count; k++)
            {
                entries[k] = documents.Store(results[k], model: models, text: departments && (anyHome || MayBeHome(results[k].Result.Submission, i, k)));
                tally.Stored(results[k].Result.Findings, ((long)i << 32) | (uint)k);
                cross?.AddFacts(first + k, results[k].Result.Submission);
            }
            documents.SetInput(i, entries);
        });
        documents.Seal();
        if (cross is not null)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var heap = cross.Heap = options.ReturnStepMemory ? new StepHeap() : null;
            // Documents are laid out in input order: a document's position is its input's first plus its place in it.
            var position = new int[next];
            var at = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var n = documents.CountOf(i);
                for (var k = 0; k < n; k++) position[numbers[i] + k] = at + k;
                at += n;
            }
            cross.Renumber(k => position[k]);
            var found = DepartmentRun.ByDepartment(cross, documents, options.HeldDepartmentBytes);
            var filing = GC.GetAllocatedBytesForCurrentThread();
            var others = DepartmentRun.FileCrossFindings(found, documents.Count, documents.FileAt, documents.SnippetsOf, (k, filed, snippets) =>
            {
                documents.Append(k, filed, snippets);
                tally.Filed(filed);
            }, jobs, parallel.CancellationToken);
            // Filing allocates as much again: the report starts from the step's heap, not from what filing grew it to.
            heap?.Check();
            StepCollections = heap?.Collections;
            var end = GC.GetAllocatedBytesForCurrentThread();
            (StepAllocatedBytes, FilingAllocatedBytes) = (end - allocated + cross.OtherThreadsAllocatedBytes + others, end - filing + others);
        }
        documents.Tally = tally;
        return new LintReport { RuleSet = linter.Rules.RuleSet, Documents = documents, Jobs = options.Jobs };
    }

    /// <summary>
    /// Whether a document may be where its department's cross-document findings are filed: a
    /// department-overall table, or the first document of its department seen so far (in input order;
    /// a later, earlier one only costs its text in the temporary file).
    /// </summary>
    private bool MayBeHome(Submission doc, int input, int document)
    {
        if (doc.Department is not { } name || string.IsNullOrWhiteSpace(name)) return false;
        if (doc.Kind == SubmissionKind.DepartmentOverall) return true;
        lock (_firstGate)
        {
            var first = _first ??= new Dictionary<string, FirstSeen>(StringComparer.Ordinal);
            var key = name.Trim();
            if (first.TryGetValue(key, out var seen))
            {
                if (seen.Input < input || (seen.Input == input && seen.Document <= document)) return false;
                (seen.Input, seen.Document) = (input, document);
                return true;
            }
            first.Add(key, new FirstSeen(input, document));
            return true;
        }
    }
}
