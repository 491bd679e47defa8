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
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = Lang.T("输出调试日志到标准错误，并逐个列出跳过的文件", "Debug log on stderr, with every file left out"),
    };
    public Option<string?> LogFile { get; } = new("--log")
    {
        Description = Lang.T("同时把日志写入该文件（追加）", "Also write the log to this file (appended)"),
        HelpName = Lang.T("文件", "file"),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Verbose);
        command.Options.Add(LogFile);
    }

    /// <summary>The log file can be written (Serilog would otherwise drop the log silently); errors in <paramref name="usage"/>.</summary>
    public void Validate(ParseResult r, Usage usage)
    {
        if (r.GetValue(LogFile) is not { Length: > 0 } file) return;
        ReportOptions.OutputPath(file, usage);
        if (usage.Failed) return;
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            using var _ = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            usage.Problem(Lang.T($"无法写入日志文件“{file}”：{PerfRules.Files.AtomicFile.Reason(e)}", $"Cannot write the log file '{file}': {PerfRules.Files.AtomicFile.Reason(e)}"));
        }
    }

    public LogSession Start(ParseResult r, TextWriter stderr)
    {
        var file = r.GetValue(LogFile) is { Length: > 0 } f ? f : null;
        // The lowest level a sink takes: below it an event is dropped before it is built (an audit
        // logs one debug event per document, which nothing reads without --verbose or --log).
        var verbose = r.GetValue(Verbose);
        var debug = verbose || file is not null;
        return new LogSession(debug, () => SerilogFactory(stderr, verbose, debug, file));
    }

    // Serilog's types appear only from here on: a run that logs nothing does not load its assemblies
    // (Serilog, Serilog.Extensions.Logging), a few milliseconds of the main thread's start.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ILoggerFactory SerilogFactory(TextWriter stderr, bool verbose, bool debug, string? file)
    {
        const string template = "[{Level:u3}] {Message:lj}{NewLine}{Exception}";
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(debug ? LogEventLevel.Debug : LogEventLevel.Warning)
            .WriteTo.Sink(new WriterSink(stderr, template), verbose ? LogEventLevel.Debug : LogEventLevel.Warning);
        if (file is not null) config = ToFile(config, file);
        return new SerilogLoggerFactory(config.CreateLogger(), dispose: true);
    }

    // A method of its own: only a run with --log loads the file sink's assembly.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static LoggerConfiguration ToFile(LoggerConfiguration config, string file) =>
        config.WriteTo.File(file, LogEventLevel.Debug, "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext} {Message:lj}{NewLine}{Exception}");
}

/// <summary>
/// A configured logger; disposing flushes and closes the log file. The logger factory (Serilog's) is made at the
/// first event at or above the lowest level a sink takes: a run that logs nothing (no --verbose, no --log, no
/// warning) never builds it, about 5 ms of a lint's start, nor loads Serilog's assemblies (nothing here names
/// their types).
/// </summary>
/// <param name="debug">Whether a sink takes debug events (--verbose or --log); else warnings and errors only.</param>
internal sealed class LogSession(bool debug, Func<ILoggerFactory> create) : IDisposable
{
    private readonly Lazy<ILoggerFactory> _factory = new(create);
    // Serilog's Debug and Warning are Microsoft.Extensions.Logging's too; MEL's Trace is Serilog's Verbose, below both.
    private readonly LogLevel _minimum = debug ? LogLevel.Debug : LogLevel.Warning;

    public Microsoft.Extensions.Logging.ILogger For(string category) => new Deferred(this, category);

    public void Dispose()
    {
        if (_factory.IsValueCreated) _factory.Value.Dispose();
    }

    /// <summary>A category's logger that asks for Serilog only for an event a sink takes.</summary>
    private sealed class Deferred(LogSession session, string category) : Microsoft.Extensions.Logging.ILogger
    {
        private Microsoft.Extensions.Logging.ILogger? _logger;

        // Two threads may both make it: the same logger of the same factory.
        private Microsoft.Extensions.Logging.ILogger Logger => _logger ??= session._factory.Value.CreateLogger(category);

        public bool IsEnabled(LogLevel level) => level >= session._minimum && level != LogLevel.None && Logger.IsEnabled(level);

        public void Log<TState>(LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(level)) Logger.Log(level, eventId, state, exception, formatter);
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Logger.BeginScope(state);
    }

    /// <summary>
    /// For an exception filter: the details of an error that ends the run go to the log (the --log
    /// file; stderr only with --verbose, at debug level) while the stack is still there; the user
    /// gets CliApp's one line. Always false.
    /// </summary>
    public static bool Details(Microsoft.Extensions.Logging.ILogger logger, Exception e)
    {
        logger.LogDebug(e, "运行因错误中止");
        return false;
    }
}

/// <summary>
/// Writes log events to the host's stderr writer (so tests see them), each as one write under the
/// writer's own lock, which the progress lines take too: the formatter writes an event token by token,
/// and a progress line from another worker landed inside it.
/// </summary>
internal sealed class WriterSink(TextWriter writer, string template) : ILogEventSink
{
    private readonly MessageTemplateTextFormatter _format = new(template);

    public void Emit(LogEvent logEvent)
    {
        var text = new StringWriter();
        _format.Format(logEvent, text);
        lock (writer) writer.Write(text.ToString());
    }
}
