using PerfRules.Rules.Runtime;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Where the compiled-rule cache and its secret live by default, in each platform's place:
/// <list type="table">
/// <item><term>Windows</term><description><c>%LOCALAPPDATA%\perfrules\cache</c>, secret <c>%LOCALAPPDATA%\perfrules\cache-secret.key</c></description></item>
/// <item><term>macOS</term><description><c>~/Library/Caches/perfrules</c>, secret <c>~/Library/Application Support/perfrules/cache-secret.key</c></description></item>
/// <item><term>Linux, other Unix</term><description><c>$XDG_CACHE_HOME/perfrules</c> (else <c>~/.cache/perfrules</c>), secret <c>$XDG_DATA_HOME/perfrules/cache-secret.key</c> (else <c>~/.local/share/…</c>)</description></item>
/// </list>
/// <c>$PERFRULES_CACHE</c> names the cache folder on every platform. The secret is never inside the
/// cache folder (<see cref="DiskCache"/> refuses that). Pure over <see cref="Machine"/>, so each
/// platform's answer is tested on any platform; paths are joined with the target's separator.
/// </summary>
internal static class CacheLocation
{
    /// <summary><see cref="RuleEngineOptions.CacheDirectory"/>, else the default <see cref="Folder"/>; null when there is no per-user folder.</summary>
    public static string? Directory(RuleEngineOptions options) => options.CacheDirectory ?? Folder(Current);

    /// <summary><see cref="RuleEngineOptions.CacheSecretFile"/>, else the default <see cref="SecretFile(Machine)"/>; null when there is no per-user folder.</summary>
    public static string? SecretFile(RuleEngineOptions options) =>
        options.CacheSecretFile is { Length: > 0 } file ? file : SecretFile(Current);

    public enum Platform { Windows, MacOS, Unix }

    /// <summary>What the resolution reads from the machine: its platform, its environment, the user's home and local application data folders.</summary>
    public sealed record Machine(Platform Platform, Func<string, string?> Variable, string? Home, string? LocalAppData);

    public const string Variable = "PERFRULES_CACHE";

    public static Machine Current => new(
        OperatingSystem.IsWindows() ? Platform.Windows : OperatingSystem.IsMacOS() ? Platform.MacOS : Platform.Unix,
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify),
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify));

    /// <summary>The default cache folder, or null when the machine has no per-user folder for it.</summary>
    public static string? Folder(Machine m)
    {
        if (m.Variable(Variable) is { Length: > 0 } chosen) return chosen;
        return m.Platform switch
        {
            Platform.Windows => Join(m, LocalAppData(m), "perfrules", "cache"),
            Platform.MacOS => Join(m, Rooted(m, m.Home), "Library", "Caches", "perfrules"),
            _ => Join(m, Rooted(m, m.Variable("XDG_CACHE_HOME")) ?? Join(m, Rooted(m, m.Home), ".cache"), "perfrules"),
        };
    }

    /// <summary>The default secret file, or null when the machine has no per-user folder for it.</summary>
    public static string? SecretFile(Machine m) => m.Platform switch
    {
        Platform.Windows => Join(m, LocalAppData(m), "perfrules", "cache-secret.key"),
        Platform.MacOS => Join(m, Rooted(m, m.Home), "Library", "Application Support", "perfrules", "cache-secret.key"),
        _ => Join(m, Rooted(m, m.Variable("XDG_DATA_HOME")) ?? Join(m, Rooted(m, m.Home), ".local", "share"), "perfrules", "cache-secret.key"),
    };

    // %LOCALAPPDATA% as the user's environment says, else the known folder.
    private static string? LocalAppData(Machine m) => Rooted(m, m.Variable("LOCALAPPDATA")) ?? Rooted(m, m.LocalAppData);

    /// <summary>The folder when it is absolute on the target platform; a relative one (XDG says: ignore it) or none gives null.</summary>
    private static string? Rooted(Machine m, string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var rooted = m.Platform == Platform.Windows
            ? (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/') || path.StartsWith(@"\\", StringComparison.Ordinal)
            : path.StartsWith('/');
        return rooted ? path : null;
    }

    private static string? Join(Machine m, string? root, params string[] parts)
    {
        if (root is null) return null;
        var separator = m.Platform == Platform.Windows ? '\\' : '/';
        return root.TrimEnd(separator, '/') + separator + string.Join(separator, parts);
    }
}
