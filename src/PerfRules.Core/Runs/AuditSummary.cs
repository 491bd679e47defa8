using System.Runtime.InteropServices;
using PerfRules.Model;
using PerfRules.Rules;

namespace PerfRules.Runs;

/// <summary>
/// 汇总: what an audit prints first — totals, counts by department, by rule and by severity, the
/// worst documents, and every file that could not be read with its reason. Computed from a report;
/// orders are deterministic (counts descending, then input order or ordinal name).
/// </summary>
public sealed class AuditSummary
{
    /// <summary>The name used for documents whose header names no department.</summary>
    public const string UnknownDepartment = "（未识别部门）";
    public const int WorstCount = 10;
    /// <summary>Documents whose findings are read at once (<see cref="Of"/>).</summary>
    private const int ReadWindow = 64;

    public required int Files { get; init; }
    /// <summary>Files read as a known table.</summary>
    public required int Tables { get; init; }
    public required SeverityCounts Totals { get; init; }
    public required int DocumentsWithFindings { get; init; }
    public required IReadOnlyList<DepartmentSummary> ByDepartment { get; init; }
    public required IReadOnlyList<RuleSummary> ByRule { get; init; }
    public required IReadOnlyList<DocumentSummary> WorstDocuments { get; init; }
    public required IReadOnlyList<UnreadableFile> Unreadable { get; init; }

    /// <summary>
    /// One pass over the documents, each document's findings read once (a batch keeps them out of
    /// memory and reads them back): nothing is grouped or kept per document but the worst ones.
    /// </summary>
    public static AuditSummary Of(LintReport report)
    {
        var docs = report.Documents;
        // A batch's tally by rule, made as its findings were stored and filed: then no finding is read back here.
        var made = RuleTally.Of(docs);
        var rules = report.RuleSet.Rules;
        // Counts in classes and sorts by comparison: dictionaries of tuples and LINQ's sorts by int keys are generic code
        // over value types, JIT-compiled in every run (about 60 methods on the main thread between the checks and the report).
        var titles = new Dictionary<string, string>(rules.Count, StringComparer.Ordinal);
        var order = new Dictionary<string, int>(rules.Count, StringComparer.Ordinal);
        for (var r = 0; r < rules.Count; r++)
        {
            titles.Add(rules[r].Id, rules[r].Title);
            order.Add(rules[r].Id, r);
        }
        var depts = new Dictionary<string, DepartmentCount>(StringComparer.Ordinal);
        var tally = new Dictionary<string, RuleCount>(StringComparer.Ordinal);
        var worst = new List<DocumentSummary>(WorstCount + 1);
        var unreadable = new List<UnreadableFile>();
        int errors = 0, warnings = 0, infos = 0, withFindings = 0;
        var ids = titles.GetAlternateLookup<ReadOnlySpan<char>>();
        // Without a tally: a document's findings as the tally needs them (rule id, title, severity), read a window at a time.
        var window = made is null ? new FoundWindow(docs, Math.Min(docs.Count, ReadWindow), titles, ids, report.Jobs) : null;
        for (var k = 0; k < docs.Count; k++)
        {
            var d = docs[k];
            int e = 0, w = 0, i = 0;
            if (window is null) (e, w, i) = (d.Counts.Errors, d.Counts.Warnings, d.Counts.Infos);
            else
                foreach (var f in window.At(k))
                {
                    switch (f.Severity)
                    {
                        case Severity.Error: e++; break;
                        case Severity.Warning: w++; break;
                        case Severity.Info: i++; break;
                    }
                    if (!tally.TryGetValue(f.Id, out var t)) tally[f.Id] = t = new RuleCount(f.Title, f.Severity);
                    if (f.Severity > t.Severity) t.Severity = f.Severity;
                    t.Findings++;
                    if (t.LastDoc != k) t.Documents++;
                    t.LastDoc = k;
                }
            errors += e; warnings += w; infos += i;
            if (d.Findings.Count > 0) withFindings++;
            var dept = DepartmentOf(d);
            if (!depts.TryGetValue(dept, out var c)) depts[dept] = c = new DepartmentCount();
            c.Documents++; c.Errors += e; c.Warnings += w; c.Infos += i;
            if (d.Submission.Kind == SubmissionKind.Unknown) unreadable.Add(new UnreadableFile(d.File, ReasonOf(d)));

            // The worst documents: most errors, then warnings, then infos, then input order.
            var counts = new SeverityCounts(e, w, i);
            if (counts.Total == 0 || (worst.Count == WorstCount && !Worse(counts, worst[^1].Counts))) continue;
            var at = worst.Count;
            while (at > 0 && Worse(counts, worst[at - 1].Counts)) at--;
            worst.Insert(at, new DocumentSummary(d.File, dept, KindName(d.Submission.Kind), counts));
            if (worst.Count > WorstCount) worst.RemoveAt(WorstCount);
        }
        window?.Clear();
        made?.AddTo(tally, ids);

        // Both orders are total (the last key is unique), so a sort by comparison gives LINQ's stable order.
        var byDept = new List<DepartmentSummary>(depts.Count);
        foreach (var (name, c) in depts) byDept.Add(new DepartmentSummary(name, c.Documents, new SeverityCounts(c.Errors, c.Warnings, c.Infos)));
        byDept.Sort((a, b) =>
            a.Counts.Errors != b.Counts.Errors ? b.Counts.Errors.CompareTo(a.Counts.Errors)
            : a.Counts.Warnings != b.Counts.Warnings ? b.Counts.Warnings.CompareTo(a.Counts.Warnings)
            : a.Counts.Infos != b.Counts.Infos ? b.Counts.Infos.CompareTo(a.Counts.Infos)
            : string.CompareOrdinal(a.Department, b.Department));
        var byRule = new List<RuleSummary>(tally.Count);
        foreach (var (id, t) in tally) byRule.Add(new RuleSummary(id, t.Title, t.Severity, t.Findings, t.Documents));
        int Place(string id) => order.TryGetValue(id, out var i) ? i : int.MaxValue;
        byRule.Sort((a, b) =>
            a.Severity != b.Severity ? ((int)b.Severity).CompareTo((int)a.Severity)
            : a.Findings != b.Findings ? b.Findings.CompareTo(a.Findings)
            : Place(a.RuleId) != Place(b.RuleId) ? Place(a.RuleId).CompareTo(Place(b.RuleId))
            : string.CompareOrdinal(a.RuleId, b.RuleId));

        return new AuditSummary
        {
            Files = docs.Count,
            Tables = docs.Count - unreadable.Count,
            Totals = new SeverityCounts(errors, warnings, infos),
            DocumentsWithFindings = withFindings,
            ByDepartment = byDept,
            ByRule = byRule,
            WorstDocuments = worst,
            Unreadable = unreadable,
        };
    }

