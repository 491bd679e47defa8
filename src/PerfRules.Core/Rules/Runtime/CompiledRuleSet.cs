using PerfRules.Model;
using PerfRules.Rules.Compilation;

namespace PerfRules.Rules.Runtime;

/// <summary>Where compiled rule sets are cached, and how their evaluation is limited.</summary>
public sealed record RuleEngineOptions
{
    /// <summary>
    /// Cache folder; default <c>$PERFRULES_CACHE</c>, else the platform's cache place
    /// (<c>%LOCALAPPDATA%\perfrules\cache</c>, <c>~/Library/Caches/perfrules</c>, <c>$XDG_CACHE_HOME/perfrules</c>
    /// or <c>~/.cache/perfrules</c>: <see cref="CacheLocation"/>). Created owner-only;
    /// a folder that group or others may write is not used (a warning, then no disk cache).
    /// </summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Set false to neither read nor write the disk cache.</summary>
    public bool UseDiskCache { get; init; } = true;
    /// <summary>
    /// The per-user secret that signs cache entries (HMAC-SHA256), kept outside the cache folder;
    /// default <c>perfrules/cache-secret.key</c> under the platform's per-user data folder
    /// (<c>%LOCALAPPDATA%</c>, <c>~/Library/Application Support</c>, <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>:
    /// <see cref="CacheLocation"/>). Created owner-only when missing.
    /// </summary>
    public string? CacheSecretFile { get; init; }
    /// <summary>Where cache warnings go (a damaged or planted entry, an unsafe folder); default: standard error.</summary>
    public Action<string>? Warn { get; init; }
    /// <summary>
    /// Cancels evaluation: a running rule sees it at its next clock check and <see cref="CompiledRuleSet.Evaluate(Submission)"/>
    /// throws <see cref="OperationCanceledException"/> (the document gets no findings; the caller abandons it).
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Run time each rule may spend on one document (its compiled code checks the clock at every
    /// lambda call); past it the rule stops there with a rule-failure finding. Zero: no limit.
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Bytes each rule may allocate on one document, checked with the clock. 0 or less: no limit.</summary>
    public long AllocationBudget { get; init; } = 256L * 1024 * 1024;
    /// <summary>Findings listed per document; the rest are summed up in one PR008 finding. 0 or less: no limit.</summary>
    public int MaxFindingsPerDocument { get; init; } = DefaultMaxFindingsPerDocument;

    public const int DefaultMaxFindingsPerDocument = 1000;

    /// <summary>The cache folder, or null when none is given and there is no per-user folder to keep it in.</summary>
    public string? ResolveCacheDirectory() => CacheDirectory ?? CacheLocation.Folder(CacheLocation.Current);

    /// <summary>The secret's path, or null when there is no per-user folder to keep it in.</summary>
    public string? ResolveCacheSecretFile() =>
        CacheSecretFile is { Length: > 0 } file ? file : CacheLocation.SecretFile(CacheLocation.Current);

    internal void Warning(string message)
    {
        if (Warn is { } warn) warn(message);
        else Console.Error.WriteLine("警告：" + message);
    }
}

/// <summary>
/// A rule set ready to run: its rules compiled into one assembly. Evaluate it on any number of
/// submissions (thread-safe: the compiled rules keep no state).
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly RuleProgram[] _programs;
    private readonly ScopeRunner _runner;
    // Never written: the Skip of every document run until a rule has to be stopped.
    private readonly bool[] _noneSkipped;
    private static readonly IReadOnlyList<Finding> NoFindings = Array.Empty<Finding>();
    // The rules that are not off, worked out once rather than for every document.
    private readonly int[] _active;
    // Whether a scope has rules in force, indexed by the scope's value (its objects are walked only then).
    private readonly bool[] _scopeHasRules;
    private static readonly int ScopeCount = Enum.GetValues<RuleScope>().Max(v => (int)v) + 1;

    public RuleSet RuleSet { get; }
    /// <summary>True when loading this instance ran the compiler (a cache miss).</summary>
    public bool Compiled { get; }
    /// <summary>The cache key: SHA-256 of the rule files (names and contents), the set's name and version, the engine version, the runtime version and PerfRules.Core's MVID.</summary>
    public string CacheKey { get; }

