using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

/// <summary>Every kind of bad or hostile rule file stops lint and audit with exit 2 and file:line:col on stderr.</summary>
public class HostileRuleFileTests
{
    private static string Folder(params (string Name, string Text)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-hostile-rules-").FullName;
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        return dir;
    }

    private static string Rule(string assert) =>
        $"ruleset: d\nrules:\n  - id: X1\n    scope: project\n    assert: '{assert.Replace("'", "''")}'\n    message: m\n";

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new[] { ("d.yaml", "ruleset: d\nrules:\n  - id: X1\n    scope: [project\n") }, "d.yaml:5:1").SetName("Invalid YAML (the parser stops at the end of input)");
        yield return new TestCaseData(new[] { ("d.yaml", "ruleset: d\nrules:\n  - id: X1\n    scope: project\n    assert: \"true\"\n    asert: x\n") }, "d.yaml:6:5").SetName("Unknown key");
        yield return new TestCaseData(new[] { ("d.yaml", "ruleset: d\nrules:\n  - id: X1\n    scope: project\n    assert: \"true\"\n  - id: X1\n    scope: unit\n    assert: \"true\"\n") }, "d.yaml:6:").SetName("Duplicate id");
        yield return new TestCaseData(new[] { ("d.yaml", "ruleset: d\nextends: nowhere\nrules: []\n") }, "d.yaml:2:10").SetName("Missing extends target");
        yield return new TestCaseData(new[] { ("a.yaml", "ruleset: a\nextends: b\nrules: []\n"), ("b.yaml", "ruleset: b\nextends: a\nrules: []\n"), ("c.yaml", "ruleset: c\nextends: a\nrules: []\n") }, ".yaml:2:").SetName("Cycle in extends");
        yield return new TestCaseData(new[] { ("d.yaml", Rule("System.IO.File.ReadAllText(\"/etc/passwd\") != \"\"")) }, "d.yaml:5:14").SetName("System.IO");
        yield return new TestCaseData(new[] { ("d.yaml", Rule("System.Diagnostics.Process.Start(\"rm\") == null")) }, "d.yaml:5:14").SetName("Process");
        yield return new TestCaseData(new[] { ("d.yaml", Rule("project.Name != Environment.UserName")) }, "d.yaml:5:30").SetName("Environment");
        yield return new TestCaseData(new[] { ("d.yaml", Rule("project.GetType().Assembly.Location != \"\"")) }, "d.yaml:5:14").SetName("GetType reflection");
        yield return new TestCaseData(new[] { ("d.yaml", Rule("((dynamic)project).X == 1")) }, "d.yaml:5:14").SetName("dynamic");
    }

    [TestCaseSource(nameof(Cases))]
    public void A_bad_rule_folder_exits_2_with_file_line_and_column((string, string)[] files, string where)
    {
        var dir = Folder(files);
        foreach (var command in new[] { "lint", "audit" })
        {
            var (code, output, error) = CliRunner.Run(command, Seeds.Path0("003"), "--rules", dir);
            code.ShouldBe(CliApp.CouldNotRun, error);
            error.ShouldContain(where);
            output.ShouldBeEmpty();
        }
    }
}
