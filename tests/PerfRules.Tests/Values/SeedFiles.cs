namespace PerfRules.Tests.Values;

/// <summary>Finds fixtures/seeds from the test's output folder, wherever the repository is checked out.</summary>
internal static class SeedFiles
{
    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null)
            {
                var seeds = Path.Combine(dir.FullName, "fixtures", "seeds");
                if (System.IO.Directory.Exists(seeds)) return seeds;
                dir = dir.Parent;
            }
            throw new DirectoryNotFoundException("fixtures/seeds not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }

    public static string Read(string prefix)
        => File.ReadAllText(System.IO.Directory.GetFiles(Directory, prefix + "_*.txt").Single());
}
