using PerfRules.Model;

namespace PerfRules.Rules.Runtime.CrossDocument;

/// <summary>
/// The cross-document step of one run: what an <see cref="ICrossDocumentEngine"/> is given and calls
/// back. The run feeds it one department at a time (<see cref="AddDepartment"/>) and each document's
/// batch facts (<see cref="AddFacts"/>); the engine decides which departments and key groups a rule
/// is evaluated on; every evaluation (with the rule's time and allocation guard) and every finding is
/// made here, so that engines differ only in how they match. A batch run evaluates its departments and batch slices
/// on up to <see cref="Parallelism"/> threads at once (<see cref="RunFound"/>): they share nothing but the stores.
/// </summary>
public sealed class CrossDocumentRun
{
    private readonly CompiledRuleSet _set;
    private readonly ICrossDocumentEngine _engine;
    private readonly CancellationToken _cancel;
    // Department findings, department by department, each department's in its own order.
    private readonly List<Finding> _departmentFindings = new();
    private int _departmentOrdinal;
    // The department being evaluated on this thread (an engine calls Department back on the thread it was given it on).
    [ThreadStatic] private static DepartmentScope? _department;
    private IBatchFactStore _items = new BatchFacts();
    // The batch findings are kept by the store as they are made (a batch's spill): only their references here.
    private BatchFindingRefs _batchFindings = new();
    private readonly object _refsGate = new();
    // The files the batch findings' references name, each string once: a slice makes its own strings, so without this
    // the references kept a copy of a document's file for each slice it had findings in (about 0.8 KB a document at 10,000 copies).
    private Dictionary<string, string> _refFiles = new(StringComparer.Ordinal);
    private IBatchFindingStore _store = new HeldBatchFindings();
    private static readonly Submission Nowhere = new();

    /// <summary>The indexes (in the rule set) of the department rules this run evaluates.</summary>
    public IReadOnlyList<int> DepartmentRules { get; }
    /// <summary>The indexes of the batch rules this run evaluates.</summary>
    public IReadOnlyList<int> BatchRules { get; }

    internal CrossDocumentRun(CompiledRuleSet set, IEnumerable<int> rules, CancellationToken cancellation)
    {
        _set = set;
        _engine = set.Options.CrossDocument ?? ReferenceCrossDocumentEngine.Instance;
        _cancel = cancellation;
        // Loops, not LINQ over ints: generic code over a value type is JIT-compiled in every run (the step's fixed cost).
        var department = new List<int>();
        var batch = new List<int>();
        foreach (var i in rules)
        {
            var scope = set.RuleSet.Rules[i].Scope;
            if (scope == RuleScope.Department) department.Add(i);
            else if (scope == RuleScope.Batch) batch.Add(i);
        }
        DepartmentRules = department;
        BatchRules = batch;
    }

    /// <summary>How many documents the run has: known once it starts (<see cref="Run"/>, <see cref="RunFound"/>), 0 before.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>The rule set the rules are from (engines cache what they build per set).</summary>
    public RuleSet RuleSet => _set.RuleSet;

    /// <summary>The rule at an index of the set.</summary>
    public Rule Rule(int index) => _set.RuleSet.Rules[index];

    /// <summary>The engine in use.</summary>
    public string EngineName => _engine.Name;

    /// <summary>Where the batch findings go as they are made (before any is made); in memory unless set.</summary>
    internal IBatchFindingStore BatchFindingStore { set => _store = value; }

    /// <summary>Where the batch facts wait for their rules (before any is added); in memory unless set.</summary>
    internal IBatchFactStore BatchFactStore { set => _items = value; }

    /// <summary>How many departments and batch slices are evaluated at once (<see cref="RunFound"/>, <see cref="FinishFound"/>); 1: in order, on the calling thread.</summary>
    internal int Parallelism { get; set; } = 1;

    /// <summary>Checked after each batch slice: a batch run's step keeps its committed memory near its start (null: not checked).</summary>
    internal StepHeap? Heap { get; set; }

    /// <summary>The bytes the step allocated on threads other than the calling one (allocation guards add them to the caller's count).</summary>
    internal long OtherThreadsAllocatedBytes { get; private set; }

    // ---- what the run feeds in ------------------------------------------------------------------

