namespace PerfRules.Tests.Golden;

/// <summary>What a golden check does with the file.</summary>
public enum GoldenMode
{
    /// <summary>Compare and fail on any difference (always, in CI).</summary>
    Compare,
    /// <summary>Rewrite the file and warn (PERFRULES_UPDATE_GOLDEN=1 on a developer's machine).</summary>
    Update,
    /// <summary>PERFRULES_UPDATE_GOLDEN=1 under CI: fail, rewrite nothing.</summary>
    Refused,
}

/// <summary>
/// Golden files live in fixtures/golden. They are written by the code (set PERFRULES_UPDATE_GOLDEN=1
/// and run the tests) and then read and checked by a person before they are committed. Under CI
/// the update mode is refused, so a corrupted golden file can never be accepted automatically.
/// </summary>
public static class GoldenFiles
{
    public static string Dir => TestPaths.Golden;

    /// <summary>The mode for these environment variables (CI is set by GitHub, GitLab, Azure and most others).</summary>
    public static GoldenMode ModeFor(Func<string, string?> env)
    {
        if (env("PERFRULES_UPDATE_GOLDEN") != "1") return GoldenMode.Compare;
        var ci = env("CI");
        return string.IsNullOrEmpty(ci) || ci.Equals("false", StringComparison.OrdinalIgnoreCase) || ci == "0"
            ? GoldenMode.Update : GoldenMode.Refused;
    }

    public static GoldenMode Mode => ModeFor(Environment.GetEnvironmentVariable);

    /// <summary>Compares the text with the golden file, or rewrites the file when updating.</summary>
    public static void Check(string name, string actual) => Check(Dir, name, actual, Mode);

    public static void Check(string dir, string name, string actual, GoldenMode mode)
    {
        var path = Path.Combine(dir, name);
        actual = actual.Replace("\r\n", "\n");
        switch (mode)
        {
            case GoldenMode.Refused:
                Assert.Fail($"PERFRULES_UPDATE_GOLDEN=1 is refused under CI: golden file {name} was not rewritten. " +
                            "Rewrite golden files on your machine, read them, and commit them.");
                return;
            case GoldenMode.Update:
                Directory.CreateDirectory(dir);
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
