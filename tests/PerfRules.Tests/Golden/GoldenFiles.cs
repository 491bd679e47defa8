namespace PerfRules.Tests.Golden;

/// <summary>
/// Golden files live in fixtures/golden. They are written by the code (set PERFRULES_UPDATE_GOLDEN=1
/// and run the tests) and then read and checked by a person before they are committed.
/// </summary>
public static class GoldenFiles
{
    public static string Dir => Path.Combine(Seeds.RepoRoot, "fixtures", "golden");

    public static bool Updating => Environment.GetEnvironmentVariable("PERFRULES_UPDATE_GOLDEN") == "1";

    /// <summary>Compares the text with the golden file, or rewrites the file when updating.</summary>
    public static void Check(string name, string actual)
    {
        var path = Path.Combine(Dir, name);
        actual = actual.Replace("\r\n", "\n");
        if (Updating)
        {
            Directory.CreateDirectory(Dir);
            File.WriteAllText(path, actual);
            Assert.Warn($"golden file {name} rewritten: read it before committing");
            return;
        }
        File.Exists(path).ShouldBeTrue($"golden file {name} is missing (run with PERFRULES_UPDATE_GOLDEN=1, then check it)");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual) return;
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        Assert.Fail($"{name} differs at line {i + 1}:\n expected: {(i < a.Length ? a[i] : "<end>")}\n   actual: {(i < b.Length ? b[i] : "<end>")}");
    }
}
