using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Runs;

/// <summary>
/// The cross-document step of a run: the department rules over the documents grouped by 部门名称,
/// and their findings filed under each department's home document (its first department-overall
/// table, else its first document), quoting lines from the text that document was read from.
/// </summary>
internal static class DepartmentRun
{
    /// <summary>The cross-document step of a batch over its rules in force; its batch facts and findings go to <paramref name="spill"/> as they are made.</summary>
    public static CrossDocumentRun Start(CompiledRuleSet rules, ResultSpill spill)
    {
        var inForce = new List<int>(rules.RuleSet.Rules.Count);
        for (var i = 0; i < rules.RuleSet.Rules.Count; i++)
            if (rules.RuleSet.Rules[i].Severity != Severity.Off) inForce.Add(i);
        var run = rules.CrossDocumentOf(inForce);
        run.BatchFindingStore = new SpilledBatchFindings(spill);
        run.BatchFactStore = new SpilledBatchFacts(spill);
        return run;
    }

    /// <summary>
    /// The department rules, one department at a time, each department's compact models read back from the
    /// spill: held while its rules run when they are small (<see cref="CheckOptions.HeldDepartmentBytes"/>), else
    /// read when asked for (<see cref="SpilledModels"/>; which are project tables and which department-overall
    /// tables is known without reading); then the batch rules over the facts the workers added. Departments and batch
    /// slices are evaluated <see cref="CrossDocumentRun.Parallelism"/> at a time. Same findings in the same order as one
    /// evaluation over the whole run.
    /// </summary>
    public static CrossDocumentFindings ByDepartment(CrossDocumentRun run, SpilledDocuments documents, long heldBytes) =>
        run.RunFound(documents.Count, documents.DepartmentAt, (name, members) =>
        {
            long bytes = 0;
            foreach (var k in members) bytes += documents.ModelLengthAt(k);
            var all = new SpilledModels(documents, members, hold: bytes <= heldBytes);
            return new DepartmentDocs(name, all,
                all.Where(documents.IsProjectTableAt), all.Where(documents.IsOverallTableAt));
        });

    /// <summary>Files each cross-document finding under the first document of its file name (the department's home table).</summary>
    public static void AddCrossFindings(IReadOnlyList<Finding> cross, int count, Func<int, string> fileOf, Func<int, SourceText?> sourceOf,
        Func<int, DocumentResult> documentAt, Action<int, DocumentResult> replace)
    {
        if (cross.Count == 0) return;
        var firstOf = FirstOf(cross.Select(f => f.File).ToHashSet(StringComparer.Ordinal), count, fileOf);
        foreach (var group in cross.GroupBy(f => f.File, StringComparer.Ordinal))
            if (firstOf.TryGetValue(group.Key, out var k))
            {
                var added = group.ToList();
                replace(k, With(documentAt(k), added, Snippets.Of(added, sourceOf(k))));
            }
    }

