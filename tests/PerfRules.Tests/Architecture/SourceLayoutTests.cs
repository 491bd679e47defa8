using System.Text.RegularExpressions;

namespace PerfRules.Tests.Architecture;

/// <summary>The layers are visible in the folders, and a file's name says what it holds.</summary>
public class SourceLayoutTests
{
    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Repo, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    private static IEnumerable<string> AllSources() =>
        Directory.EnumerateDirectories(Path.Combine(TestPaths.Repo, "src")).SelectMany(d => Sources(Path.GetFileName(d)));

    private static readonly Regex PublicType = new(@"^public (?:sealed |static |abstract |readonly |partial )*(?:class|record struct|record|interface|enum|struct|delegate) +(\w+)", RegexOptions.Multiline);

    /// <summary>Files that still hold two public types, and why they wait.</summary>
    private static readonly Dictionary<string, string> Waiting = new()
    {
        ["src/PerfRules.Core/Ingest/GridText.cs"] = "GridLimits beside GridBuilder: the readers branch is changing this file",
    };

    [Test]
    public void Each_file_holds_one_public_type_named_like_the_file()
    {
        var wrong = new List<string>();
        foreach (var file in AllSources())
        {
            var relative = Path.GetRelativePath(TestPaths.Repo, file).Replace('\\', '/');
            var types = PublicType.Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            if (types.Count > 1 && !Waiting.ContainsKey(relative)) wrong.Add($"{relative}: {string.Join(", ", types)}");
            if (types.Count == 1 && types[0] != Path.GetFileNameWithoutExtension(file)) wrong.Add($"{relative}: holds {types[0]}");
        }
        wrong.ShouldBeEmpty(string.Join("\n", wrong));
    }

    [Test]
    public void The_cores_folders_are_its_layers()
    {
        // src/PerfRules.Core/<Layer>/…/X.cs is in namespace PerfRules.<Layer> (or below it).
        var core = Path.Combine(TestPaths.Repo, "src", "PerfRules.Core");
        var wrong = new List<string>();
        foreach (var file in Sources("PerfRules.Core"))
        {
            var layer = Path.GetRelativePath(core, file).Split(Path.DirectorySeparatorChar)[0];
            var ns = Regex.Match(File.ReadAllText(file), @"^namespace ([\w.]+);", RegexOptions.Multiline).Groups[1].Value;
            if (ns != $"PerfRules.{layer}" && !ns.StartsWith($"PerfRules.{layer}.", StringComparison.Ordinal))
                wrong.Add($"{Path.GetRelativePath(core, file)}: namespace {ns}");
        }
        wrong.ShouldBeEmpty(string.Join("\n", wrong));
    }
}