    private sealed class DepartmentCount
    {
        public int Documents, Errors, Warnings, Infos;
    }

    /// <summary>A rule's line of the summary as it is counted (<see cref="RuleTally.AddTo"/> fills it for a batch).</summary>
    internal sealed class RuleCount(string title, Severity severity)
    {
        public string Title = title;
        public Severity Severity = severity;
        public int Findings, Documents;
        // The last document counted (-1: none, or counted by a batch's tally).
        public int LastDoc = -1;
    }

    /// <summary>A finding as the summary counts it (a struct: none is allocated; this path is taken only without a tally).</summary>
    private readonly record struct Found(string Id, string Title, Severity Severity);

    /// <summary>
    /// Documents' findings read for the summary when no tally was made, a window of documents at a time: a spilled
    /// batch reads them from each record in place (no finding is made: decoding every finding cost as much as rendering
    /// a report), on every core; the summary then counts them in input order.
    /// </summary>
    private sealed class FoundWindow(IReadOnlyList<DocumentResult> docs, int size, Dictionary<string, string> titles,
        Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ids, int jobs)
    {
        private readonly List<Found>[] _found = NewLists(size);
        private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = jobs > 0 ? jobs : -1 };

        private static List<Found>[] NewLists(int size)
        {
            var lists = new List<Found>[size];
            for (var j = 0; j < size; j++) lists[j] = new();
            return lists;
        }

        /// <summary>Document <paramref name="k"/>'s findings (asked in input order; a window is read at its first document).</summary>
        public List<Found> At(int k)
        {
            if (k % _found.Length == 0)
            {
                var first = k;
                Parallel.For(0, Math.Min(_found.Length, docs.Count - first), _parallel, j =>
                {
                    var doc = docs[first + j];
                    var found = _found[j];
                    found.Clear();
                    if (doc.Findings.Count == 0) return;
                    if (doc.Findings is SpilledFindings spilled)
                        spilled.Tally((id, severity, title) => found.Add(ids.TryGetValue(id, out var known, out var ruleTitle)
                            ? new Found(known, ruleTitle, severity) : new Found(id.ToString(), title.ToString(), severity)));
                    else
                        foreach (var f in doc.Findings)
                            found.Add(new Found(f.RuleId, titles.TryGetValue(f.RuleId, out var title) ? title : f.Title, f.Severity));
                });
            }
            return _found[k % _found.Length];
        }

