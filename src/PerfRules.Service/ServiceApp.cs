using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Timeouts;
using PerfRules.Ingest;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Runs;
using PerfRules.Rules.Runtime;
using Serilog;
using Serilog.Events;

namespace PerfRules.Service;

/// <summary>The validation service: a minimal API that maps HTTP onto the Linter and the report formatters.</summary>
public static class ServiceApp
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// Builds the application and compiles the rules (once, here, not per request).
    /// Throws <see cref="RuleLoadException"/> for bad rule files and <see cref="InvalidOperationException"/> for bad settings.
    /// <paramref name="configure"/> lets a host or test adjust the builder; <paramref name="logging"/> adds Serilog sinks.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<LoggerConfiguration>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the assembly; run from any folder.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, ServiceOptions.Switches.ToDictionary());
        // Loopback unless told otherwise (--urls, ASPNETCORE_URLS or Urls in the configuration).
        if (string.IsNullOrWhiteSpace(builder.Configuration["Urls"])) builder.WebHost.UseUrls(DefaultUrls);

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(CreateLogger(builder.Configuration, logging), dispose: true);

        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems));

        var set = options.Rules is { Length: > 0 } dir ? RuleSetLoader.LoadFolder(dir) : RuleSetLoader.LoadBuiltin();
        var compiled = RuleSetCompiler.Compile(set, options.EngineOptions());
        if (options.Engine == PerfRules.Engines.RulesEngine.RulesEngineEngine.EngineName)
            compiled = new PerfRules.Engines.RulesEngine.RulesEngineEngine().Prepare(compiled);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<CheckGate>();
        builder.Services.AddSingleton<RejectedConnectionLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RejectedConnectionLog>());
        // The library's limits (PR006, PR007, PR008, the rule time budget) apply to every document, as in `perfrules lint`,
        // and every format the CLI reads is read here too (text, CSV, workbooks, Word files, PDF).
        builder.Services.AddSingleton(new Linter(compiled, new SubmissionReader(options.ReaderOptions(set.Codes), Formats.Inputs())));
        builder.Services.AddSingleton(Formats.Reports());
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = DocumentUpload.HardLimit(options);
            // Idle or slow connections cannot pile up: each holds a file descriptor and buffers.
            k.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxConcurrentUpgradedConnections;
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(options.KeepAliveTimeoutSeconds);
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(options.RequestHeadersTimeoutSeconds);
            k.AddServerHeader = false;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddRequestTimeouts(t => t.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = http => Problems.Result(Problems.Timeout(options.RequestTimeoutSeconds)).ExecuteAsync(http),
        });
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer(OpenApiDocs.Describe));

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() => WarnIfExposed(app, options));
        app.UseMiddleware<RequestLogging>();
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleException });
        app.UseStatusCodePages();
        app.UseRequestTimeouts();

        StaticPages.Map(app);
        app.MapGet("/healthz", (Linter linter, ServiceOptions o) => Results.Json(new
        {
            status = "ok",
            ruleSet = linter.Rules.RuleSet.Name,
            ruleSetVersion = linter.Rules.RuleSet.Version,
            rules = linter.Rules.RuleSet.Rules.Count,
            limits = new
            {
                maxRequestBytes = o.MaxRequestBytes, maxFiles = o.MaxFiles, requestTimeoutSeconds = o.RequestTimeoutSeconds,
                maxConcurrentChecks = o.MaxConcurrentChecks, checkQueueLimit = o.CheckQueueLimit,
                maxFileSize = o.MaxFileSize, maxLineLength = o.MaxLineLength,
                maxFindingsPerDocument = o.MaxFindingsPerDocument, ruleTimeBudgetSeconds = o.RuleTimeBudgetSeconds,
            },
        })).WithName("Health").WithTags("service").WithSummary("健康检查");

        var api = app.MapGroup("/api/v1").WithTags("api");
        var gate = app.Services.GetRequiredService<CheckGate>();
        OpenApiDocs.Document(api.MapPost("/lint", LintEndpoints.Lint).WithName("Lint").AddEndpointFilter(gate.Filter), OpenApiDocs.LintOperation);
        OpenApiDocs.Document(api.MapPost("/parse", LintEndpoints.Parse).WithName("Parse").AddEndpointFilter(gate.Filter), OpenApiDocs.ParseOperation);
        app.MapGet("/rules", RuleEndpoints.Page).ExcludeFromDescription();
        api.MapGet("/rules", RuleEndpoints.List).WithName("ListRules").WithSummary("规则集中的全部规则");
        api.MapGet("/rules/{id}", RuleEndpoints.Get).WithName("GetRule").WithSummary("一条规则的定义")
            .Produces<RuleEndpoints.RuleDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>
    /// Warns when the service listens where other machines can reach it: it has no TLS and no
    /// authentication of its own, so it belongs behind a reverse proxy (or on loopback).
    /// </summary>
    private static void WarnIfExposed(WebApplication app, ServiceOptions options)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PerfRules.Service");
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? Array.Empty<string>();
        foreach (var address in addresses.Where(a => !IsLoopback(a)))
        {
            if (options.BehindReverseProxy)
                log.LogInformation("Listening on {Address}, a non-loopback address, behind a reverse proxy (BehindReverseProxy is set)", address);
            else
                log.LogWarning("Listening on {Address}, which is not a loopback address: other machines can reach the service directly. " +
                               "It has no TLS, authentication or per-client rate limits of its own; put it behind a reverse proxy that adds them " +
                               "(then set PerfRules:BehindReverseProxy=true), or listen on 127.0.0.1. See docs/hardening.md, Service limits", address);
        }
    }

    /// <summary>Whether a listen address (as Kestrel reports it, e.g. http://[::]:5080) can be reached only from this machine.</summary>
    public static bool IsLoopback(string address)
    {
        var host = address;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        if (host.StartsWith('['))
            host = host[1..host.IndexOf(']')];
        else if (host.LastIndexOf(':') is var colon and > 0)
            host = host[..colon];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// A console logger whose levels come from "Serilog:MinimumLevel" (Default and Override:{namespace}),
    /// the same shape Serilog.Settings.Configuration reads. Serilog, not the Logging section, filters.
    /// </summary>
    public static Serilog.ILogger CreateLogger(IConfiguration config, Action<LoggerConfiguration>? extra = null)
    {
        var section = config.GetSection("Serilog:MinimumLevel");
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(Level(section["Default"], LogEventLevel.Information))
            .Enrich.FromLogContext();
        var overrides = section.GetSection("Override").GetChildren().ToList();
        // ASP.NET Core's own request events carry full URLs: keep them out unless asked for.
        if (overrides.Count == 0) logger.MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning);
        // One line per refused connection would let a flood flood the log too: RejectedConnectionLog sums them up.
        if (!overrides.Any(o => o.Key == RejectedConnectionLog.LoggerCategory))
            logger.MinimumLevel.Override(RejectedConnectionLog.LoggerCategory, LogEventLevel.Error);
        foreach (var o in overrides)
            logger.MinimumLevel.Override(o.Key, Level(o.Value, LogEventLevel.Information));
        extra?.Invoke(logger);
        return logger
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Error)
            .CreateLogger();
    }

    private static LogEventLevel Level(string? text, LogEventLevel fallback) =>
        Enum.TryParse<LogEventLevel>(text, true, out var level) ? level : fallback;

    /// <summary>Whatever escapes a handler becomes a problem document: Kestrel's own request errors keep their 4xx.</summary>
    private static Task HandleException(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var problem = error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                Problems.TooLarge("too-large", "请求体超过上限"),
            BadHttpRequestException b => Problems.Make(b.StatusCode, "bad-request", "请求无效", b.Message),
            _ => Problems.Make(StatusCodes.Status500InternalServerError, "internal", "服务内部错误", "服务处理请求时出错，请联系管理员"),
        };
        http.Response.StatusCode = problem.Status ?? 500;
        return Problems.Result(problem).ExecuteAsync(http);
    }

    /// <summary>Runs the service until stopped. Exit codes: 0 stopped, 2 could not start (bad rules or settings).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (RuleLoadException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine(error.ToString());
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("无法启动：" + e.Message);
            return 2;
        }
        catch (Exception e)
        {
            // Anything else is a failure too: exit 2, one line, never a stack trace and 134.
            Console.Error.WriteLine($"无法启动：{e.GetType().Name}：{e.Message.Replace('\n', ' ')}");
            return 2;
        }
        try
        {
            await app.RunAsync();
        }
        catch (Exception e)
        {
            // E.g. the port is taken: Kestrel throws at start.
            Console.Error.WriteLine($"服务异常停止：{e.GetType().Name}：{e.Message.Replace('\n', ' ')}");
            return 2;
        }
        return 0;
    }
}
