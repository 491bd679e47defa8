using System.Globalization;
using System.Threading.RateLimiting;

namespace PerfRules.Service;

/// <summary>
/// Bounds the checks (/lint, /parse) the service runs at once: <see cref="ServiceOptions.MaxConcurrentChecks"/>
/// slots and a queue of <see cref="ServiceOptions.CheckQueueLimit"/> (a <see cref="ConcurrencyLimiter"/>);
/// past that, 503 with Retry-After. A slot is taken before the body is read and given back only when
/// the check has really finished: a check that outlives its request (timed out with 504) keeps its
/// slot, so CPU and memory stay bounded by the limits however many requests time out.
/// </summary>
public sealed class CheckGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly ServiceOptions _options;
    private readonly ILogger<CheckGate> _log;

    public CheckGate(ServiceOptions options, ILogger<CheckGate> log)
    {
        _options = options;
        _log = log;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentChecks,
            QueueLimit = options.CheckQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Slots taken now (running checks, including those whose request has given up).</summary>
    public long Running => _options.MaxConcurrentChecks - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>Requests waiting for a slot.</summary>
    public long Queued => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>
    /// The endpoint filter: waits for a slot (the request timeout counts the wait) or answers 503.
    /// The handler hands the slot on with <see cref="RunAsync{T}"/>; otherwise it is given back when the handler returns.
    /// </summary>
    public async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var lease = await _limiter.AcquireAsync(1, http.RequestAborted);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            _log.LogWarning("Check refused with 503: {Running} checks running and {Queue} waiting (limits {Max} and {QueueLimit})",
                Running, Queued, _options.MaxConcurrentChecks, _options.CheckQueueLimit);
            http.Response.Headers.RetryAfter = _options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Result(Problems.Busy(_options.RetryAfterSeconds));
        }
        var slot = new Slot(lease);
        http.Features.Set(slot);
        try
        {
            return await next(context);
        }
        finally
        {
            slot.ReleaseUnlessHandedOn();
        }
    }

    /// <summary>
    /// Runs the CPU-bound part of a check on the thread pool and waits for it only as long as the
    /// request lives: when the request times out (or the client goes), this throws at once, so the
    /// 504 goes out on time, while the work goes on holding the request's slot until it ends. The
    /// work gets a token that is cancelled then.
    /// </summary>
    public static Task<T> RunAsync<T>(HttpContext http, Func<CancellationToken, T> work)
    {
        var slot = http.Features.Get<Slot>() ?? throw new InvalidOperationException("RunAsync outside CheckGate.Filter");
        // Our own source: the request's token belongs to a context that is reused once the request is over.
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        slot.HandOn();
        var task = Task.Run(() => work(cancel.Token));
        task.ContinueWith(t =>
        {
            _ = t.Exception; // observed: a check that failed after its request gave up is no one's to report
            cancel.Dispose();
            slot.Release();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task.WaitAsync(http.RequestAborted);
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>A request's lease, released once: by the filter, or by the work it was handed on to.</summary>
    private sealed class Slot(RateLimitLease lease)
    {
        private int _state; // 0 held by the request, 1 handed on to a running check, 2 released

        public void HandOn() => Interlocked.CompareExchange(ref _state, 1, 0);

        public void ReleaseUnlessHandedOn()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0) lease.Dispose();
        }

        public void Release()
        {
            if (Interlocked.Exchange(ref _state, 2) != 2) lease.Dispose();
        }
    }
}
