using PerfRules.Model;
using PerfRules.Rules.Compilation;

namespace PerfRules.Rules.Runtime;

/// <summary>Where compiled rule sets are cached.</summary>
public sealed record RuleEngineOptions
{
    /// <summary>Cache folder; default <c>$PERFRULES_CACHE</c>, else <c>~/.cache/perfrules</c>.</summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Set false to neither read nor write the disk cache.</summary>
    public bool UseDiskCache { get; init; } = true;

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

    public string ResolveCacheDirectory() =>
        CacheDirectory
        ?? (Environment.GetEnvironmentVariable("PERFRULES_CACHE") is { Length: > 0 } env ? env : null)
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "perfrules");
}

/// <summary>
/// A rule set ready to run: its rules compiled into one assembly. Evaluate it on any number of
/// submissions (thread-safe: the compiled rules keep no state).
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly RuleProgram[] _programs;
    // The rules that are not off, worked out once rather than for every document.
    private readonly int[] _active;
    // The active rules of each scope, indexed by the scope's value, in rule order.
    private readonly int[][] _byScope;
    private static readonly int ScopeCount = Enum.GetValues<RuleScope>().Max(v => (int)v) + 1;

    public RuleSet RuleSet { get; }
    /// <summary>True when loading this instance ran the compiler (a cache miss).</summary>
    public bool Compiled { get; }
    /// <summary>The cache key: SHA-256 of the rule files, the engine version and PerfRules.Core's MVID.</summary>
    public string CacheKey { get; }

    /// <summary>The options it was loaded with: the run-time budget and the findings cap apply to every evaluation.</summary>
    public RuleEngineOptions Options { get; private set; } = new();

    internal CompiledRuleSet(RuleSet ruleSet, RuleProgram[] programs, bool compiled, string cacheKey)
    {
        RuleSet = ruleSet; _programs = programs; Compiled = compiled; CacheKey = cacheKey;
        _active = Enumerable.Range(0, programs.Length).Where(i => ruleSet.Rules[i].Severity != Severity.Off).ToArray();
        // Department rules need the whole run (EvaluateDepartments): not walked per document.
        _byScope = Enumerable.Range(0, ScopeCount)
            .Select(s => (RuleScope)s == RuleScope.Department ? Array.Empty<int>() : _active.Where(i => (int)ruleSet.Rules[i].Scope == s).ToArray())
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
        new(RuleSet, _programs, Compiled, CacheKey) { Options = options };

    /// <summary>The built-in rule set, compiled.</summary>
    public static CompiledRuleSet LoadBuiltin(RuleEngineOptions? options = null) => Load(RuleSetLoader.LoadBuiltin(), options);

    /// <summary>Runs every rule that is not off. Findings come in document order, then rule order.</summary>
    public IReadOnlyList<Finding> Evaluate(Submission doc) => Cap(doc, RunDocument(doc));

    /// <summary>
    /// The per-document hot path: each scope is walked once, through one reused target (no target
    /// list, no target object per object), in the same order and with the same ordinals as
    /// <see cref="TargetWalker.Targets"/>, and every rule of that scope runs on each object. The
    /// rules of a scope share a budget for the document; a rule that exhausts it is stopped for the
    /// rest of the document (reported once) and the others go on with a fresh budget.
    /// </summary>
    private List<Finding> RunDocument(Submission doc)
    {
        var found = new List<(Finding Finding, int Rule, int Ordinal)>();
        var t = new RuleTarget(doc);
        var codes = RuleSet.Codes;
        bool[]? stopped = null;
        Budget.Scope budget = default;
        try
        {
            for (var s = 0; s < _byScope.Length; s++)
            {
                var rules = _byScope[s];
                if (rules.Length == 0) continue;
                budget = Budget.Start(Options.TimeBudget, Options.AllocationBudget);
                var n = 0;
                switch ((RuleScope)s)
                {
                    case RuleScope.Document:
                        EvalAll(rules, t.Set(0, null));
                        break;
                    case RuleScope.Diagnostic:
                        foreach (var d in doc.Diagnostics) EvalAll(rules, t.Set(n++, d.Span, diagnostic: d));
                        break;
                    case RuleScope.AmountRow:
                        if (doc.GrandTotal is { } total)
                        {
                            t.Set(n++, total.Span);
                            t.RowKind = "total"; t.RowName = total.Name.Length > 0 ? total.Name : "合计"; t.Amounts = total.Amounts;
                            EvalAll(rules, t);
                        }
                        foreach (var u in doc.Units)
                        {
                            t.Set(n++, u.Span, u);
                            t.RowKind = "unit"; t.RowName = u.Name; t.Amounts = u.Amounts;
                            EvalAll(rules, t);
                            foreach (var p in u.Projects)
                            {
                                t.Set(n++, p.Span, u, p);
                                t.RowKind = "project"; t.RowName = p.Name; t.Amounts = p.Amounts;
                                EvalAll(rules, t);
                            }
                        }
                        break;
                    case RuleScope.Unit:
                        foreach (var u in doc.Units) EvalAll(rules, t.Set(n++, u.Span, u));
                        break;
                    case RuleScope.Project:
                        foreach (var u in doc.Units)
                            foreach (var p in u.Projects)
                                EvalAll(rules, t.Set(n++, p.Span, u, p));
                        break;
                    case RuleScope.Indicator:
                        foreach (var u in doc.Units)
                            foreach (var p in u.Projects)
                                foreach (var ind in p.Indicators)
                                    EvalAll(rules, t.Set(n++, ind.Span ?? p.IndicatorsSpan ?? p.Span, u, p, ind));
                        if (doc.Overall is { } overall)
                            foreach (var ind in overall.Indicators)
                                EvalAll(rules, t.Set(n++, ind.Span, indicator: ind));
                        break;
                }
                budget.Dispose();
                budget = default;
            }
        }
        finally { budget.Dispose(); }
        return Ordered(found, sortByPosition: true);

        void EvalAll(int[] rules, RuleTarget target)
        {
            foreach (var i in rules)
            {
                if (stopped is not null && stopped[i]) continue;
                if (Eval(i, target)) continue;
                // Out of budget: this rule is done with the document; the others start a fresh budget.
                (stopped ??= new bool[_programs.Length])[i] = true;
                budget.Dispose();
                budget = Budget.Start(Options.TimeBudget, Options.AllocationBudget);
            }
        }

        // False when the rule ran out of budget: it is not run on the rest of the document.
        bool Eval(int i, RuleTarget target)
        {
            RuleOutcome outcome;
            try { outcome = _programs[i].Evaluate(target, codes); }
            catch (RuleBudgetExceededException e)
            {
                found.Add((FailureFinding(RuleSet.Rules[i], target, e), i, target.Ordinal));
                return false;
            }
            catch (Exception e)
            {
                found.Add((FailureFinding(RuleSet.Rules[i], target, e), i, target.Ordinal));
                return true;
            }
            if (outcome.IsFailure) found.Add((MakeFinding(RuleSet.Rules[i], target, outcome), i, target.Ordinal));
            return true;
        }
    }

    /// <summary>
    /// PR008: past <see cref="RuleEngineOptions.MaxFindingsPerDocument"/> the findings are cut, and
    /// the rest counted (by rule) in one diagnostic that the set's diagnostic rules report like any
    /// other reading problem (so overrides apply); a set without such a rule gets a plain warning.
    /// </summary>
    private IReadOnlyList<Finding> Cap(Submission doc, List<Finding> findings)
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
            _active.Where(i => RuleSet.Rules[i].Scope == RuleScope.Diagnostic), sortByPosition: true);
        if (summary.Count == 0 && !RuleSet.Rules.Any(r => r.Id == "PR008"))
            summary.Add(Base(null, target) with
            {
                RuleId = "PR008", Severity = Severity.Warning, Title = "检查结果过多", Message = diag.Message,
                Fingerprint = Finding.ComputeFingerprint("PR008", doc.SourceFile, target.Path, Array.Empty<Evidence>(), diag.Message),
            });
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

    private List<Finding> Run(Func<RuleScope, List<RuleTarget>> walk, IEnumerable<int> ruleIndexes, bool sortByPosition)
    {
        // One target list per scope, indexed by the scope's value (a handful of scopes).
        var targets = new List<RuleTarget>?[ScopeCount];
        var found = new List<(Finding Finding, int Rule, int Ordinal)>();
        foreach (var i in ruleIndexes)
        {
            var rule = RuleSet.Rules[i];
            var list = targets[(int)rule.Scope] ??= walk(rule.Scope);
            // Each rule has its own budget per run over a document: one runaway rule does not starve the others.
            using var budget = Budget.Start(Options.TimeBudget, Options.AllocationBudget);
            foreach (var t in list)
            {
                RuleOutcome outcome;
                try { outcome = _programs[i].Evaluate(t, RuleSet.Codes); }
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
        var evidence = rule.Lets.Select((l, k) => new Evidence(l.Name, k < outcome.Evidence.Count ? outcome.Evidence[k] : "")).ToList();
        var extra = t.Diagnostic is { } d ? d.Text ?? d.Message : null;
        return Base(rule, t) with
        {
            Severity = rule.Severity == Severity.Off ? rule.DeclaredSeverity : rule.Severity,
            Message = rule.Message.Render(outcome.Holes),
            Span = outcome.At ?? t.Span,
            Evidence = evidence,
            Fingerprint = Finding.ComputeFingerprint(rule.Id, t.Doc.SourceFile, t.Path, evidence, extra),
        };
    }

    private Finding FailureFinding(Rule rule, RuleTarget t, Exception e)
    {
        var where = t.Path.Length > 0 ? t.Path : Path.GetFileName(t.Doc.SourceFile);
        var evidence = new[] { new Evidence("exception", e.GetType().FullName ?? e.GetType().Name) };
        var why = e is RuleBudgetExceededException
            ? $"{e.Message}（每个文档 {Options.TimeBudget.TotalSeconds:0.###} 秒），已停止该规则在本文档上的检查"
            : e.GetType().Name;
        return Base(rule, t) with
        {
            Severity = Severity.Error,
            Message = $"规则 {rule.Id} 在 {where} 上执行失败：{why}",
            Evidence = evidence,
            IsRuleFailure = true,
            Fingerprint = Finding.ComputeFingerprint(rule.Id, t.Doc.SourceFile, t.Path, evidence),
        };
    }

    private Finding Base(Rule? rule, RuleTarget t) => new()
    {
        RuleId = rule?.Id ?? "",
        Severity = rule?.Severity ?? Severity.Warning,
        Message = "",
        Title = rule?.Title ?? "",
        File = t.Doc.SourceFile,
        Span = t.Span,
        Department = t.Doc.Department,
        Unit = t.Unit?.Name,
        Project = t.Project?.Name,
        IndicatorSeq = t.Indicator?.Seq,
        Path = t.Path,
        RuleSet = RuleSet.Name,
        RuleSetVersion = RuleSet.Version,
    };

    // Equal fingerprints (same rule, same place, same evidence) get an occurrence number.
    private static List<Finding> Disambiguate(List<Finding> findings)
    {
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
}
