using System.CommandLine;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Extensions.Logging;

namespace PerfRules.Cli;

/// <summary>
/// --verbose and --log: Serilog with warnings and errors to stderr (debug with --verbose) and, with
/// --log FILE, everything from debug up to the file. Only file names, counts and timings are
/// logged, never document contents.
/// </summary>
internal sealed class LogOptions
{
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "输出调试日志（到标准错误）" };
    public Option<string?> LogFile { get; } = new("--log") { Description = "同时把日志写入该文件" };

    public void AddTo(Command command)
    {
        command.Options.Add(Verbose);
        command.Options.Add(LogFile);
    }

    public LogSession Start(ParseResult r, TextWriter stderr)
    {
        const string template = "[{Level:u3}] {Message:lj}{NewLine}{Exception}";
        var config = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.Sink(new WriterSink(stderr, template), r.GetValue(Verbose) ? LogEventLevel.Debug : LogEventLevel.Warning);
        if (r.GetValue(LogFile) is { Length: > 0 } file)
            config = config.WriteTo.File(file, LogEventLevel.Debug,
                "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext} {Message:lj}{NewLine}{Exception}");
        return new LogSession(config.CreateLogger());
    }
}

/// <summary>A configured logger; disposing flushes and closes the log file.</summary>
internal sealed class LogSession(Serilog.Core.Logger serilog) : IDisposable
{
    private readonly SerilogLoggerFactory _factory = new(serilog, dispose: true);

    public Microsoft.Extensions.Logging.ILogger For(string category) => _factory.CreateLogger(category);

    public void Dispose() => _factory.Dispose();
}

/// <summary>Writes log events to the host's stderr writer (so tests see them), one at a time.</summary>
internal sealed class WriterSink(TextWriter writer, string template) : ILogEventSink
{
    private readonly MessageTemplateTextFormatter _format = new(template);
    private readonly object _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate) _format.Format(logEvent, writer);
    }
}
