namespace PerfRules.Tests;

/// <summary>Where the repository and its fixtures are, found from the test's run directory.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PerfRules.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("PerfRules.sln not found above " + TestContext.CurrentContext.TestDirectory);
    });

    /// <summary>The folder holding PerfRules.sln.</summary>
    public static string Repo => RepoRoot.Value;

    public static string Fixtures => Path.Combine(Repo, "fixtures");

    /// <summary>The seed file whose name starts with the prefix, e.g. Seed("002").</summary>
    public static string Seed(string prefix)
    {
        var matches = Directory.GetFiles(Path.Combine(Fixtures, "seeds"), prefix + "*.txt");
        if (matches.Length != 1)
            throw new FileNotFoundException($"expected one seed starting with '{prefix}', found {matches.Length}");
        return matches[0];
    }
}