    /// <summary>The options it was loaded with: the run-time budget and the findings cap apply to every evaluation.</summary>
    public RuleEngineOptions Options { get; private set; } = new();

    internal CompiledRuleSet(RuleSet ruleSet, RuleProgram[] programs, ScopeRunner runner, bool compiled, string cacheKey)
    {
        RuleSet = ruleSet; _programs = programs; _runner = runner; Compiled = compiled; CacheKey = cacheKey;
        _noneSkipped = new bool[programs.Length];
        _active = Enumerable.Range(0, programs.Length).Where(i => ruleSet.Rules[i].Severity != Severity.Off).ToArray();
        // Department rules need the whole run (EvaluateDepartments): not walked per document.
        _scopeHasRules = Enumerable.Range(0, ScopeCount)
            .Select(s => (RuleScope)s != RuleScope.Department && _active.Any(i => (int)ruleSet.Rules[i].Scope == s))
            .ToArray();
    }

    /// <summary>Compiles a rule set, or loads it from the cache. Throws <see cref="RuleLoadException"/>.</summary>
    public static CompiledRuleSet Load(RuleSet ruleSet, RuleEngineOptions? options = null)
    {
        options ??= new RuleEngineOptions();
        var set = RuleAssemblyCache.Load(ruleSet, options);
        set.Options = options;
        return set;
    }

    /// <summary>The same compiled rules with other run-time limits (budget, findings cap); compiles nothing.</summary>
    public CompiledRuleSet WithOptions(RuleEngineOptions options) =>
        new(RuleSet, _programs, _runner, Compiled, CacheKey) { Options = options };

    /// <summary>The built-in rule set, compiled.</summary>
    public static CompiledRuleSet LoadBuiltin(RuleEngineOptions? options = null) => Load(RuleSetLoader.LoadBuiltin(), options);

    /// <summary>Runs every rule that is not off. Findings come in document order, then rule order.</summary>
    public IReadOnlyList<Finding> Evaluate(Submission doc) => Evaluate(doc, Options.Cancellation);

    /// <summary>
    /// Runs every rule that is not off; <paramref name="cancellation"/> (or, when it cannot be
    /// cancelled, the options') stops a running rule at its next clock check: then this throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public IReadOnlyList<Finding> Evaluate(Submission doc, CancellationToken cancellation)
    {
        if (!cancellation.CanBeCanceled) cancellation = Options.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        return Cap(doc, RunDocument(doc, cancellation), cancellation);
    }

    /// <summary>
    /// The per-document hot path: each scope is walked once, and the generated runner calls every
    /// rule of the scope on each object directly. One target is reused for the document: the walk
    /// sets only the fields that change, and its span and path are worked out only when a finding
    /// is built (<see cref="TargetWalker.Walk"/>). The rules of a scope share a
    /// budget for the document; a rule that exhausts it is skipped for the rest of the document
    /// (reported once) and the others go on with a fresh budget.
    /// </summary>
    private IReadOnlyList<Finding> RunDocument(Submission doc, CancellationToken cancellation)
    {
        var state = new DocumentRun(this, doc, cancellation);
        try
        {
            for (var s = 0; s < _scopeHasRules.Length; s++)
            {
                if (!_scopeHasRules[s]) continue;
                cancellation.ThrowIfCancellationRequested();
                state.Begin((RuleScope)s);
                TargetWalker.Walk(doc, (RuleScope)s, state.Target, _runner, RuleSet.Codes, state);
                state.End();
            }
        }
        finally { state.End(); }
        return state.Found is { } found ? Ordered(found, sortByPosition: true) : NoFindings;
    }

    /// <summary>The state of one document's run: the reused target, the findings, the scope's budget.</summary>
    private sealed class DocumentRun : RuleSink
    {
        private readonly CompiledRuleSet _set;
        private readonly CancellationToken _cancellation;
        private RuleScope _scope;
        private Budget.Scope _budget;
        public readonly RuleTarget Target;
        private List<(Finding Finding, int Rule, int Ordinal)>? _found;

