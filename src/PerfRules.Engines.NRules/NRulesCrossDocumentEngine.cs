using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Engines.NRules;

/// <summary>
/// The cross-document rules in NRules sessions. Each YAML rule becomes an NRules rule definition,
/// built with the NRules.RuleModel builders from expression trees:
/// <list type="bullet">
/// <item>scope department: a pattern of <see cref="DocumentFact"/> facts (handles: position and 部门名称,
/// never the models), aggregated with GroupBy(部门名称); the action has the core evaluate the rule on the
/// department, reading its models as the rule asks. One session per run and thread evaluating departments
/// (a run may evaluate several at once): each department's handles are inserted, fired and retracted, so a
/// session holds one department's handles at a time.</item>
/// <item>scope batch: a pattern of <see cref="BatchItem"/> facts of the rule (alpha condition), aggregated with
/// GroupBy(<see cref="BatchItem.Key"/>); the group's condition asks the core whether the rule finds anything on
/// it (its when, lets and assert, compiled by Roslyn with the sandbox and the run-time guard); the action
/// records the group, whose findings the core makes once the session is dropped. One session per slice of
/// the run's facts (a key's facts are in one slice), on whichever thread runs the slice: sessions of one
/// factory are independent (the factory is thread-safe, a session is used by one thread).</item>
/// </list>
/// Never a join between facts: NRules 1.0.4 does not index equality joins (its beta conditions are
/// tried on every pair), GroupBy is linear. The only join is with the single run fact, one per group.
/// The expressions in the definitions call the rule set's compiled code rather than being the YAML's
/// C# as expression trees: C# expression trees cannot hold what the rule language allows everywhere
/// else (<c>?.</c>, <c>is</c> patterns, switch expressions, optional arguments, lambdas with statements
/// in helpers), and the sandbox and guard are those of the compiled code.
/// A run of one document has nothing to match across documents: its department is that document and each
/// key's facts are its own, so its groups go to the core as the reference engine gives them, without compiling
/// a network (most of a one-document lint's cross-document step; docs/performance.md, "The cross-document
/// step's fixed cost"). The findings are the same: the core evaluates every group whichever engine groups them.
/// </summary>
public sealed class NRulesCrossDocumentEngine : ICrossDocumentEngine
{
    public static NRulesCrossDocumentEngine Instance { get; } = new(oneDocumentDirect: true);

    // False: a run of one document too is matched in NRules sessions (tests compare the two).
    private readonly bool _oneDocumentDirect;

    internal NRulesCrossDocumentEngine(bool oneDocumentDirect) => _oneDocumentDirect = oneDocumentDirect;

    public string Name => "nrules";

    private int _compiled;

    /// <summary>How many session factories this engine has compiled (tests).</summary>
    internal int FactoriesCompiled => Volatile.Read(ref _compiled);

    // Compiled session factories, per rule set and per list of rules (a whole run, or one rule's examples).
    private readonly ConditionalWeakTable<PerfRules.Rules.RuleSet, ConcurrentDictionary<string, Lazy<ISessionFactory>>> _factories = new();

    // The department sessions of each run not in use, reused department after department (creating one costs
    // more than a small department's rules): one per thread evaluating departments at once; they go with their run.
    private readonly ConditionalWeakTable<CrossDocumentRun, ConcurrentBag<ISession>> _departmentSessions = new();

    public void RunDepartment(CrossDocumentRun run, IReadOnlyList<DocumentFact> documents)
    {
        if (run.DepartmentRules.Count == 0 || documents.Count == 0) return;
        if (Direct(run))
        {
            ReferenceCrossDocumentEngine.Instance.RunDepartment(run, documents);
            return;
        }
        var idle = _departmentSessions.GetValue(run, _ => new ConcurrentBag<ISession>());
        if (!idle.TryTake(out var session))
        {
            session = Factory(run, run.DepartmentRules, DepartmentRule).CreateSession();
            session.Insert(new RunFact(run));
        }
        try
        {
            Fire(session, documents);
        }
        finally
        {
            // The next department starts from an empty session (one that fails to empty is not reused at all).
            try
            {
                session.RetractAll(documents);
                idle.Add(session);
            }
            catch { }
        }
    }

    public void RunBatch(CrossDocumentRun run, IReadOnlyList<BatchItem> facts)
    {
        if (run.BatchRules.Count == 0 || facts.Count == 0) return;
        if (Direct(run))
        {
            ReferenceCrossDocumentEngine.Instance.RunBatch(run, facts);
            return;
        }
        var fired = Match(run, facts);
        // The session is gone: making the findings (most of the step's allocation) no longer keeps its memory
        // (about 0.7 KB a fact) alive through the collections it causes, to be promoted and then dropped.
        foreach (var group in fired) run.Group(group.Rule, group.Key, group.Items);
    }

