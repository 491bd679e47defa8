using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PerfRules.Service;

/// <summary>
/// Kestrel logs a warning for every connection refused at <see cref="ServiceOptions.MaxConcurrentConnections"/>:
/// a flood of 20,000 connections would be 20,000 lines (and a console nobody reads would stall the
/// server). That event is filtered out (Microsoft.AspNetCore.Server.Kestrel.Connections: Error) and
/// this logs one summary warning at most once a <see cref="Interval"/>, counted from Kestrel's
/// kestrel.rejected_connections metric.
/// </summary>
public sealed class RejectedConnectionLog : IHostedService, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    public const string LoggerCategory = "Microsoft.AspNetCore.Server.Kestrel.Connections";

    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _meters;
    private readonly ServiceOptions _options;
    private readonly ILogger<RejectedConnectionLog> _log;
    private readonly object _gate = new();
    private long _pending, _total;
    private long _lastLogged = long.MinValue;
    private Timer? _timer;

    public RejectedConnectionLog(IMeterFactory meters, ServiceOptions options, ILogger<RejectedConnectionLog> log)
    {
        _meters = meters;
        _options = options;
        _log = log;
    }

    /// <summary>Connections refused since the start.</summary>
    public long Total => Interlocked.Read(ref _total);

    public Task StartAsync(CancellationToken ct)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This server's meter only (tests run several in one process).
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel" && instrument.Name == "kestrel.rejected_connections"
                && ReferenceEquals(instrument.Meter.Scope, _meters))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Rejected(value));
        _listener.Start();
        _timer = new Timer(_ => { lock (_gate) Flush(); }, null, Interval, Interval);
        return Task.CompletedTask;
    }

    private void Rejected(long count)
    {
        Interlocked.Add(ref _total, count);
        lock (_gate)
        {
            _pending += count;
            // The first refusal after a quiet spell is told at once; the rest of a flood once per interval.
            if (_lastLogged == long.MinValue || Stopwatch.GetElapsedTime(_lastLogged) >= Interval) Flush();
        }
    }

    private void Flush()
    {
        if (_pending == 0) return;
        _log.LogWarning("Refused {Count} connection(s): {Limit} connections were open (MaxConcurrentConnections); " +
                        "each further one is closed at once. Further refusals are summed up once a minute", _pending, _options.MaxConcurrentConnections);
        _pending = 0;
        _lastLogged = Stopwatch.GetTimestamp();
    }

    public Task StopAsync(CancellationToken ct)
    {
        lock (_gate) Flush();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _listener.Dispose();
    }
}
