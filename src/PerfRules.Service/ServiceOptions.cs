using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules.Runtime;

namespace PerfRules.Service;

/// <summary>The service's settings: section "PerfRules" of appsettings.json, PerfRules__* environment variables, or the command line.</summary>
public sealed class ServiceOptions
{
    public const string Section = "PerfRules";

    /// <summary>Rule folder; null for the built-in rule set.</summary>
    public string? Rules { get; set; }
    /// <summary>Engine of the per-document rules: "compiled" (default) or "rulesengine" (Microsoft RulesEngine, the slower reference; docs/service.md).</summary>
    public string Engine { get; set; } = "compiled";
    /// <summary>Compiled-rule cache folder; null for $PERFRULES_CACHE or the platform's cache folder (docs/install.md).</summary>
    public string? CacheDirectory { get; set; }
    /// <summary>Largest request body accepted (bytes); larger requests get 413.</summary>
    public long MaxRequestBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Most documents in one multipart request; more get 413.</summary>
    public int MaxFiles { get; set; } = 50;
    /// <summary>Longest a request may take, reading included; slower ones get 504.</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;

    // How much the service takes on at once (docs/hardening.md, "Service limits", has the memory this bounds).
    /// <summary>Checks (/lint, /parse) running at once, reading their bodies included; more wait in the queue.</summary>
    public int MaxConcurrentChecks { get; set; } = 4;
    /// <summary>Checks waiting for a free slot; past that a request gets 503 with Retry-After at once.</summary>
    public int CheckQueueLimit { get; set; } = 32;
    /// <summary>The Retry-After of a 503 (seconds).</summary>
    public int RetryAfterSeconds { get; set; } = 5;
    /// <summary>Open TCP connections; Kestrel closes any further one as soon as it is accepted.</summary>
    public long MaxConcurrentConnections { get; set; } = 512;
    /// <summary>Connections upgraded to another protocol (WebSockets); the service offers none.</summary>
    public long MaxConcurrentUpgradedConnections { get; set; } = 0;
    /// <summary>How long an idle connection stays open between requests (seconds).</summary>
    public double KeepAliveTimeoutSeconds { get; set; } = 30;
    /// <summary>How long a client may take to send a request's headers (seconds).</summary>
    public double RequestHeadersTimeoutSeconds { get; set; } = 10;
    /// <summary>The service sits behind a reverse proxy: listening on a non-loopback address is then logged as information, not a warning.</summary>
    public bool BehindReverseProxy { get; set; }

    // The library's own limits (docs/hardening.md, "Limits"), per document; 0 turns one off, as in the CLI.
    /// <summary>Largest document read (bytes); a bigger one is a PR006 finding, not read.</summary>
    public long MaxFileSize { get; set; } = ReadOptions.DefaultMaxFileSize;
    /// <summary>Longest line parsed (characters); a longer one is a PR007 finding and is blanked.</summary>
    public int MaxLineLength { get; set; } = ReadOptions.DefaultMaxLineLength;
    /// <summary>Findings listed per document; the rest are summed up in one PR008.</summary>
    public int MaxFindingsPerDocument { get; set; } = RuleEngineOptions.DefaultMaxFindingsPerDocument;
    /// <summary>Run time each rule may spend on one document (seconds); past it the rule stops with a rule-failure finding.</summary>
    public double RuleTimeBudgetSeconds { get; set; } = 2;

    /// <summary>How the reader is limited.</summary>
    public ReadOptions ReaderOptions(CodeTable codes) => new() { Codes = codes, MaxFileSize = MaxFileSize, MaxLineLength = MaxLineLength };

    /// <summary>How the rules are limited (and where they are cached).</summary>
    public RuleEngineOptions EngineOptions() => new()
    {
        CacheDirectory = CacheDirectory,
        MaxFindingsPerDocument = MaxFindingsPerDocument,
        TimeBudget = TimeSpan.FromSeconds(RuleTimeBudgetSeconds),
        // The cross-document rules of a multipart upload run in NRules sessions (PerfRules.Engines.NRules).
        CrossDocument = PerfRules.Engines.NRules.NRulesCrossDocumentEngine.Instance,
    };