        // Shares the set's all-false Skip until a rule has to be stopped.
        public DocumentRun(CompiledRuleSet set, Submission doc, CancellationToken cancellation) : base(set._noneSkipped)
        {
            _set = set;
            _cancellation = cancellation;
            Target = new RuleTarget(doc);
        }

        public List<(Finding Finding, int Rule, int Ordinal)>? Found => _found;

        public void Begin(RuleScope scope)
        {
            _scope = scope;
            _budget = Budget.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancellation);
            Target.Clear();
        }

        public void End()
        {
            _budget.Dispose();
            _budget = default;
        }

        public override void Failed(int rule, RuleOutcome outcome)
        {
            var t = Target.Settle(_scope);
            (_found ??= new()).Add((_set.MakeFinding(_set.RuleSet.Rules[rule], t, outcome), rule, t.Ordinal));
        }

        public override void Threw(int rule, Exception e)
        {
            // Cancelled: the whole run stops (out of the generated runner's catch), no finding.
            if (e is OperationCanceledException) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            var t = Target.Settle(_scope);
            (_found ??= new()).Add((_set.FailureFinding(_set.RuleSet.Rules[rule], t, e), rule, t.Ordinal));
            if (e is not RuleBudgetExceededException) return;
            // Out of budget: this rule is done with the document; the others start a fresh budget.
            if (ReferenceEquals(Skip, _set._noneSkipped)) Skip = new bool[Skip.Length];
            Skip[rule] = true;
            End();
            _budget = Budget.Start(_set.Options.TimeBudget, _set.Options.AllocationBudget, _cancellation);
        }
    }

    /// <summary>
    /// PR008: past <see cref="RuleEngineOptions.MaxFindingsPerDocument"/> the findings are cut, and
    /// the rest counted (by rule) in one diagnostic that the set's diagnostic rules report like any
    /// other reading problem (so overrides apply); a set without such a rule gets a plain warning.
    /// </summary>
    private IReadOnlyList<Finding> Cap(Submission doc, IReadOnlyList<Finding> findings, CancellationToken cancellation)
    {
        var max = Options.MaxFindingsPerDocument;
        if (max <= 0 || findings.Count <= max) return findings;
        var kept = findings.Take(max).ToList();
        var rest = findings.Skip(max).ToList();
        var byRule = string.Join("、", rest.GroupBy(f => f.RuleId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()} 条"));
        var diag = new Diagnostic("PR008", $"本文档的检查结果超过上限 {max} 条，另有 {rest.Count} 条未列出（{byRule}）", rest[0].Span);
        var target = new RuleTarget(doc) { Diagnostic = diag, Span = diag.Span, Path = doc.Department?.Trim() ?? "" };
        var summary = Run(scope => scope == RuleScope.Diagnostic ? new List<RuleTarget> { target } : new List<RuleTarget>(),
            _active.Where(i => RuleSet.Rules[i].Scope == RuleScope.Diagnostic), sortByPosition: true, cancellation);
        if (summary.Count == 0 && !RuleSet.Rules.Any(r => r.Id == "PR008"))
            summary.Add(NewFinding("PR008", Severity.Warning, "检查结果过多", diag.Message, target, target.Span, Array.Empty<Evidence>(),
                Finding.ComputeFingerprint("PR008", doc.SourceFile, target.Path, Array.Empty<Evidence>(), diag.Message)));
        kept.AddRange(summary);
        return kept;
    }

    /// <summary>
    /// Runs the cross-document rules (scope department) over the submissions of one run, once per
    /// department, in order of first appearance. Each finding is filed under the department's
    /// first department-overall table (else its first document).
    /// </summary>
    public IReadOnlyList<Finding> EvaluateDepartments(IEnumerable<Submission> docs)
    {
        var list = docs.ToList();
        return Run(scope => scope == RuleScope.Department ? TargetWalker.DepartmentTargets(list) : new List<RuleTarget>(),
            _active.Where(i => RuleSet.Rules[i].Scope == RuleScope.Department), sortByPosition: false);
    }

    /// <summary>True when some rule in force looks across documents (scope department).</summary>
    public bool HasDepartmentRules => _active.Any(i => RuleSet.Rules[i].Scope == RuleScope.Department);

    /// <summary>Runs one rule, even one that is off (used by the rule examples).</summary>
    public IReadOnlyList<Finding> EvaluateRule(Submission doc, string ruleId)
    {
        var index = RuleSet.Rules.Select((r, i) => (r, i)).Where(x => x.r.Id == ruleId).Select(x => x.i).ToList();
        if (index.Count == 0) throw new ArgumentException($"规则集 {RuleSet.Name} 中没有规则 {ruleId}", nameof(ruleId));
        return Run(scope => TargetWalker.Targets(doc, scope), index, sortByPosition: true);
    }

    /// <summary>Runs one rule over several submissions (a department-scope rule's examples).</summary>
    public IReadOnlyList<Finding> EvaluateRule(IReadOnlyList<Submission> docs, string ruleId)
    {
        var index = RuleSet.Rules.Select((r, i) => (r, i)).Where(x => x.r.Id == ruleId).Select(x => x.i).ToList();
        if (index.Count == 0) throw new ArgumentException($"规则集 {RuleSet.Name} 中没有规则 {ruleId}", nameof(ruleId));
        if (RuleSet.Rules[index[0]].Scope == RuleScope.Department)
            return Run(scope => TargetWalker.DepartmentTargets(docs), index, sortByPosition: false);
        return docs.SelectMany(d => EvaluateRule(d, ruleId)).ToList();
    }

    private List<Finding> Run(Func<RuleScope, List<RuleTarget>> walk, IEnumerable<int> ruleIndexes, bool sortByPosition) =>
        Run(walk, ruleIndexes, sortByPosition, Options.Cancellation);

    private List<Finding> Run(Func<RuleScope, List<RuleTarget>> walk, IEnumerable<int> ruleIndexes, bool sortByPosition, CancellationToken cancellation)
    {
        // One target list per scope, indexed by the scope's value (a handful of scopes).
        var targets = new List<RuleTarget>?[ScopeCount];
        var found = new List<(Finding Finding, int Rule, int Ordinal)>();
        foreach (var i in ruleIndexes)
        {
            var rule = RuleSet.Rules[i];
            var list = targets[(int)rule.Scope] ??= walk(rule.Scope);
            // Each rule has its own budget per run over a document: one runaway rule does not starve the others.
            cancellation.ThrowIfCancellationRequested();
            using var budget = Budget.Start(Options.TimeBudget, Options.AllocationBudget, cancellation);
            foreach (var t in list)
            {
                RuleOutcome outcome;
                try { outcome = _programs[i].Evaluate(t, RuleSet.Codes); }
                catch (OperationCanceledException) { throw; }
                catch (RuleBudgetExceededException e)
                {
                    // Out of budget: reported once, and the rule is not run on the rest of the document.
                    found.Add((FailureFinding(rule, t, e), i, t.Ordinal));
                    break;
                }
                catch (Exception e)
                {
                    found.Add((FailureFinding(rule, t, e), i, t.Ordinal));
                    continue;
                }
                if (outcome.IsFailure) found.Add((MakeFinding(rule, t, outcome), i, t.Ordinal));
            }
        }

        return Ordered(found, sortByPosition);
    }

    private static readonly Comparison<(Finding Finding, int Rule, int Ordinal)> ByPosition = (a, b) => Compare(a, b, false);
    private static readonly Comparison<(Finding Finding, int Rule, int Ordinal)> ByObjectThenPosition = (a, b) => Compare(a, b, true);

    private static int Compare((Finding Finding, int Rule, int Ordinal) a, (Finding Finding, int Rule, int Ordinal) b, bool objectFirst)
    {
        int c;
        if (objectFirst && (c = a.Ordinal.CompareTo(b.Ordinal)) != 0) return c;
        if ((c = (a.Finding.Span?.StartLine ?? 0).CompareTo(b.Finding.Span?.StartLine ?? 0)) != 0) return c;
        if ((c = (a.Finding.Span?.StartColumn ?? 0).CompareTo(b.Finding.Span?.StartColumn ?? 0)) != 0) return c;
        if ((c = a.Rule.CompareTo(b.Rule)) != 0) return c;
        return a.Ordinal.CompareTo(b.Ordinal);
    }

    private static List<Finding> Ordered(List<(Finding Finding, int Rule, int Ordinal)> found, bool sortByPosition)
    {
        // Most documents have few findings: skip the sort and the fingerprint table when there is nothing to order.
        if (found.Count == 0) return new List<Finding>();
        if (found.Count == 1) return new List<Finding> { found[0].Finding };
        // Cross-document findings belong to different files: keep department order, then rule order.
        // (rule, ordinal) is unique (one outcome per rule per object), so an unstable sort is deterministic.
        found.Sort(sortByPosition ? ByPosition : ByObjectThenPosition);
        var ordered = new List<Finding>(found.Count);
        foreach (var f in found) ordered.Add(f.Finding);
        return Disambiguate(ordered);
    }

    private Finding MakeFinding(Rule rule, RuleTarget t, RuleOutcome outcome)
    {
        var evidence = new Evidence[rule.Lets.Count];
        for (var k = 0; k < evidence.Length; k++)
            evidence[k] = new Evidence(rule.Lets[k].Name, k < outcome.Evidence.Count ? outcome.Evidence[k] : "");
        var extra = t.Diagnostic is { } d ? d.Text ?? d.Message : null;
        return NewFinding(rule.Id, rule.Severity == Severity.Off ? rule.DeclaredSeverity : rule.Severity, rule.Title,
            rule.Message.Render(outcome.Holes), t, outcome.At ?? t.Span, evidence,
            Finding.ComputeFingerprint(rule.Id, t.Doc.SourceFile, t.Path, evidence, extra));
    }

    private Finding FailureFinding(Rule rule, RuleTarget t, Exception e)
    {
        var where = t.Path.Length > 0 ? t.Path : Path.GetFileName(t.Doc.SourceFile);
        var evidence = new[] { new Evidence("exception", e.GetType().FullName ?? e.GetType().Name) };
        var why = e is RuleBudgetExceededException b
            ? (b.IsTime ? $"{e.Message}（每个文档 {Options.TimeBudget.TotalSeconds:0.###} 秒）" : e.Message) + "，已停止该规则在本文档上的检查"
            : e.GetType().Name;
        return NewFinding(rule.Id, Severity.Error, rule.Title, $"规则 {rule.Id} 在 {where} 上执行失败：{why}", t, t.Span, evidence,
            Finding.ComputeFingerprint(rule.Id, t.Doc.SourceFile, t.Path, evidence), failure: true);
    }

    // Every finding of this set is made here: one object, the place taken from the target.
    private Finding NewFinding(string ruleId, Severity severity, string title, string message, RuleTarget t, SourceSpan? span,
        IReadOnlyList<Evidence> evidence, string fingerprint, bool failure = false) => new()
    {
        RuleId = ruleId,
        Severity = severity,
        Message = message,
        Title = title,
        File = t.Doc.SourceFile,
        Span = span,
        Department = t.Doc.Department,
        Unit = t.Unit?.Name,
        Project = t.Project?.Name,
        IndicatorSeq = t.Indicator?.Seq,
        Path = t.Path,
        Evidence = evidence,
        RuleSet = RuleSet.Name,
        RuleSetVersion = RuleSet.Version,
        Fingerprint = fingerprint,
        IsRuleFailure = failure,
    };

    // Equal fingerprints (same rule, same place, same evidence) get an occurrence number.
    private static List<Finding> Disambiguate(List<Finding> findings)
    {
        // A document's handful of findings rarely repeat a fingerprint: look before building a table.
        if (findings.Count <= 16 && !HasRepeat(findings)) return findings;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < findings.Count; k++)
        {
            var fp = findings[k].Fingerprint;
            seen[fp] = seen.TryGetValue(fp, out var n) ? n + 1 : 1;
            if (seen[fp] > 1)
            {
                var f = findings[k];
                findings[k] = f with { Fingerprint = Finding.ComputeFingerprint(f.RuleId, f.File, f.Path, f.Evidence, $"{fp}#{seen[fp]}") };
            }
        }
        return findings;
    }

    private static bool HasRepeat(List<Finding> findings)
    {
        for (var i = 1; i < findings.Count; i++)
            for (var j = 0; j < i; j++)
                if (findings[i].Fingerprint == findings[j].Fingerprint) return true;
        return false;
    }
}
