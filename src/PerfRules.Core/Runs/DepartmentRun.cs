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
    /// <summary>
    /// The cross-document rules (department and batch), one department at a time, each department's
    /// compact models read back from the spill: held while its rules run when they are small
    /// (<see cref="CheckOptions.HeldDepartmentBytes"/>), else read when asked for (<see cref="SpilledModels"/>;
    /// which are project tables and which department-overall tables is known without reading);
    /// the batch facts (small: names, 总计, place) of every document. Same findings in the same order
    /// as one evaluation over the whole run.
    /// </summary>
    public static List<Finding> ByDepartment(CompiledRuleSet rules, SpilledDocuments documents, long heldBytes) =>
        rules.CrossDocumentOf(Enumerable.Range(0, rules.RuleSet.Rules.Count).Where(i => rules.RuleSet.Rules[i].Severity != Severity.Off))
            .RunAll(documents.Count, documents.DepartmentAt, k => SubmissionCodec.Decode(documents.ModelAt(k)), (name, members) =>
            {
                long bytes = 0;
                foreach (var k in members) bytes += documents.ModelLengthAt(k);
                var all = new SpilledModels(documents, members, hold: bytes <= heldBytes);
                return new DepartmentDocs(name, all,
                    all.Where(members.Select(documents.IsProjectTableAt)), all.Where(members.Select(documents.IsOverallTableAt)));
            });

    /// <summary>Files each cross-document finding under the first document of its file name (the department's home table).</summary>
    public static void AddCrossFindings(IReadOnlyList<Finding> cross, int count, Func<int, string> fileOf, Func<int, SourceText?> sourceOf,
        Func<int, DocumentResult> documentAt, Action<int, DocumentResult> replace)
    {
        if (cross.Count == 0) return;
        var wanted = cross.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < count && firstOf.Count < wanted.Count; k++)
            if (wanted.Contains(fileOf(k))) firstOf.TryAdd(fileOf(k), k);
        foreach (var group in cross.GroupBy(f => f.File, StringComparer.Ordinal))
        {
            if (!firstOf.TryGetValue(group.Key, out var k)) continue;
            var d = documentAt(k);
            replace(k, new DocumentResult
            {
                File = d.File, InputPath = d.InputPath, Submission = d.Submission, ScopeMask = d.ScopeMask,
                Findings = d.Findings.Concat(group).ToList(),
                Snippets = Snippets.Of(group, sourceOf(k), new Dictionary<int, string>(d.Snippets)),
            });
        }
    }
}
