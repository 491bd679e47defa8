using System.Linq.Expressions;
using FastExpressionCompiler;
using NRules.Extensibility;

namespace PerfRules.Engines.NRules;

/// <summary>
/// NRules' expression compiler with FastExpressionCompiler: building a session factory compiles every condition,
/// aggregate and action of its rules, and <see cref="LambdaExpression.Compile()"/> was most of a one-document lint's
/// cross-document step (docs/performance.md, "The cross-document step's fixed cost"). FastExpressionCompiler emits the
/// same delegates without System.Linq.Expressions' compiler; an expression it does not support goes to that compiler.
/// </summary>
internal sealed class FastCompiler : IExpressionCompiler
{
    /// <summary>The one the engine's session factories are compiled with.</summary>
    public static FastCompiler Instance { get; } = new();

    private int _fallbacks;

    /// <summary>How many expressions went to <see cref="LambdaExpression.Compile()"/> instead (tests: none of the engine's do).</summary>
    internal int Fallbacks => Volatile.Read(ref _fallbacks);

    public TDelegate Compile<TDelegate>(Expression<TDelegate> expression) where TDelegate : Delegate
    {
        if (expression.CompileFast(ifFastFailedReturnNull: true) is { } fast) return fast;
        Interlocked.Increment(ref _fallbacks);
        return expression.Compile();
    }
}