    private bool Direct(CrossDocumentRun run) => _oneDocumentDirect && run.DocumentCount == 1;

    /// <summary>One session over the facts: the groups whose rule finds something (<see cref="CrossDocumentRun.Fails"/>), in firing order.</summary>
    private List<FiredGroup> Match(CrossDocumentRun run, IReadOnlyList<BatchItem> facts)
    {
        var fact = new RunFact(run);
        var session = Factory(run, run.BatchRules, BatchRule).CreateSession();
        session.Insert(fact);
        Fire(session, facts);
        return fact.Fired;
    }

    private static void Fire<T>(ISession session, IReadOnlyList<T> facts) where T : class
    {
        try
        {
            session.InsertAll(facts);
            session.Fire();
        }
        // NRules wraps what a condition or action throws; a cancelled run is still a cancelled run.
        catch (Exception e) when (Cancelled(e) is { } cancelled)
        {
            throw cancelled;
        }
    }

    private static OperationCanceledException? Cancelled(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is OperationCanceledException c) return c;
        return null;
    }

    private ISessionFactory Factory(CrossDocumentRun run, IReadOnlyList<int> rules, Func<CrossDocumentRun, int, DirectExpressions, IRuleDefinition> define)
    {
        var byRules = _factories.GetValue(run.RuleSet, _ => new ConcurrentDictionary<string, Lazy<ISessionFactory>>());
        // Loops, not string.Join or Select over ints: generic code over a value type, JIT-compiled in every run.
        var key = new System.Text.StringBuilder(ReferenceEquals(define, (Func<CrossDocumentRun, int, DirectExpressions, IRuleDefinition>)DepartmentRule) ? "d:" : "b:");
        for (var k = 0; k < rules.Count; k++) key.Append(k == 0 ? "" : ",").Append(rules[k]);
        return byRules.GetOrAdd(key.ToString(), _ => new Lazy<ISessionFactory>(
            () =>
            {
                Interlocked.Increment(ref _compiled);
                var direct = new DirectExpressions();
                var definitions = new List<IRuleDefinition>(rules.Count);
                foreach (var i in rules) definitions.Add(define(run, i, direct));
                var factory = new RuleCompiler { ExpressionCompiler = direct }.Compile(definitions);
                Interlocked.Add(ref _lambdasCompiled, direct.Compiled);
                return factory;
            })).Value;
    }

    private int _lambdasCompiled;

    /// <summary>How many of the definitions' expressions were compiled to dynamic methods rather than given their delegates (tests: none).</summary>
    internal int LambdasCompiled => Volatile.Read(ref _lambdasCompiled);

    /// <summary>The one fact that stands for the run: actions and group conditions reach the core through it.</summary>
    internal sealed class RunFact(CrossDocumentRun run)
    {
        public CrossDocumentRun Run { get; } = run;

        /// <summary>The batch groups fired in this session, kept for <see cref="CrossDocumentRun.Group"/> once the session is dropped.</summary>
        internal List<FiredGroup> Fired { get; } = new();

        /// <summary>A batch rule's action: the group, copied out of the session.</summary>
        public void Fire(int rule, object key, IEnumerable<BatchItem> items) => Fired.Add(new FiredGroup(rule, key, items.ToArray()));
    }

    /// <summary>A batch group fired in a session (a class, not a tuple: a list of tuples is generic code JIT-compiled in every run).</summary>
    internal sealed class FiredGroup(int rule, object key, BatchItem[] items)
    {
        public int Rule { get; } = rule;
        public object Key { get; } = key;
        public BatchItem[] Items { get; } = items;
    }

    /// <summary>
    /// department: <c>when RunFact run; IGrouping&lt;string, DocumentFact&gt; department = DocumentFact d where d.Department is not blank,
    /// grouped by d.Department (<see cref="DepartmentGroups"/>) then run.Run.Department(i, department)</c>. The condition and the
    /// action are expression trees given their delegates (<see cref="DirectExpressions"/>).
    /// </summary>
    internal static IRuleDefinition DepartmentRule(CrossDocumentRun run, int index) => DepartmentRule(run, index, new DirectExpressions());

    internal static IRuleDefinition DepartmentRule(CrossDocumentRun run, int index, DirectExpressions direct)
    {
        var builder = new RuleBuilder();
        builder.Name(run.Rule(index).Id);
        var lhs = builder.LeftHandSide();
        var runPattern = lhs.Pattern(typeof(RunFact), "run");
        var groupPattern = lhs.Pattern(typeof(IGrouping<string, DocumentFact>), "department");
        var aggregate = groupPattern.Aggregate();
        var docPattern = aggregate.Pattern(typeof(DocumentFact), "doc");
        var doc = docPattern.Declaration.ToParameterExpression();
        var department = Expression.Property(doc, nameof(DocumentFact.Department));
        docPattern.Condition(direct.Register(Expression.Lambda(
            Expression.Not(Expression.Call(typeof(string).GetMethod(nameof(string.IsNullOrWhiteSpace), new[] { typeof(string) })!, department)), doc),
            static (DocumentFact d) => !string.IsNullOrWhiteSpace(d.Department)));
        aggregate.ResultType(typeof(IGrouping<string, DocumentFact>));
        aggregate.Aggregator(KeyGroups<DocumentFact, string>.Name, [], typeof(DepartmentGroups));

        var context = Expression.Parameter(typeof(IContext), "ctx");
        var runParameter = runPattern.Declaration.ToParameterExpression();
        var group = groupPattern.Declaration.ToParameterExpression();
        builder.RightHandSide().Action(direct.Register(Expression.Lambda(
            Expression.Call(Expression.Property(runParameter, nameof(RunFact.Run)), typeof(CrossDocumentRun).GetMethod(nameof(CrossDocumentRun.Department))!,
                Expression.Constant(index), Expression.Convert(group, typeof(IEnumerable<DocumentFact>))),
            context, runParameter, group),
            (RunFact r, IGrouping<string, DocumentFact> g) => r.Run.Department(index, g)));
        return builder.Build();
    }

    /// <summary>
    /// batch: <c>when RunFact run; IGrouping&lt;object, BatchItem&gt; group = BatchItem f where f.Rule == i, grouped by f.Key
    /// (<see cref="BatchKeyGroups"/>), where run.Run.Fails(i, group.Key, group) then run.Fire(i, group.Key, group)</c>:
    /// <see cref="RunBatch"/> calls <see cref="CrossDocumentRun.Group"/> on each group fired once the session is done.
    /// </summary>
    internal static IRuleDefinition BatchRule(CrossDocumentRun run, int index) => BatchRule(run, index, new DirectExpressions());

    internal static IRuleDefinition BatchRule(CrossDocumentRun run, int index, DirectExpressions direct)
    {
        var builder = new RuleBuilder();
        builder.Name(run.Rule(index).Id);
        var lhs = builder.LeftHandSide();
        var runPattern = lhs.Pattern(typeof(RunFact), "run");
        var groupPattern = lhs.Pattern(typeof(IGrouping<object, BatchItem>), "group");
        var aggregate = groupPattern.Aggregate();
        var factPattern = aggregate.Pattern(typeof(BatchItem), "fact");
        var fact = factPattern.Declaration.ToParameterExpression();
        factPattern.Condition(direct.Register(
            Expression.Lambda(Expression.Equal(Expression.Property(fact, nameof(BatchItem.Rule)), Expression.Constant(index)), fact),
            (BatchItem f) => f.Rule == index));
        aggregate.ResultType(typeof(IGrouping<object, BatchItem>));
        aggregate.Aggregator(KeyGroups<BatchItem, object>.Name, [], typeof(BatchKeyGroups));

        var runParameter = runPattern.Declaration.ToParameterExpression();
        var group = groupPattern.Declaration.ToParameterExpression();
        var core = Expression.Property(runParameter, nameof(RunFact.Run));
        var key = Expression.Property(group, typeof(IGrouping<object, BatchItem>).GetProperty(nameof(IGrouping<object, BatchItem>.Key))!);
        var items = Expression.Convert(group, typeof(IEnumerable<BatchItem>));
        groupPattern.Condition(direct.Register(Expression.Lambda(
            Expression.Call(core, typeof(CrossDocumentRun).GetMethod(nameof(CrossDocumentRun.Fails))!, Expression.Constant(index), key, items),
            runParameter, group),
            (RunFact r, IGrouping<object, BatchItem> g) => r.Run.Fails(index, g.Key, g)));

        var context = Expression.Parameter(typeof(IContext), "ctx");
        builder.RightHandSide().Action(direct.Register(Expression.Lambda(
            Expression.Call(runParameter, typeof(RunFact).GetMethod(nameof(RunFact.Fire))!, Expression.Constant(index), key, items),
            context, runParameter, group),
            (RunFact r, IGrouping<object, BatchItem> g) => r.Fire(index, g.Key, g)));
        return builder.Build();
    }
}