        public void Clear()
        {
            foreach (var found in _found) found.Clear();
        }
    }

    // Strictly worse: a document equal to one already listed comes after it (input order).
    private static bool Worse(SeverityCounts a, SeverityCounts b) =>
        a.Errors != b.Errors ? a.Errors > b.Errors : a.Warnings != b.Warnings ? a.Warnings > b.Warnings : a.Infos > b.Infos;

    public static string DepartmentOf(DocumentResult d) =>
        string.IsNullOrWhiteSpace(d.Submission.Department) ? UnknownDepartment : d.Submission.Department.Trim();

    /// <summary>表的种类, in Chinese.</summary>
    public static string KindName(SubmissionKind kind) => kind switch
    {
        SubmissionKind.ProjectTargets => "项目支出绩效目标表",
        SubmissionKind.DepartmentOverall => "部门整体预算绩效目标申报表",
        _ => "无法识别",
    };

    private static string ReasonOf(DocumentResult d)
    {
        var diag = d.Submission.Diagnostics.FirstOrDefault(x => x.RuleId == "PR001")
                   ?? d.Submission.Diagnostics.FirstOrDefault();
        return diag?.Message ?? "无法识别的文档";
    }
}

/// <summary>
/// What the audit summary counts by rule for a batch's documents (findings, documents, highest severity, title), made
/// as each document's findings are stored and as cross-document findings are filed, while they are in memory: the
/// summary then reads no finding back (it read every record of the spill once more before the report read them).
/// Kept by the very list of documents it was made for (<see cref="SpilledDocuments.Tally"/>): a report filtered by a
/// baseline or by severity is another list, and is tallied from its findings.
/// </summary>
internal sealed class RuleTally
{
    // A class (a rule's, a few dozen a run): a dictionary of a struct is generic code over a value type, JIT-compiled
    // in every run (ReadyToRun cannot hold it), and it is called for every document.
    private sealed class Entry
    {
        public int Findings, Documents;
        public Severity Severity;
        // The first finding's title (in the run's order): the summary's title for a rule outside the rule set.
        public string Title = "";
        public long First;
        public int LastCall;
    }

    private readonly Dictionary<string, Entry> _rules = new(StringComparer.Ordinal);
    // Department and batch rules: their findings are only filed, the others' only stored with their document. A
    // document's rule is counted once per call, so were a rule in both, the tally would not hold (the summary reads instead).
    private readonly HashSet<string> _filedRules;
    private int _calls;
    private bool _mixed;

    public RuleTally(RuleSet rules) =>
        _filedRules = rules.Rules.Where(r => r.Scope is RuleScope.Department or RuleScope.Batch).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>A document's own findings (from any thread); <paramref name="order"/>: its place in the run's order.</summary>
    public void Stored(IReadOnlyList<Finding> findings, long order) => Add(findings, order, filed: false);

    /// <summary>The cross-document findings filed under one document (from any thread).</summary>
    public void Filed(IReadOnlyList<Finding> findings) => Add(findings, long.MaxValue, filed: true);

    private void Add(IReadOnlyList<Finding> findings, long order, bool filed)
    {
        if (findings.Count == 0) return;
        lock (_rules)
        {
            var call = ++_calls;
            foreach (var f in findings)
            {
                if (_filedRules.Contains(f.RuleId) != filed) _mixed = true;
                if (!_rules.TryGetValue(f.RuleId, out var e)) _rules[f.RuleId] = e = new Entry { Title = f.Title, Severity = f.Severity, First = order };
                else if (e.LastCall != call && order < e.First) (e.Title, e.First) = (f.Title, order);
                if (f.Severity > e.Severity) e.Severity = f.Severity;
                e.Findings++;
                if (e.LastCall != call) e.Documents++;
                e.LastCall = call;
            }
        }
    }

    /// <summary>The tally made for exactly this list of documents, if any (and if it holds).</summary>
    public static RuleTally? Of(IReadOnlyList<DocumentResult> documents) =>
        documents is SpilledDocuments { Tally: { _mixed: false } made } ? made : null;

    /// <summary>Into the summary's tally by rule id: a rule of the set under its own title, another under its first finding's.</summary>
    public void AddTo(Dictionary<string, AuditSummary.RuleCount> tally, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> titles)
    {
        lock (_rules)
            foreach (var (id, e) in _rules)
                tally[id] = new AuditSummary.RuleCount(titles.TryGetValue(id, out _, out var title) ? title : e.Title, e.Severity)
                    { Findings = e.Findings, Documents = e.Documents };
    }
}
