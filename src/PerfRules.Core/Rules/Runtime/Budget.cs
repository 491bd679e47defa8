using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// Thrown by <see cref="Budget"/> when a rule runs past the document's time or allocation budget,
/// or asks for a sequence, array or string bigger than the engine allows.
/// </summary>
public sealed class RuleBudgetExceededException : Exception
{
    public RuleBudgetExceededException(string message, bool time = false) : base(message) { IsTime = time; }

    /// <summary>True when the time budget ran out (the finding then names the budget's length).</summary>
    public bool IsTime { get; }
}

/// <summary>
/// The guard the compiler weaves into rule expressions. Compiled rules cannot be aborted from
/// outside, so every lambda body, every Enumerable.Range/Repeat and every size argument passes
/// through here and the rule stops itself once the per-document deadline (thread-static) has
/// passed. Generated code calls it; rule authors cannot (the allow-list does not reach it).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Budget
{
    /// <summary>The largest count a rule may ask of Enumerable.Range/Repeat, an array, a string or a list capacity.</summary>
    public const int MaxSize = 10_000_000;

    [ThreadStatic] private static long _deadline;       // Stopwatch timestamp; 0: no budget running (or not armed yet)
    [ThreadStatic] private static long _pending;        // a started budget's length in Stopwatch ticks, until its first tick arms it
    [ThreadStatic] private static long _allocStart;
    [ThreadStatic] private static long _allocLimit;
    [ThreadStatic] private static string? _reason;
    [ThreadStatic] private static uint _ticks;

    /// <summary>The clock is read every this many ticks (a power of two): reading it costs more than the lambda bodies of most rules.</summary>
    private const uint ClockEvery = 16;

    /// <summary>
    /// Starts a budget on this thread; dispose the result to end it (budgets do not nest: the outer
    /// one wins). The clock and the allocation counter are first read at the first tick: a rule
    /// that never ticks runs no loop of its own and cannot outrun a budget, and most rules never
    /// tick, so starting costs no clock read per scope per document.
    /// </summary>
    internal static Scope Start(TimeSpan time, long allocationBytes)
    {
        if (_deadline != 0 || _pending != 0 || time <= TimeSpan.Zero) return default;
        _pending = Math.Max(1, (long)(time.TotalSeconds * Stopwatch.Frequency));
        _allocLimit = allocationBytes > 0 ? allocationBytes : long.MaxValue;
        _reason = null;
        return new Scope(true);
    }

    private static void Arm()
    {
        _deadline = Stopwatch.GetTimestamp() + _pending;
        _allocStart = GC.GetAllocatedBytesForCurrentThread();
        _pending = 0;
    }

    /// <summary>True once this thread's budget ran out (a rule exceeded it).</summary>
    internal static bool Exhausted => _reason is not null;

    internal readonly struct Scope : IDisposable
    {
        private readonly bool _owner;
        public Scope(bool owner) { _owner = owner; }
        public void Dispose()
        {
            if (!_owner) return;
            _deadline = 0; _pending = 0; _reason = null;
        }
    }

    /// <summary>Checks the deadline and the allocation budget; true, or throws.</summary>
    public static bool Tick()
    {
        // A rule can recurse only through lambdas (a delegate applied to itself), and every such
        // lambda ticks: stop it while the stack still has room, instead of a stack overflow that
        // no handler can catch. Checked with or without a budget running.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Fail("递归过深，超出调用栈预算");
        if (_deadline == 0)
        {
            if (_pending == 0) return true;
            Arm();
        }
        // Allocation is checked at every tick (cheap, and a doubling string outruns any sampling);
        // the clock at every 16th (one lambda body between ticks cannot run long: sizes are bounded).
        if (GC.GetAllocatedBytesForCurrentThread() - _allocStart > _allocLimit) Fail("超出内存预算");
        if ((++_ticks & (ClockEvery - 1)) == 0 && Stopwatch.GetTimestamp() > _deadline) Fail("超出时间预算", time: true);
        return true;
    }

    /// <summary>A size a rule asks for (array length, string length, capacity, pad width).</summary>
    public static int Size(int n)
    {
        if (n > MaxSize) Fail($"请求的大小 {n} 超过上限 {MaxSize}");
        Tick();
        if (_deadline != 0 && Stopwatch.GetTimestamp() > _deadline) Fail("超出时间预算", time: true);
        return n;
    }

    /// <summary>Enumerable.Range, bounded and ticking.</summary>
    public static IEnumerable<int> Range(int start, int count)
    {
        if (count > MaxSize) Fail($"Enumerable.Range 的个数 {count} 超过上限 {MaxSize}");
        return Ticking(Enumerable.Range(start, count));
    }

    /// <summary>Enumerable.Repeat, bounded and ticking.</summary>
    public static IEnumerable<T> Repeat<T>(T element, int count)
    {
        if (count > MaxSize) Fail($"Enumerable.Repeat 的个数 {count} 超过上限 {MaxSize}");
        return Ticking(Enumerable.Repeat(element, count));
    }

    private static IEnumerable<T> Ticking<T>(IEnumerable<T> items)
    {
        foreach (var x in items)
        {
            Tick();
            yield return x;
        }
    }

    [StackTraceHidden]
    private static void Fail(string why, bool time = false)
    {
        _reason = why;
        throw new RuleBudgetExceededException(why, time);
    }
}
