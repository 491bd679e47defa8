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
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = report.Jobs > 0 ? report.Jobs : -1 };
        var titles = report.RuleSet.Rules.ToDictionary(r => r.Id, r => r.Title);
        var order = report.RuleSet.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var depts = new Dictionary<string, (int Documents, int Errors, int Warnings, int Infos)>(StringComparer.Ordinal);
        var tally = new Dictionary<string, (string Title, Severity Severity, int Findings, int Documents, int LastDoc)>(StringComparer.Ordinal);
        var worst = new List<DocumentSummary>(WorstCount + 1);
        var unreadable = new List<UnreadableFile>();
        int errors = 0, warnings = 0, infos = 0, withFindings = 0;
        // A document's findings as the tally needs them: rule id, title, severity. A spilled batch reads them from
        // each record in place (no finding is made: decoding every finding cost as much as rendering a report),
        // on every core, a window of documents at a time, and the tally is made in input order as before.
        var ids = titles.GetAlternateLookup<ReadOnlySpan<char>>();
        var window = new (DocumentResult Doc, List<(string Id, string Title, Severity Severity)> Found)[Math.Min(docs.Count, ReadWindow)];
        for (var j = 0; j < window.Length; j++) window[j].Found = new();
        for (var k = 0; k < docs.Count; k++)
        {
            if (made is null && k % window.Length == 0)
            {
                var first = k;
                Parallel.For(0, Math.Min(window.Length, docs.Count - first), parallel, j =>
                {
                    var doc = docs[first + j];
                    var found = window[j].Found;
                    found.Clear();
                    window[j].Doc = doc;
                    if (doc.Findings.Count == 0) return;
                    if (doc.Findings is SpilledFindings spilled)
                        spilled.Tally((id, severity, title) => found.Add(ids.TryGetValue(id, out var known, out var ruleTitle)
                            ? (known, ruleTitle, severity) : (id.ToString(), title.ToString(), severity)));
                    else
                        foreach (var f in doc.Findings)
                            found.Add((f.RuleId, titles.TryGetValue(f.RuleId, out var title) ? title : f.Title, f.Severity));
                });
            }
            var (d, found) = made is null ? window[k % window.Length] : (docs[k], Empty);
            int e = 0, w = 0, i = 0;
            if (made is not null) (e, w, i) = (d.Counts.Errors, d.Counts.Warnings, d.Counts.Infos);
            foreach (var f in found)
            {
                switch (f.Severity)
                {
                    case Severity.Error: e++; break;
                    case Severity.Warning: w++; break;
                    case Severity.Info: i++; break;
                }
                if (!tally.TryGetValue(f.Id, out var t))
                    t = (f.Title, f.Severity, 0, 0, -1);
                tally[f.Id] = (t.Title, f.Severity > t.Severity ? f.Severity : t.Severity, t.Findings + 1,
                    t.LastDoc == k ? t.Documents : t.Documents + 1, k);
            }
            errors += e; warnings += w; infos += i;
            if (d.Findings.Count > 0) withFindings++;
            var dept = DepartmentOf(d);
            var c = depts.TryGetValue(dept, out var x) ? x : default;
            depts[dept] = (c.Documents + 1, c.Errors + e, c.Warnings + w, c.Infos + i);
            if (d.Submission.Kind == SubmissionKind.Unknown) unreadable.Add(new UnreadableFile(d.File, ReasonOf(d)));

            // The worst documents: most errors, then warnings, then infos, then input order.
            var counts = new SeverityCounts(e, w, i);
            if (counts.Total == 0 || (worst.Count == WorstCount && !Worse(counts, worst[^1].Counts))) continue;
            var at = worst.Count;
            while (at > 0 && Worse(counts, worst[at - 1].Counts)) at--;
            worst.Insert(at, new DocumentSummary(d.File, dept, KindName(d.Submission.Kind), counts));
            if (worst.Count > WorstCount) worst.RemoveAt(WorstCount);
        }
        Array.Clear(window);
        made?.AddTo(tally, ids);

        var byDept = depts
            .Select(g => new DepartmentSummary(g.Key, g.Value.Documents, new SeverityCounts(g.Value.Errors, g.Value.Warnings, g.Value.Infos)))
            .OrderByDescending(d => d.Counts.Errors).ThenByDescending(d => d.Counts.Warnings).ThenByDescending(d => d.Counts.Infos)
            .ThenBy(d => d.Department, StringComparer.Ordinal)
            .ToList();
        var byRule = tally
            .Select(x => new RuleSummary(x.Key, x.Value.Title, x.Value.Severity, x.Value.Findings, x.Value.Documents))
            .OrderByDescending(r => r.Severity).ThenByDescending(r => r.Findings)
            .ThenBy(r => order.TryGetValue(r.RuleId, out var i) ? i : int.MaxValue).ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ToList();

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

    private static readonly List<(string Id, string Title, Severity Severity)> Empty = new();

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
    public void AddTo(Dictionary<string, (string Title, Severity Severity, int Findings, int Documents, int LastDoc)> tally,
        Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> titles)
    {
        lock (_rules)
            foreach (var (id, e) in _rules)
                tally[id] = (titles.TryGetValue(id, out _, out var title) ? title : e.Title, e.Severity, e.Findings, e.Documents, -1);
    }
}
