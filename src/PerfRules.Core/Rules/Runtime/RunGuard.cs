using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>
/// The guard the compiler weaves into rule expressions. Compiled rules cannot be aborted from
/// outside, so every lambda body, every sequence a rule builds, every size argument and every
/// call that builds a long string passes through here, and the rule stops itself once the
/// per-document deadline (thread-static) has passed, its allocation budget would be exceeded,
/// or the run's cancellation token is cancelled. Generated code calls it; rule authors cannot
/// (the allow-list does not reach it).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RunGuard
{
    /// <summary>The largest count a rule may ask of Enumerable.Range/Repeat, an array, a list capacity, or the length of a string it builds.</summary>
    public const int MaxSize = 10_000_000;

    /// <summary>A string longer than this, used inside a lambda that is not ticked, ticks itself (its comparisons cost its length).</summary>
    public const int ShortString = 1024;

    [ThreadStatic] private static long _deadline;       // Stopwatch timestamp; 0: no budget running (or not armed yet)
    [ThreadStatic] private static long _pending;        // a started budget's length in Stopwatch ticks, until its first tick arms it
    [ThreadStatic] private static long _allocStart;
    [ThreadStatic] private static long _allocLimit;
    [ThreadStatic] private static string? _reason;
    [ThreadStatic] private static uint _ticks;
    [ThreadStatic] private static CancellationToken _cancel;
    // The deepest stack address at which this thread's stack was found to have room (stacks grow
    // down); 0: not yet. Anything at or above it has at least as much room, so only a tick deeper
    // than any before asks the runtime again (that call costs more than the rest of a tick).
    [ThreadStatic] private static nuint _roomAt;

    /// <summary>The clock is read every this many ticks (a power of two): reading it costs more than the lambda bodies of most rules.</summary>
    private const uint ClockEvery = 16;

    /// <summary>A "deadline" for a budget that only has a cancellation token: far enough, and no overflow when added to a timestamp.</summary>
    private const long NoDeadline = long.MaxValue / 4;

    /// <summary>
    /// Starts a budget on this thread; dispose the result to end it (budgets do not nest: the outer
    /// one wins). The clock and the allocation counter are first read at the first tick: a rule
    /// that never ticks runs no loop of its own and cannot outrun a budget, and most rules never
    /// tick, so starting costs no clock read per scope per document. With no time budget but a
    /// token that can be cancelled, only the token is watched (no allocation limit, as before).
    /// The token is checked where the clock is read, so it costs nothing on the hot path.
    /// </summary>
    internal static Scope Start(TimeSpan time, long allocationBytes, CancellationToken cancellation = default)
    {
        if (_deadline != 0 || _pending != 0) return default;
        var timed = time > TimeSpan.Zero;
        if (!timed && !cancellation.CanBeCanceled) return default;
        _pending = timed ? Math.Clamp((long)(time.TotalSeconds * Stopwatch.Frequency), 1, NoDeadline) : NoDeadline;
        _allocLimit = timed && allocationBytes > 0 ? allocationBytes : long.MaxValue;
        _cancel = cancellation;
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
            _deadline = 0; _pending = 0; _reason = null; _cancel = default;
        }
    }

    /// <summary>Checks the deadline, the cancellation token and the allocation budget; true, or throws.</summary>
    public static unsafe bool Tick()
    {
        // A rule can recurse only through lambdas (a delegate applied to itself), and every such
        // lambda ticks: stop it while the stack still has room, instead of a stack overflow that
        // no handler can catch. Checked with or without a budget running.
        byte here;
        var at = (nuint)(&here);
        if (at < _roomAt || _roomAt == 0) CheckStack(at);
        if (_deadline == 0)
        {
            if (_pending == 0) return true;
            Arm();
        }
        // Allocation is checked at every tick (cheap, and a doubling string outruns any sampling);
        // the clock and the token at every 16th (one lambda body between ticks cannot run long: sizes are bounded).
        if (GC.GetAllocatedBytesForCurrentThread() - _allocStart > _allocLimit) Fail("超出内存上限");
        if ((++_ticks & (ClockEvery - 1)) == 0) CheckClock();
        return true;
    }

    /// <summary>
    /// A ticked lambda's result passes through here (see GuardRewriter.Ticked). Not inlined, so a
    /// call in the lambda's body is never its last act: optimised code cannot make it a tail call,
    /// and a lambda applied to itself keeps a frame per call, which <see cref="Tick"/>'s stack check stops.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Result<T>(T value) => value;

    private static void CheckStack(nuint at)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) Fail("递归过深，超出调用栈上限");
        _roomAt = at;
    }

    private static void CheckClock()
    {
        if (_deadline == 0) return;
        if (_cancel.IsCancellationRequested) Cancelled();
        if (Stopwatch.GetTimestamp() > _deadline) Fail("超出时间上限", time: true);
    }

    /// <summary>A full tick with a clock read: for work whose cost is large per call (a long string, a big size).</summary>
    private static void HeavyTick()
    {
        Tick();
        CheckClock();
    }

    /// <summary>
    /// Checks that <paramref name="bytes"/> more fit in the allocation budget before they are
    /// allocated: one call cannot overshoot the budget by more than its own small overhead.
    /// </summary>
    private static void Reserve(long bytes)
    {
        HeavyTick();
        if (_deadline == 0 || _allocLimit == long.MaxValue) return;
        if (GC.GetAllocatedBytesForCurrentThread() - _allocStart + bytes > _allocLimit) Fail("超出内存上限");
    }

    /// <summary>A size a rule asks for (array length, string length, capacity, pad width), each element taking about <paramref name="unitBytes"/>.</summary>
    public static int Size(int n, int unitBytes)
    {
        if (n > MaxSize) Fail($"请求的大小 {n} 超过上限 {MaxSize}");
        Reserve((long)Math.Max(n, 0) * Math.Max(unitBytes, 1));
        return n;
    }

    /// <summary>The length of a string about to be built: at most <see cref="MaxSize"/>, and within the allocation budget.</summary>
    private static void Chars(long n)
    {
        if (n > MaxSize) Fail($"请求的大小 {n} 超过上限 {MaxSize}（字符串长度）");
        Reserve(n * sizeof(char));
    }

    /// <summary>A string operand in a lambda that is not ticked: a long one ticks, since comparing it costs its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [return: NotNullIfNotNull(nameof(s))]
    public static string? Str(string? s)
    {
        if (s is not null && s.Length > ShortString) HeavyTick();
        return s;
    }

    /// <summary>
    /// The receiver of string.Split: its pieces may take about 16 bytes per character of it
    /// (one-character pieces, their headers and references), reserved before it is split.
    /// </summary>
    [return: NotNullIfNotNull(nameof(s))]
    public static string? SplitSource(string? s)
    {
        if (s is not null && s.Length > ShortString) Reserve((long)s.Length * 16);
        return s;
    }

    /// <summary>A sequence the rule built (not the document's own lists): it ticks at every element, wherever it is consumed.</summary>
    [return: NotNullIfNotNull(nameof(source))]
    public static IEnumerable<T>? Each<T>(IEnumerable<T>? source) => source switch
    {
        null => null,
        // A batch group's shared list (its first objects, asked for by most members) keeps one ticking view of itself, through
        // which the helpers that keep texts made of the list still find it (RuleHelpers.FilePaths, Places): wrapped anew,
        // every finding made those texts again.
        SharedList<T> shared => (IEnumerable<T>)(shared.Ticking ??= new TickingShared<T>(shared)),
        _ => Ticking(source),
    };

    /// <summary>A <see cref="SharedList{T}"/> that ticks at every element, as <see cref="Each{T}"/> makes any sequence.</summary>
    internal sealed class TickingShared<T>(SharedList<T> list) : IEnumerable<T>
    {
        public SharedList<T> List => list;
        public IEnumerator<T> GetEnumerator() => Ticking(list).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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

    // ---- strings: the result's length is known (or bounded) before it is built -------------------
    // Each mirrors the string method it replaces (same parameter names, same overloads), so a
    // rewritten call binds as the original did.

    public static string Concat(params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        long n = 0;
        foreach (var v in values) n += v?.Length ?? 0;
        Chars(n);
        return string.Concat(values);
    }

    public static string Concat(params object?[] args) => Concat(Texts(args ?? throw new ArgumentNullException(nameof(args))));

    public static string Concat(IEnumerable<string?> values) => Concat(Texts(values));

    public static string Concat<T>(IEnumerable<T> values) => Concat(Texts(values));

    public static string Join(string? separator, params string?[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        long n = (long)(separator?.Length ?? 0) * Math.Max(0, value.Length - 1);
        foreach (var v in value) n += v?.Length ?? 0;
        Chars(n);
        return string.Join(separator, value);
    }

    public static string Join(string? separator, params object?[] values) => Join(separator, Texts(values));

    public static string Join(string? separator, IEnumerable<string?> values) => Join(separator, Texts(values));

    public static string Join<T>(string? separator, IEnumerable<T> values) => Join(separator, Texts(values));

    public static string Join(string? separator, string?[] value, int startIndex, int count) =>
        Join(separator, value.AsSpan(startIndex, count).ToArray());

    public static string Join(char separator, params string?[] value) => Join(separator.ToString(), value);

    public static string Join(char separator, params object?[] values) => Join(separator.ToString(), Texts(values));

    public static string Join<T>(char separator, IEnumerable<T> values) => Join(separator.ToString(), Texts(values));

    public static string Join(char separator, string?[] value, int startIndex, int count) => Join(separator.ToString(), value, startIndex, count);

    public static string Replace(string s, string oldValue, string? newValue) => Replace(s, oldValue, newValue, StringComparison.Ordinal);

    public static string Replace(string s, string oldValue, string? newValue, StringComparison comparisonType)
    {
        var growth = (long)(newValue?.Length ?? 0) - oldValue.Length;
        if (growth > 0 && oldValue.Length > 0)
        {
            // At most one replacement per oldValue.Length characters; count them only when that bound is too big.
            var most = s.Length + s.Length / oldValue.Length * growth;
            if (most > MaxSize)
            {
                long count = 0;
                for (var at = s.IndexOf(oldValue, comparisonType); at >= 0 && at < s.Length;
                     at = s.IndexOf(oldValue, Math.Min(at + oldValue.Length, s.Length), comparisonType))
                {
                    count++;
                    if ((count & 1023) == 0) HeavyTick();
                }
                most = s.Length + count * growth;
            }
            Chars(most);
        }
        return s.Replace(oldValue, newValue, comparisonType);
    }

    public static string Insert(string s, int startIndex, string value)
    {
        Chars((long)s.Length + (value?.Length ?? 0));
        return s.Insert(startIndex, value!);
    }

    /// <summary>string.Format: widths, precisions and arguments are summed before anything is formatted.</summary>
    public static string Format([StringSyntax(StringSyntaxAttribute.CompositeFormat)] string format, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(args);
        Chars(FormatEstimate(format, args));
        return string.Format(format, args);
    }

    /// <summary>An interpolated string: estimated like string.Format, then formatted (current culture, as interpolation does).</summary>
    public static string Interpolated(FormattableString value)
    {
        Chars(FormatEstimate(value.Format, value.GetArguments()));
        return value.ToString();
    }

    /// <summary>A format string given to ToString: a precision such as D99999999 would build a huge string in one call.</summary>
    public static string? FormatSpec(string? format)
    {
        if (format is not null) Chars(256 + SpecEstimate(format));
        return format;
    }

    /// <summary>An upper bound of string.Format's result: literal text, and for each item the larger of its width and its value.</summary>
    internal static long FormatEstimate(string format, object?[] args)
    {
        long total = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c) { total++; i += 2; continue; }
            if (c != '{') { total++; i++; continue; }
            var close = format.IndexOf('}', i);
            if (close < 0) { total += format.Length - i; break; } // string.Format rejects it
            var item = format.AsSpan(i + 1, close - i - 1);
            var colon = item.IndexOf(':');
            var spec = colon >= 0 ? item[(colon + 1)..] : ReadOnlySpan<char>.Empty;
            var head = colon >= 0 ? item[..colon] : item;
            var comma = head.IndexOf(',');
            var index = int.TryParse(comma >= 0 ? head[..comma] : head, out var k) ? k : -1;
            var width = comma >= 0 ? Number(head[(comma + 1)..]) : 0;
            var value = index >= 0 && index < args.Length ? ValueEstimate(args[index], spec) : 0;
            total += Math.Max(width, value);
            i = close + 1;
        }
        return total;
    }

    private static long ValueEstimate(object? value, ReadOnlySpan<char> spec) => value switch
    {
        null => 0,
        string s => s.Length,
        _ => 256 + SpecEstimate(spec),
    };

    /// <summary>A format specifier's output bound: every digit run may be a precision, every other character a few characters of output.</summary>
    private static long SpecEstimate(ReadOnlySpan<char> spec)
    {
        long total = spec.Length * 8L;
        var i = 0;
        while (i < spec.Length)
        {
            if (!char.IsAsciiDigit(spec[i])) { i++; continue; }
            var start = i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i])) i++;
            total += Number(spec[start..i]);
        }
        return total;
    }

    // A width or precision; an absurd one counts as too big rather than overflowing.
    private static long Number(ReadOnlySpan<char> digits)
    {
        digits = digits.Trim().TrimStart('-');
        return long.TryParse(digits, out var n) ? n : (digits.Length > 0 ? long.MaxValue / 4 : 0);
    }

    private static string?[] Texts(object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = new string?[values.Length];
        for (var i = 0; i < values.Length; i++) texts[i] = values[i]?.ToString();
        return texts;
    }

    private static string?[] Texts<T>(IEnumerable<T> values)
    {
        var texts = new List<string?>();
        foreach (var v in values)
        {
            Tick();
            texts.Add(v?.ToString());
        }
        return texts.ToArray();
    }

    [StackTraceHidden]
    private static void Cancelled()
    {
        _reason = "已取消";
        _cancel.ThrowIfCancellationRequested();
    }

    [StackTraceHidden]
    [DoesNotReturn]
    private static void Fail(string why, bool time = false)
    {
        _reason = why;
        throw new RuleLimitExceededException(why, time);
    }
}
