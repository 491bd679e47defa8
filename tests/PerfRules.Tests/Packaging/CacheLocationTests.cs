using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;
using static PerfRules.Rules.Compilation.CacheLocation;

namespace PerfRules.Tests.Packaging;

/// <summary>
/// The compiled-rule cache and its secret in each platform's place (<see cref="CacheLocation"/>),
/// worked out from an injected machine so that Windows and macOS are checked here too.
/// </summary>
public class CacheLocationTests
{
    private static Machine On(Platform platform, string? home = null, string? localAppData = null, params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new Machine(platform, name => env.GetValueOrDefault(name), home, localAppData);
    }

    [Test]
    public void Windows_keeps_both_under_local_app_data()
    {
        var m = On(Platform.Windows, home: @"C:\Users\张三", localAppData: @"C:\Users\张三\AppData\Local",
            ("LOCALAPPDATA", @"D:\Profiles\张三\AppData\Local"));
        Folder(m).ShouldBe(@"D:\Profiles\张三\AppData\Local\perfrules\cache");
        SecretFile(m).ShouldBe(@"D:\Profiles\张三\AppData\Local\perfrules\cache-secret.key");
    }

    [Test]
    public void Windows_without_the_variable_uses_the_known_folder()
    {
        var m = On(Platform.Windows, home: @"C:\Users\li", localAppData: @"C:\Users\li\AppData\Local\");
        Folder(m).ShouldBe(@"C:\Users\li\AppData\Local\perfrules\cache");
        SecretFile(m).ShouldBe(@"C:\Users\li\AppData\Local\perfrules\cache-secret.key");
    }

    [Test]
    public void Windows_takes_a_network_profile_and_ignores_a_relative_variable()
    {
        var m = On(Platform.Windows, localAppData: @"\\profiles\li\AppData\Local", variables: ("LOCALAPPDATA", @"AppData\Local"));
        Folder(m).ShouldBe(@"\\profiles\li\AppData\Local\perfrules\cache");
        var none = On(Platform.Windows, localAppData: "", variables: ("LOCALAPPDATA", "relative"));
        Folder(none).ShouldBeNull();
        SecretFile(none).ShouldBeNull();
    }

    [Test]
    public void MacOS_uses_library_caches_and_application_support()
    {
        var m = On(Platform.MacOS, home: "/Users/zhang", localAppData: "/Users/zhang/Library/Application Support",
            ("XDG_CACHE_HOME", "/ignored/on/macos"));
        Folder(m).ShouldBe("/Users/zhang/Library/Caches/perfrules");
        SecretFile(m).ShouldBe("/Users/zhang/Library/Application Support/perfrules/cache-secret.key");
    }

    [Test]
    public void Linux_follows_xdg_and_falls_back_to_dot_folders()
    {
        var xdg = On(Platform.Unix, home: "/home/wang", variables: new[] { ("XDG_CACHE_HOME", "/var/cache/wang"), ("XDG_DATA_HOME", "/data/wang/") });
        Folder(xdg).ShouldBe("/var/cache/wang/perfrules");
        SecretFile(xdg).ShouldBe("/data/wang/perfrules/cache-secret.key");

        var plain = On(Platform.Unix, home: "/home/wang/");
        Folder(plain).ShouldBe("/home/wang/.cache/perfrules");
        SecretFile(plain).ShouldBe("/home/wang/.local/share/perfrules/cache-secret.key");

        // XDG: a relative value is invalid and is ignored.
        var relative = On(Platform.Unix, home: "/home/wang", variables: new[] { ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data") });
        Folder(relative).ShouldBe("/home/wang/.cache/perfrules");
        SecretFile(relative).ShouldBe("/home/wang/.local/share/perfrules/cache-secret.key");

        Folder(On(Platform.Unix, home: "/")).ShouldBe("/.cache/perfrules");
    }

    [Test]
    public void Without_a_home_there_is_no_default([Values("Windows", "MacOS", "Unix")] string platformName)
    {
        var platform = Enum.Parse<Platform>(platformName);
        var m = On(platform, home: "", localAppData: "");
        Folder(m).ShouldBeNull();
        SecretFile(m).ShouldBeNull();
    }

    [Test]
    public void PERFRULES_CACHE_names_the_folder_everywhere_and_leaves_the_secret_in_its_place([Values("Windows", "MacOS", "Unix")] string platformName)
    {
        var platform = Enum.Parse<Platform>(platformName);
        var m = On(platform, home: platform == Platform.Windows ? @"C:\Users\a" : "/home/a", localAppData: platform == Platform.Windows ? @"C:\Users\a\AppData\Local" : "/home/a/.local/share",
            (Variable, "/srv/cache/perfrules"));
        Folder(m).ShouldBe("/srv/cache/perfrules");
        SecretFile(m).ShouldBe(SecretFile(On(platform, m.Home, m.LocalAppData)));
    }

    [Test]
    public void The_default_secret_is_never_inside_the_default_folder([Values("Windows", "MacOS", "Unix")] string platformName)
    {
        var platform = Enum.Parse<Platform>(platformName);
        // DiskCache refuses a secret inside the cache folder: the defaults must never be refused.
        var windows = platform == Platform.Windows;
        var m = On(platform, home: windows ? @"C:\Users\赵" : "/home/赵", localAppData: windows ? @"C:\Users\赵\AppData\Local" : "/home/赵/.local/share");
        var folder = Folder(m)!;
        var separator = windows ? '\\' : '/';
        SecretFile(m)!.StartsWith(folder + separator, StringComparison.Ordinal).ShouldBeFalse();
    }

    [Test]
    public void This_machine_resolves_through_the_same_function()
    {
        var options = new RuleEngineOptions();
        CacheLocation.Directory(options).ShouldBe(Folder(Current));
        SecretFile(options).ShouldBe(SecretFile(Current));
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 })
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = xdg is { Length: > 0 } && xdg.StartsWith('/') ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            CacheLocation.Directory(options).ShouldBe(Path.Combine(root, "perfrules"));
        }
        var given = new RuleEngineOptions { CacheDirectory = "/x", CacheSecretFile = "/y/key" };
        CacheLocation.Directory(given).ShouldBe("/x");
        SecretFile(given).ShouldBe("/y/key");
    }
}
