using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>Where the compiled-rule cache and its signing secret live, from the options and the environment.</summary>
public static class CacheLocation
{
    /// <summary><see cref="RuleEngineOptions.CacheDirectory"/>, else <c>$PERFRULES_CACHE</c>, else <c>~/.cache/perfrules</c>.</summary>
    public static string Directory(RuleEngineOptions options) =>
        options.CacheDirectory
        ?? (Environment.GetEnvironmentVariable("PERFRULES_CACHE") is { Length: > 0 } env ? env : null)
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "perfrules");

    /// <summary>The secret's path, or null when there is no per-user folder to keep it in.</summary>
    public static string? SecretFile(RuleEngineOptions options)
    {
        if (options.CacheSecretFile is { Length: > 0 } file) return file;
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return data.Length > 0 && Path.IsPathRooted(data) ? Path.Combine(data, "perfrules", "cache-secret.key") : null;
    }
}