    /// <summary>
    /// The same for a batch run, one document at a time: the batch findings are read back for the document they are
    /// filed under, numbered (repeated fingerprints) there and given to <paramref name="file"/> with the lines they
    /// quote (the document's own findings are not read), so no more than one document's findings are held. Same
    /// findings, order and fingerprints as <see cref="AddCrossFindings"/> over <see cref="CrossDocumentRun.Finish"/>:
    /// a fingerprint holds its file, so its repeats are all filed together. Documents are independent, so up to
    /// <paramref name="workers"/> are filed at once (<paramref name="snippetsOf"/> and <paramref name="file"/> are then
    /// called from several threads, each document once). Returns the bytes allocated on threads other than the caller's.
    /// </summary>
    public static long FileCrossFindings(CrossDocumentFindings found, int count, Func<int, string> fileOf,
        Func<int, List<Finding>, Dictionary<int, string>> snippetsOf, Action<int, List<Finding>, Dictionary<int, string>> file,
        int workers = 1, CancellationToken cancel = default)
    {
        if (found.Department.Count == 0 && found.Batch.Count == 0) return 0;
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in found.Department) wanted.Add(f.File);
        foreach (var r in found.Batch) wanted.Add(found.FileOf(r));
        var firstOf = FirstOf(wanted, count, fileOf);
        var department = new Dictionary<int, List<Finding>>();
        foreach (var f in found.Department)
            if (firstOf.TryGetValue(f.File, out var k))
            {
                if (!department.TryGetValue(k, out var list)) department[k] = list = new List<Finding>();
                list.Add(f);
            }
        // The batch findings grouped by the document they are filed under, each group in the run's order: counted by
        // document, then placed (a sort of (document, position) pairs gave the same, in generic code over longs that
        // ReadyToRun cannot hold: JIT-compiled in every run, and the sort first run in its slow first tier).
        var under = new int[found.Batch.Count];
        var perDocument = new int[count];
        for (var i = 0; i < under.Length; i++)
            if (firstOf.TryGetValue(found.FileOf(found.Batch[i]), out var k)) perDocument[under[i] = k]++;
            else under[i] = -1;
        foreach (var k in department.Keys) perDocument[k] |= int.MinValue; // a target with no batch finding: marked, counted as none
        var targetCount = 0;
        foreach (var c in perDocument)
            if (c != 0) targetCount++;
        var targets = new int[targetCount];
        // Where each document's batch findings start in the placed list (they end where the next document's start).
        var starts = new int[targetCount + 1];
        var next = new int[count];
        var placed = 0;
        for (int k = 0, t = 0; k < count; k++)
        {
            if (perDocument[k] == 0) continue;
            targets[t] = k;
            starts[t++] = next[k] = placed;
            placed += perDocument[k] & int.MaxValue;
        }
        starts[targetCount] = placed;
        var batch = new int[placed];
        for (var i = 0; i < under.Length; i++)
            if (under[i] >= 0) batch[next[under[i]]++] = i;
        return ParallelWork.For(targets.Length, workers, cancel, t =>
        {
            var k = targets[t];
            var group = department.TryGetValue(k, out var held) ? held : new List<Finding>(starts[t + 1] - starts[t]);
            var own = group.Count;
            // Read as filing needs them (a spill decodes only rule, spans and fingerprint: the record refers to the rest)
            // unless the spill's table of what was read could forget some before they are filed; all of them again,
            // whole, when a fingerprint repeats (renumbered, they are written in full).
            var toFile = starts[t + 1] - starts[t] <= ResultSpill.MaxReadBack / 2;
            for (var b = starts[t]; b < starts[t + 1]; b++)
            {
                var r = found.Batch[batch[b]];
                group.Add(toFile ? found.ReadToFile(r) : found.Read(r));
            }
            if (FindingOrder.HasRepeat(group))
            {
                if (toFile)
                    for (var b = starts[t]; b < starts[t + 1]; b++) group[own + b - starts[t]] = found.Read(found.Batch[batch[b]]);
                group = FindingOrder.NumberRepeats(group);
            }
            file(k, group, snippetsOf(k, group));
        });
    }

    /// <summary>Document <paramref name="d"/> with cross-document findings added after its own, and the lines they quote that it lacks.</summary>
    public static DocumentResult With(DocumentResult d, IReadOnlyList<Finding> added, IReadOnlyDictionary<int, string> lines)
    {
        var snippets = new Dictionary<int, string>(d.Snippets);
        foreach (var (line, text) in lines) snippets.TryAdd(line, text);
        return new DocumentResult
        {
            File = d.File, InputPath = d.InputPath, Submission = d.Submission, ScopeMask = d.ScopeMask,
            Findings = d.Findings.Concat(added).ToList(), Snippets = snippets,
        };
    }

    private static Dictionary<string, int> FirstOf(HashSet<string> wanted, int count, Func<int, string> fileOf)
    {
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < count && firstOf.Count < wanted.Count; k++)
            if (wanted.Contains(fileOf(k))) firstOf.TryAdd(fileOf(k), k);
        return firstOf;
    }
}
