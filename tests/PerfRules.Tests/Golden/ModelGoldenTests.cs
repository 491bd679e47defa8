using PerfRules.Ingest;

namespace PerfRules.Tests.Golden;

/// <summary>The model of every seed, exactly, as `perfrules parse --format json` prints it.</summary>
public class ModelGoldenTests
{
    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Seed_model_matches_its_golden_file(string prefix)
    {
        var s = Seeds.Read(prefix);
        // Golden files name the seed relative to the repository, whatever the machine.
        s.SourceFile = Path.GetRelativePath(Seeds.RepoRoot, s.SourceFile).Replace('\\', '/');
        GoldenFiles.Check($"{prefix}.model.json", CanonicalWriter.ToJson(s));
    }
}