    /// <summary>
    /// One department's documents, in run order (all with the same 部门名称): its department rules run
    /// now. The engine is given handles (position and 部门名称), never the models: a department whose
    /// models are read back as a rule asks for them (a spilled batch) stays so, whatever the engine.
    /// </summary>
    internal void AddDepartment(DepartmentDocs department)
    {
        if (DepartmentRules.Count == 0 || department.Documents.Count == 0) return;
        _departmentFindings.AddRange(DepartmentFindings(department, _departmentOrdinal++));
    }

    /// <summary>A department's findings, in order: its department rules evaluated on this thread (any thread).</summary>
    private List<Finding> DepartmentFindings(DepartmentDocs department, int ordinal)
    {
        var count = department.Documents.Count;
        _cancel.ThrowIfCancellationRequested();
        var handles = new DocumentFact[count];
        for (var k = 0; k < count; k++) handles[k] = new DocumentFact(k, department.Name);
        var scope = new DepartmentScope(this, department, ordinal);
        var outer = _department;
        _department = scope;
        try { _engine.RunDepartment(this, handles); }
        finally { _department = outer; }
        _set.Yield?.Apply(scope.Found);
        return FindingOrder.Ordered(scope.Found, sortByPosition: false);
    }

    private sealed class DepartmentScope(CrossDocumentRun run, DepartmentDocs documents, int ordinal)
    {
        public CrossDocumentRun Run { get; } = run;
        public DepartmentDocs Documents { get; } = documents;
        public int Ordinal { get; } = ordinal;
        public FoundFindings Found { get; } = new();
    }

