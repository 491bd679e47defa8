namespace PerfRules.Tests;

/// <summary>
/// Where the repository and its fixtures are, found from the test's run directory: the one place
/// that knows the layout (no test spells "../../.." or looks for fixtures itself).
/// </summary>
public static class TestPaths
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PerfRules.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("PerfRules.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The folder holding PerfRules.sln.</summary>
    public static string Repo => RepoRoot.Value;

    public static string Fixtures => Path.Combine(Repo, "fixtures");

    /// <summary>fixtures/seeds: the five real tables, byte for byte.</summary>
    public static string Seeds => Path.Combine(Fixtures, "seeds");

    /// <summary>fixtures/golden: the model and findings of every seed.</summary>
    public static string Golden => Path.Combine(Fixtures, "golden");

    /// <summary>fixtures/cases: one folder of small documents per rule.</summary>
    public static string Cases => Path.Combine(Fixtures, "cases");

    /// <summary>rules/: the built-in rule set.</summary>
    public static string Rules => Path.Combine(Repo, "rules");

    /// <summary>The seed file whose name starts with the prefix, e.g. Seed("002").</summary>
    public static string Seed(string prefix)
    {
        var matches = Directory.GetFiles(Seeds, prefix + "*.txt");
        if (matches.Length != 1)
            throw new FileNotFoundException($"expected one seed starting with '{prefix}', found {matches.Length}");
        return matches[0];
    }
}
