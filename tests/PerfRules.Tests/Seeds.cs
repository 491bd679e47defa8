using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests;

/// <summary>The seed documents, read once per test run.</summary>
public static class Seeds
{
    public static string RepoRoot => TestPaths.Repo;

    public static string Dir => TestPaths.Seeds;

    /// <summary>The seed file whose name starts with the prefix, e.g. "000".</summary>
    public static string Path0(string prefix) => TestPaths.Seed(prefix);

    public static IEnumerable<string> All => Directory.GetFiles(Dir).OrderBy(f => f, StringComparer.Ordinal);

    public static IEnumerable<string> Prefixes => All.Select(f => Path.GetFileName(f)[..3]);

    public static Submission Read(string prefix) => new SubmissionReader().ReadFile(Path0(prefix)).One();

    public static SourceText Text(string prefix)
    {
        var path = Path0(prefix);
        var (text, enc) = TextDecoder.Decode(File.ReadAllBytes(path));
        return new SourceText(path, text, enc);
    }
}