    /// <summary>
    /// The batch facts of one document: each batch rule's objects that its match.where keeps, with their keys.
    /// Thread-safe (a batch's workers add each document's facts as they read it).
    /// </summary>
    internal void AddFacts(int document, Submission doc)
    {
        if (BatchRules.Count == 0) return;
        var facts = new List<BatchItem>();
        List<RuleTarget>?[]? walked = null;
        foreach (var i in BatchRules)
        {
            var rule = Rule(i);
            var each = rule.Match!.Each;
            walked ??= new List<RuleTarget>?[CompiledRuleSet.ScopeCount];
            var targets = walked[(int)each] ??= TargetWalker.Targets(doc, each);
            if (targets.Count == 0) continue;
            _cancel.ThrowIfCancellationRequested();
            using var guard = RunGuard.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancel);
            foreach (var t in targets)
            {
                object? key;
                try { key = _set.Program(i).Key(t, _set.RuleSet.Codes, _set.Params[i]); }
                catch (OperationCanceledException) { throw; }
                catch (Exception e)
                {
                    var item = ItemOf(t, each, "", i, document);
                    Keep(Failure(rule, item, e), i, item);
                    if (e is RuleLimitExceededException) break;
                    continue;
                }
                if (key is not null) facts.Add(ItemOf(t, each, key, i, document));
            }
        }
        _items.AddRange(facts);
    }

    /// <summary>
    /// The batch rules over every fact added, in slices of about <see cref="RuleEngineOptions.CrossDocumentSliceSize"/>
    /// facts split by a hash of the key (so a group is never split); then every finding of the run in order:
    /// department findings by department, then batch findings by document and position.
    /// </summary>
    internal List<Finding> Finish()
    {
        var found = FinishFound();
        var all = new FoundFindings();
        foreach (var f in found.Department) all.Add(f, 0, all.Count);
        foreach (var r in found.Batch) all.Add(found.Read(r), r.Rule, all.Count);
        // Ordinals are the order made here: Ordered only numbers repeated fingerprints.
        return FindingOrder.Ordered(all, sortByPosition: false);
    }

    /// <summary>
    /// The same as <see cref="Finish"/> before the findings are read and their fingerprints numbered: a batch
    /// run files them document by document (<c>DepartmentRun.FileCrossFindings</c>). Equal fingerprints are
    /// always of one file (the file is part of them), so numbering them per file is numbering them in the run.
    /// </summary>
    internal CrossDocumentFindings FinishFound() => Evaluate(new List<List<int>>(), _ => null, null);

    /// <summary>
    /// A batch run's whole step once its workers have added the facts (<see cref="AddFacts"/>, <see cref="Renumber"/>):
    /// the department rules over the departments grouped by 部门名称 (as <see cref="Run"/> groups them, each given by
    /// <paramref name="departmentDocs"/>), then the batch rules, as <see cref="FinishFound"/>. Departments and slices are
    /// independent (a department's findings are its own, a key's facts are in one slice), so up to <see cref="Parallelism"/>
    /// of them are evaluated at once; the findings are the same, in the same order, as evaluated one after the other.
    /// </summary>
    internal CrossDocumentFindings RunFound(int count, Func<int, string?> departmentOf, Func<string, int[], DepartmentDocs> departmentDocs)
    {
        DocumentCount = count;
        return Evaluate(DepartmentRules.Count > 0 ? Departments(count, departmentOf, loose: null) : new List<List<int>>(), departmentOf, departmentDocs);
    }

    private CrossDocumentFindings Evaluate(List<List<int>> departments, Func<int, string?> departmentOf, Func<string, int[], DepartmentDocs>? departmentDocs)
    {
        var size = Math.Max(1, _set.Options.CrossDocumentSliceSize);
        var slices = _items.Count > 0 ? _items.SliceCount(size) : 0;
        var found = new List<Finding>[departments.Count];
        // The largest departments first, the slices (of about one size) after them: the threads finish nearly together.
        var order = LargestFirst(departments);
        var first = _departmentOrdinal;
        var parallel = Parallelism > 1;
        // One slice's BatchItems at a time on each thread: the facts stay compact (or in the spill) until their session.
        OtherThreadsAllocatedBytes += ParallelWork.For(order.Length + slices, Parallelism, _cancel, k =>
        {
            var piece = Piece(k, order.Length, slices, parallel);
            if (piece < 0)
            {
                _engine.RunBatch(this, _items.Slice(~piece, slices));
                Heap?.Check();
                return;
            }
            var members = departments[order[piece]];
            found[order[piece]] = DepartmentFindings(departmentDocs!(departmentOf(members[0])!.Trim(), members.ToArray()), first + order[piece]);
        });
        foreach (var f in found) _departmentFindings.AddRange(f);
        _departmentOrdinal += found.Length;
        if (slices > 0) _items.Clear();
        // (document, position, rule, object) is unique: one finding per rule per object, so the unstable sort is deterministic.
        var batch = _batchFindings;
        _batchFindings = new BatchFindingRefs();
        _refFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        batch.Sort(BatchFindingRef.Order);
        return new CrossDocumentFindings(_departmentFindings, batch, _store, Rule);
    }

    /// <summary>
    /// Piece <paramref name="k"/> of the step: a department's place in <see cref="LargestFirst"/>'s order (0 or more), or the
    /// complement of a batch slice's number (<c>~slice</c>). Departments first, then slices; but on several threads the first
    /// slice is the second piece, so that the second thread builds the batch rules' network and runs their first session
    /// (NRules' first use of its generic code) while the first builds the department rules' and runs theirs, instead of
    /// waiting for that network to take a department of its own (both networks are built once a run either way).
    /// </summary>
    internal static int Piece(int k, int departments, int slices, bool parallel)
    {
        if (parallel && departments > 0 && slices > 0)
            return k == 0 ? 0 : k == 1 ? ~0 : k <= departments ? k - 1 : ~(k - departments);
        return k < departments ? k : ~(k - departments);
    }

    /// <summary>
    /// The departments' indexes, the largest first, departments of one size in their order: a counting sort (the same
    /// order as a stable sort by size, descending, without LINQ's sort over ints, which is JIT-compiled in every run).
    /// </summary>
    internal static int[] LargestFirst(List<List<int>> departments)
    {
        var largest = 0;
        foreach (var d in departments) largest = Math.Max(largest, d.Count);
        // starts[c]: where the departments of size largest − c begin.
        var starts = new int[largest + 2];
        foreach (var d in departments) starts[largest - d.Count + 1]++;
        for (var c = 1; c < starts.Length; c++) starts[c] += starts[c - 1];
        var order = new int[departments.Count];
        for (var k = 0; k < departments.Count; k++) order[starts[largest - departments[k].Count]++] = k;
        return order;
    }

    /// <summary>
    /// The whole step over a run of <paramref name="count"/> documents: departments grouped by 部门名称
    /// (in order of first appearance), each department's models asked for once (<paramref name="modelOf"/>
    /// may decode them from a temporary file: only one department is held at a time), then the batch facts.
    /// A run that keeps its models elsewhere (a batch's spill) gives each department through
    /// <paramref name="departmentOf"/>'s members as a <see cref="DepartmentDocs"/> that reads as it goes.
    /// </summary>
    internal List<Finding> RunAll(int count, Func<int, string?> departmentOf, Func<int, Submission> modelOf,
        Func<string, int[], DepartmentDocs>? departmentDocs = null)
    {
        Run(count, departmentOf, modelOf, departmentDocs, facts: true);
        return Finish();
    }

    /// <summary>
    /// <see cref="RunAll"/> without <see cref="Finish"/>; without <paramref name="facts"/> the batch facts were
    /// added already (by a batch's workers, from the model each held: <see cref="AddFacts"/>, then <see cref="Renumber"/>),
    /// so only the department rules read models here, and only those they ask for.
    /// </summary>
    internal void Run(int count, Func<int, string?> departmentOf, Func<int, Submission> modelOf,
        Func<string, int[], DepartmentDocs>? departmentDocs, bool facts)
    {
        DocumentCount = count;
        var batch = facts && BatchRules.Count > 0;
        var loose = new List<int>();
        foreach (var members in Departments(count, departmentOf, loose))
        {
            if (DepartmentRules.Count == 0 && !batch) break;
            var name = departmentOf(members[0])!.Trim();
            var department = departmentDocs?.Invoke(name, members.ToArray()) ?? new DepartmentDocs(name, members.Select(modelOf).ToList());
            AddDepartment(department);
            if (!batch) continue;
            var docs = department.Documents;
            for (var j = 0; j < docs.Count; j++) AddFacts(members[j], docs[j]);
        }
        // Documents without a 部门名称 take part in the batch rules only.
        if (batch)
            foreach (var k in loose) AddFacts(k, modelOf(k));
    }

    /// <summary>The documents grouped by 部门名称 (trimmed), in order of first appearance; those without one go to <paramref name="loose"/>.</summary>
    private static List<List<int>> Departments(int count, Func<int, string?> departmentOf, List<int>? loose)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<List<int>>();
        for (var k = 0; k < count; k++)
        {
            if (departmentOf(k) is not { } name || string.IsNullOrWhiteSpace(name)) { loose?.Add(k); continue; }
            if (!groups.TryGetValue(name.Trim(), out var members))
            {
                groups[name.Trim()] = members = new List<int>();
                order.Add(members);
            }
            members.Add(k);
        }
        return order;
    }

    /// <summary>
    /// Gives the batch facts and findings added so far their documents' positions in the run: a batch's workers add
    /// them under a number each document is given as it is read (<paramref name="position"/> maps it), before the
    /// run's order is known.
    /// </summary>
    internal void Renumber(Func<int, int> position)
    {
        _items.Renumber(position);
        _batchFindings.Renumber(position);
    }

    // ---- what an engine calls back ----------------------------------------------------------------

    /// <summary>
    /// Evaluates a department rule on documents of the department being run (handles given to
    /// <see cref="ICrossDocumentEngine.RunDepartment"/>, in any order). All of them: the department as
    /// the run gave it (read as the rule goes); some: those documents, in run order. Called on the thread
    /// <see cref="ICrossDocumentEngine.RunDepartment"/> was called on (departments may be evaluated on several at once).
    /// </summary>
    public void Department(int rule, IEnumerable<DocumentFact> documents)
    {
        if (_department is not { } scope || scope.Run != this) throw new InvalidOperationException("Department is called from RunDepartment only");
        var whole = scope.Documents;
        // The documents given, each once, in run order (loops: LINQ's Distinct and Order over ints are JIT-compiled in every run).
        var given = new bool[whole.Documents.Count];
        var count = 0;
        foreach (var d in documents)
            if (!given[d.Position])
            {
                given[d.Position] = true;
                count++;
            }
        if (count == 0) return;
        DepartmentDocs dept;
        if (count == given.Length) dept = whole;
        else
        {
            var some = new List<Submission>(count);
            for (var k = 0; k < given.Length; k++)
                if (given[k]) some.Add(whole.Documents[k]);
            dept = new DepartmentDocs(whole.Name, some);
        }
        var t = TargetWalker.DepartmentTarget(dept, scope.Ordinal);
        _cancel.ThrowIfCancellationRequested();
        using var guard = RunGuard.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancel);
        var r = Rule(rule);
        try
        {
            var outcome = _set.Program(rule).Evaluate(t, _set.RuleSet.Codes, _set.Params[rule]);
            if (outcome.IsFailure) scope.Found.Add(_set.Findings.Make(r, t, outcome), rule, t.Ordinal);
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception e) { scope.Found.Add(_set.Findings.Failure(r, t, e), rule, t.Ordinal); }
    }

    /// <summary>Whether a batch rule finds something on a group of facts with one key (or fails on it): then the engine calls <see cref="Group"/>.</summary>
    public bool Fails(int rule, object key, IEnumerable<BatchItem> facts)
    {
        var group = new BatchGroup(key, facts);
        _cancel.ThrowIfCancellationRequested();
        using var guard = RunGuard.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancel);
        // Asked of every group of a session, most of them one object in a batch of different tables: one target a thread
        // (nothing here keeps it: no finding is made), and the items by index (no enumerator an object).
        var t = _failsTarget ??= new RuleTarget(Nowhere);
        t.Group = group;
        try
        {
            var items = group.Items;
            for (var k = 0; k < items.Count; k++)
            {
                t.Item = items[k];
                if (_set.Program(rule).Evaluate(t, _set.RuleSet.Codes, _set.Params[rule]).IsFailure) return true;
            }
            return false;
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception) { return true; }
        finally { (t.Group, t.Item) = (null, null); }
    }

    [ThreadStatic] private static RuleTarget? _failsTarget;

    /// <summary>Evaluates a batch rule on each fact of a group with one key: a finding on each fact it fails on.</summary>
    public void Group(int rule, object key, IEnumerable<BatchItem> facts)
    {
        var group = new BatchGroup(key, facts);
        var r = Rule(rule);
        _cancel.ThrowIfCancellationRequested();
        using var guard = RunGuard.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancel);
        var t = new RuleTarget(Nowhere) { Group = group };
        var texts = new LastTexts();
        foreach (var item in group.Items)
        {
            t.Item = item;
            try
            {
                var outcome = _set.Program(rule).Evaluate(t, _set.RuleSet.Codes, _set.Params[rule]);
                if (outcome.IsFailure) Keep(Make(r, item, outcome, texts), rule, item);
            }
            catch (OperationCanceledException) { throw; }
            catch (Exception e)
            {
                Keep(Failure(r, item, e), rule, item);
                if (e is RuleLimitExceededException) return;
            }
        }
    }

    // ---- facts and findings -----------------------------------------------------------------------

    private static BatchItem ItemOf(RuleTarget t, RuleScope each, object key, int rule, int document)
    {
        var doc = t.Doc;
        return new BatchItem
        {
            Kind = each.Name(),
            Department = doc.Department?.Trim() ?? "",
            File = doc.SourceFile,
            Unit = t.Unit?.Name,
            Project = t.Project?.Name,
            IndicatorSeq = t.Indicator?.Seq,
            Name = t.Indicator?.Name ?? t.Project?.Name ?? t.Unit?.Name ?? doc.Department?.Trim() ?? "",
            Total = each switch
            {
                RuleScope.Project => t.Project?.Amounts.Total,
                RuleScope.Unit => t.Unit?.Amounts.Total,
                RuleScope.Document => doc.GrandTotal?.Amounts.Total,
                _ => null,
            },
            MoneyUnit = doc.MoneyUnit,
            BudgetYear = doc.BudgetYear,
            InOverallTable = doc.Kind == SubmissionKind.DepartmentOverall,
            Span = t.Span,
            LinesAreTheFile = doc.Places is null,
            Path = t.Path,
            Key = key,
            Rule = rule,
            Document = document,
            Ordinal = t.Ordinal,
        };
    }

    private void Keep(Finding finding, int rule, BatchItem item)
    {
        var (at, length) = _store.Put(finding);
        // What filing reads of a finding made as the rule makes them is kept with its reference (CrossDocumentFindings.ReadToFile).
        var r = Rule(rule);
        var filed = finding is { IsRuleFailure: false, Related: null, Span: not null } && finding.Severity == SeverityOf(r)
            && ReferenceEquals(finding.RuleId, r.Id) && ReferenceEquals(finding.Title, r.Title) ? BatchFindingRef.FiledFingerprint(finding.Fingerprint) : 0;
        lock (_refsGate)
        {
            if (!_refFiles.TryGetValue(finding.File, out var file)) _refFiles.Add(file = finding.File, file);
            _batchFindings.Add(new BatchFindingRef(item.Document, finding.Span?.StartLine ?? 0, finding.Span?.StartColumn ?? 0, rule, item.Ordinal, file, at, length,
                finding.Span?.EndLine ?? 0, finding.Span?.EndColumn ?? 0, filed));
        }
    }

    private Finding Make(Rule rule, BatchItem item, RuleOutcome outcome, LastTexts last)
    {
        var evidence = new Evidence[rule.Lets.Count];
        for (var k = 0; k < evidence.Length; k++)
        {
            var value = k < outcome.Evidence.Count ? outcome.Evidence[k] : "";
            evidence[k] = last.Evidence is { } before && string.Equals(before[k].Value, value) ? before[k] : new Evidence(rule.Lets[k].Name, value);
        }
        last.Evidence = evidence;
        // Equal holes give the same message and fix: the texts of the finding before are taken again (not rendered anew).
        if (last.Holes is not { } holes || !SameTexts(holes, outcome.Holes))
        {
            last.Holes = outcome.Holes;
            last.Message = rule.Message.Render(outcome.Holes);
            last.Fix = rule.Fix?.Render(outcome.Holes, rule.Message.HoleCount);
        }
        var related = outcome.At is not null && item.Span is { } whole && !whole.Equals(outcome.At) ? whole : null;
        return New(rule, item, SeverityOf(rule), last.Message!,
            last.Fix, outcome.At ?? item.Span, related, evidence, failure: false);
    }

    /// <summary>The severity of a finding a rule makes (not a failure of the rule).</summary>
    internal static Severity SeverityOf(Rule rule) => rule.Severity == Severity.Off ? rule.DeclaredSeverity : rule.Severity;

    private static bool SameTexts(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count) return false;
        // string.Equals: the same instance at once (a group's shared texts), else by length, then by content.
        for (var k = 0; k < a.Count; k++)
            if (!string.Equals(a[k], b[k])) return false;
        return true;
    }

    /// <summary>
    /// The texts of a group's last finding. A batch group's members mostly get equal texts (every member of a group of
    /// copies whose document is not among the first few gets the same “另见 …”): a text equal to the one before is that
    /// instance again, so it is made once and the spill and the report see one string, not one per finding.
    /// </summary>
    private sealed class LastTexts
    {
        public IReadOnlyList<string>? Holes;
        public string? Message;
        public string? Fix;
        public Evidence[]? Evidence;
    }

    private Finding Failure(Rule rule, BatchItem item, Exception e)
    {
        var where = item.Path.Length > 0 ? item.Path : item.FileName;
        var why = e is RuleLimitExceededException ? e.Message + "，已停止该规则在这一组对象上的检查" : e.GetType().Name;
        var evidence = new[] { new Evidence("exception", e.GetType().FullName ?? e.GetType().Name) };
        return New(rule, item, Severity.Error, $"规则 {rule.Id} 在 {where} 上执行失败：{why}", null, item.Span, null, evidence, failure: true);
    }

    private Finding New(Rule rule, BatchItem item, Severity severity, string message, string? fix, SourceSpan? span, SourceSpan? related,
        IReadOnlyList<Evidence> evidence, bool failure) => new()
    {
        RuleId = rule.Id,
        Severity = severity,
        Message = message,
        Fix = fix,
        Title = rule.Title,
        File = item.File,
        Span = span,
        Related = related,
        Department = item.Department.Length > 0 ? item.Department : null,
        Unit = item.Unit,
        Project = item.Project,
        IndicatorSeq = item.IndicatorSeq,
        Path = item.Path,
        Evidence = evidence,
        RuleSet = _set.RuleSet.Name,
        RuleSetVersion = _set.RuleSet.Version,
        Fingerprint = Finding.ComputeFingerprint(rule.Id, item.File, item.Path, evidence),
        IsRuleFailure = failure,
    };
}
