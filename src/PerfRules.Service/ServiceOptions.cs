namespace PerfRules.Service;

/// <summary>The service's settings: section "PerfRules" of appsettings.json, PerfRules__* environment variables, or the command line.</summary>
public sealed class ServiceOptions
{
    public const string Section = "PerfRules";

    /// <summary>Rule folder; null for the built-in rule set.</summary>
    public string? Rules { get; set; }
    /// <summary>Compiled-rule cache folder; null for $PERFRULES_CACHE or ~/.cache/perfrules.</summary>
    public string? CacheDirectory { get; set; }
    /// <summary>Largest request body accepted (bytes); larger requests get 413.</summary>
    public long MaxRequestBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Most documents in one multipart request; more get 413.</summary>
    public int MaxFiles { get; set; } = 50;
    /// <summary>Longest a request may take, reading included; slower ones get 504.</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Short command-line switches mapped onto configuration keys.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--rules"] = $"{Section}:{nameof(Rules)}",
        ["--cache"] = $"{Section}:{nameof(CacheDirectory)}",
        ["--max-request-bytes"] = $"{Section}:{nameof(MaxRequestBytes)}",
        ["--max-files"] = $"{Section}:{nameof(MaxFiles)}",
        ["--request-timeout"] = $"{Section}:{nameof(RequestTimeoutSeconds)}",
    };

    /// <summary>Settings that cannot work, in Chinese (empty when all is well).</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxRequestBytes <= 0) yield return $"{Section}:{nameof(MaxRequestBytes)} 必须为正数";
        if (MaxFiles <= 0) yield return $"{Section}:{nameof(MaxFiles)} 必须为正数";
        if (RequestTimeoutSeconds <= 0) yield return $"{Section}:{nameof(RequestTimeoutSeconds)} 必须为正数";
        if (Rules is { Length: > 0 } r && !Directory.Exists(r)) yield return $"规则目录“{r}”不存在";
    }
}
