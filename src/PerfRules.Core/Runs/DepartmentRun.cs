using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Runs;

/// <summary>
/// The cross-document step of a run: the department rules over the documents grouped by 部门名称,
/// and their findings filed under each department's home document (its first department-overall
/// table, else its first document), quoting lines from the text that document was read from.
/// </summary>
internal static class DepartmentRun
{
    /// <summary>
    /// The department rules one department at a time, each department's compact models read back from
    /// the spill: held while the rules run when they are small (<see cref="CheckOptions.HeldDepartmentBytes"/>), else read
    /// when a rule asks for one (<see cref="SpilledModels"/>), so a department of thousands of tables
    /// does not make memory grow with the run. Same findings in the same order as one evaluation over
    /// the whole run: departments come in order of first appearance either way, and fingerprints
    /// (which carry the department) cannot collide across them.
    /// </summary>
    public static List<Finding> ByDepartment(CompiledRuleSet rules, SpilledDocuments documents, long heldBytes)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<(string Name, List<int> Members)>();
        for (var k = 0; k < documents.Count; k++)
        {
            if (documents.DepartmentAt(k) is not { } name || string.IsNullOrWhiteSpace(name)) continue;
            if (!groups.TryGetValue(name.Trim(), out var members))
            {
                groups[name.Trim()] = members = new List<int>();
                order.Add((name.Trim(), members));
            }
            members.Add(k);
        }
        var found = new List<Finding>();
        foreach (var (name, members) in order)
        {
            long bytes = 0;
            foreach (var k in members) bytes += documents.ModelLengthAt(k);
            var all = new SpilledModels(documents, members.ToArray(), hold: bytes <= heldBytes);
            var department = new DepartmentDocs(name, all,
                all.Where(members.Select(documents.IsProjectTableAt)), all.Where(members.Select(documents.IsOverallTableAt)));
            found.AddRange(rules.EvaluateDepartment(department));
        }
        return found;
    }

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
