using System.Linq.Expressions;
using System.Reflection;
using NRules.Extensibility;
using NRules.RuleModel;

namespace PerfRules.Engines.NRules;

/// <summary>
/// NRules' expression compiler for the rule definitions this engine builds. Each condition and action is an
/// expression tree (what the rule model, node sharing and the tests read) and also a delegate written here
/// (<see cref="Register"/>). NRules hands the compiler its own wrapper of our lambda (the facts taken from its
/// tuple, then our body): one whose body is registered gets our delegate, with the facts found by type (each
/// definition's facts are of distinct types: the run fact and one grouping or one fact). So no lambda is
/// emitted, and System.Linq.Expressions' compiler and 15 dynamic methods JIT-compiled at full optimisation are
/// not paid in every run of two documents or more (docs/performance.md, "The cross-document step's fixed cost").
/// Any other expression is compiled as NRules would.
/// </summary>
internal sealed class DirectExpressions : IExpressionCompiler
{
    // By the body's identity: NRules puts our body, unchanged, last in its wrapper.
    private readonly Dictionary<Expression, object> _direct = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many expressions were compiled rather than given a registered delegate (tests).</summary>
    internal int Compiled { get; private set; }

    public LambdaExpression Register<T>(LambdaExpression lambda, Func<T, bool> test) where T : class
    {
        _direct[lambda.Body] = new FactTest<T>(test);
        return lambda;
    }

    public LambdaExpression Register<TRun, TGroup>(LambdaExpression lambda, Func<TRun, TGroup, bool> test) where TRun : class where TGroup : class
    {
        _direct[lambda.Body] = new JoinTest<TRun, TGroup>(test);
        return lambda;
    }

    public LambdaExpression Register<TRun, TGroup>(LambdaExpression lambda, Action<TRun, TGroup> action) where TRun : class where TGroup : class
    {
        _direct[lambda.Body] = new JoinAction<TRun, TGroup>(action);
        return lambda;
    }

    public TDelegate Compile<TDelegate>(Expression<TDelegate> expression) where TDelegate : Delegate
    {
        if (expression.Body is BlockExpression { Expressions: [.., var last] }
            && (_direct.TryGetValue(last, out var target) || (last is UnaryExpression { NodeType: ExpressionType.Convert } c && _direct.TryGetValue(c.Operand, out target))))
        {
            // Binds when the delegate's parameters are NRules' fact and tuple (IFact, ITuple) and its result ours.
            var invoke = target.GetType().GetMethod("Invoke", BindingFlags.Public | BindingFlags.Instance)!;
            if (Delegate.CreateDelegate(typeof(TDelegate), target, invoke, throwOnBindFailure: false) is TDelegate direct) return direct;
        }
        Compiled++;
        return expression.Compile();
    }

    /// <summary>The fact of the tuple (or the fact being matched) of type T: the definitions never have two of a type.</summary>
    private static T Find<T>(ITuple tuple, IFact? fact) where T : class
    {
        if (fact?.Value is T own) return own;
        foreach (var f in tuple.Facts)
            if (f.Value is T t) return t;
        throw new InvalidOperationException($"No {typeof(T).Name} in the match");
    }

    private sealed class FactTest<T>(Func<T, bool> test) where T : class
    {
        public bool Invoke(IFact fact) => test((T)fact.Value!);
    }

    private sealed class JoinTest<TRun, TGroup>(Func<TRun, TGroup, bool> test) where TRun : class where TGroup : class
    {
        public bool Invoke(ITuple tuple, IFact fact) => test(Find<TRun>(tuple, fact), Find<TGroup>(tuple, fact));
    }

    private sealed class JoinAction<TRun, TGroup>(Action<TRun, TGroup> action) where TRun : class where TGroup : class
    {
        public void Invoke(IContext context, ITuple tuple) => action(Find<TRun>(tuple, null), Find<TGroup>(tuple, null));
    }
}
