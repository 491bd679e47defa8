using System.Reflection;

namespace PerfRules.Runs;

/// <summary>
/// Makes a tuple key back from its read values (<see cref="SpilledBatchFacts"/>): one generic method per family and
/// arity, bound to the key's type arguments. Not an expression tree compiled at run time: that loaded
/// System.Linq.Expressions and compiled a lambda (about 15 ms of CPU) while the run's first document was stored,
/// with the other worker waiting (docs/performance.md, "The fixed cost of a run, profiled again", h-start2).
/// </summary>
internal static class SpilledTuples
{
    /// <summary>The maker of <paramref name="type"/>: a ValueTuple or Tuple of one to seven elements.</summary>
    public static Func<object?[], object> Maker(Type type)
    {
        var args = type.GetGenericArguments();
        var family = type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal) ? "Value" : "Reference";
        var method = typeof(SpilledTuples).GetMethod(family + args.Length, BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"no maker for {type}");
        return method.MakeGenericMethod(args).CreateDelegate<Func<object?[], object>>();
    }

    // Each element is cast as the compiled expression did (unboxed to its type; null to a reference or nullable type).
    private static object Value1<T1>(object?[] v) => new ValueTuple<T1>((T1)v[0]!);
    private static object Value2<T1, T2>(object?[] v) => ((T1)v[0]!, (T2)v[1]!);
    private static object Value3<T1, T2, T3>(object?[] v) => ((T1)v[0]!, (T2)v[1]!, (T3)v[2]!);
    private static object Value4<T1, T2, T3, T4>(object?[] v) => ((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!);
    private static object Value5<T1, T2, T3, T4, T5>(object?[] v) => ((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!, (T5)v[4]!);
    private static object Value6<T1, T2, T3, T4, T5, T6>(object?[] v) => ((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!, (T5)v[4]!, (T6)v[5]!);
    private static object Value7<T1, T2, T3, T4, T5, T6, T7>(object?[] v) =>
        ((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!, (T5)v[4]!, (T6)v[5]!, (T7)v[6]!);

    private static object Reference1<T1>(object?[] v) => new Tuple<T1>((T1)v[0]!);
    private static object Reference2<T1, T2>(object?[] v) => new Tuple<T1, T2>((T1)v[0]!, (T2)v[1]!);
    private static object Reference3<T1, T2, T3>(object?[] v) => new Tuple<T1, T2, T3>((T1)v[0]!, (T2)v[1]!, (T3)v[2]!);
    private static object Reference4<T1, T2, T3, T4>(object?[] v) => new Tuple<T1, T2, T3, T4>((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!);
    private static object Reference5<T1, T2, T3, T4, T5>(object?[] v) =>
        new Tuple<T1, T2, T3, T4, T5>((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!, (T5)v[4]!);
    private static object Reference6<T1, T2, T3, T4, T5, T6>(object?[] v) =>
        new Tuple<T1, T2, T3, T4, T5, T6>((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!, (T5)v[4]!, (T6)v[5]!);
    private static object Reference7<T1, T2, T3, T4, T5, T6, T7>(object?[] v) =>
        new Tuple<T1, T2, T3, T4, T5, T6, T7>((T1)v[0]!, (T2)v[1]!, (T3)v[2]!, (T4)v[3]!, (T5)v[4]!, (T6)v[5]!, (T7)v[6]!);
}