    /// <summary>Short command-line switches mapped onto configuration keys.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--rules"] = $"{Section}:{nameof(Rules)}",
        ["--cache"] = $"{Section}:{nameof(CacheDirectory)}",
        ["--max-request-bytes"] = $"{Section}:{nameof(MaxRequestBytes)}",
        ["--max-files"] = $"{Section}:{nameof(MaxFiles)}",
        ["--request-timeout"] = $"{Section}:{nameof(RequestTimeoutSeconds)}",
        ["--max-concurrent-checks"] = $"{Section}:{nameof(MaxConcurrentChecks)}",
        ["--check-queue-limit"] = $"{Section}:{nameof(CheckQueueLimit)}",
        ["--retry-after"] = $"{Section}:{nameof(RetryAfterSeconds)}",
        ["--max-connections"] = $"{Section}:{nameof(MaxConcurrentConnections)}",
        ["--max-upgraded-connections"] = $"{Section}:{nameof(MaxConcurrentUpgradedConnections)}",
        ["--keep-alive-timeout"] = $"{Section}:{nameof(KeepAliveTimeoutSeconds)}",
        ["--request-headers-timeout"] = $"{Section}:{nameof(RequestHeadersTimeoutSeconds)}",
        ["--behind-reverse-proxy"] = $"{Section}:{nameof(BehindReverseProxy)}",
        // The same names as the CLI's lint options (sizes here are plain numbers of bytes).
        ["--max-file-size"] = $"{Section}:{nameof(MaxFileSize)}",
        ["--max-line-length"] = $"{Section}:{nameof(MaxLineLength)}",
        ["--max-findings-per-document"] = $"{Section}:{nameof(MaxFindingsPerDocument)}",
        ["--time-budget"] = $"{Section}:{nameof(RuleTimeBudgetSeconds)}",
    };

    /// <summary>Settings that cannot work, in Chinese (empty when all is well).</summary>
    public IEnumerable<string> Problems()
    {
        if (Engine is not ("compiled" or "rulesengine")) yield return $"{Section}:{nameof(Engine)} 只能是 compiled 或 rulesengine";
        if (MaxRequestBytes <= 0) yield return $"{Section}:{nameof(MaxRequestBytes)} 必须为正数";
        if (MaxFiles <= 0) yield return $"{Section}:{nameof(MaxFiles)} 必须为正数";
        if (RequestTimeoutSeconds <= 0) yield return $"{Section}:{nameof(RequestTimeoutSeconds)} 必须为正数";
        if (MaxConcurrentChecks <= 0) yield return $"{Section}:{nameof(MaxConcurrentChecks)} 必须为正数";
        if (CheckQueueLimit < 0) yield return $"{Section}:{nameof(CheckQueueLimit)} 不能为负数（0 表示不排队，直接返回 503）";
        if (RetryAfterSeconds <= 0) yield return $"{Section}:{nameof(RetryAfterSeconds)} 必须为正数";
        if (MaxConcurrentConnections <= 0) yield return $"{Section}:{nameof(MaxConcurrentConnections)} 必须为正数";
        if (MaxConcurrentUpgradedConnections < 0) yield return $"{Section}:{nameof(MaxConcurrentUpgradedConnections)} 不能为负数";
        if (!(KeepAliveTimeoutSeconds > 0) || KeepAliveTimeoutSeconds > 86400) yield return $"{Section}:{nameof(KeepAliveTimeoutSeconds)} 必须在 0 与 86400 之间（不含 0）";
        if (!(RequestHeadersTimeoutSeconds > 0) || RequestHeadersTimeoutSeconds > 86400) yield return $"{Section}:{nameof(RequestHeadersTimeoutSeconds)} 必须在 0 与 86400 之间（不含 0）";
        if (MaxFileSize < 0) yield return $"{Section}:{nameof(MaxFileSize)} 不能为负数（0 表示不限制）";
        if (MaxLineLength < 0) yield return $"{Section}:{nameof(MaxLineLength)} 不能为负数（0 表示不限制）";
        if (MaxFindingsPerDocument < 0) yield return $"{Section}:{nameof(MaxFindingsPerDocument)} 不能为负数（0 表示不限制）";
        if (RuleTimeBudgetSeconds < 0 || double.IsNaN(RuleTimeBudgetSeconds) || RuleTimeBudgetSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
            yield return $"{Section}:{nameof(RuleTimeBudgetSeconds)} 必须在 0 与 {TimeSpan.MaxValue.TotalSeconds / 2:0} 之间（0 表示不限制）";
        if (Rules is { Length: > 0 } r && !Directory.Exists(r)) yield return $"规则目录“{r}”不存在";
    }
}
