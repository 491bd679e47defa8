using System.Text.RegularExpressions;

namespace PerfRules.Tests.Repository;

/// <summary>
/// The README's two set-up commands are what CI runs: `.ci/run` calls each exactly as printed (the
/// test command only gains its result logger), and calls no other dotnet command, so a change to
/// one side without the other fails here.
/// </summary>
public class ReadmeCommandsTests
{
    /// <summary>The commands of the first code block under "## Set-up", without comments.</summary>
    private static List<string> SetUpCommands()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.Repo, "README.md")).Replace("\r\n", "\n");
        var section = Regex.Match(readme, @"^## Set-up[^\n]*\n(?<body>.*?)(?=^## )", RegexOptions.Multiline | RegexOptions.Singleline);
        section.Success.ShouldBeTrue("README.md has no \"## Set-up\" section");
        var block = Regex.Match(section.Groups["body"].Value, @"```(?:bash|sh)?\n(?<code>.*?)```", RegexOptions.Singleline);
        block.Success.ShouldBeTrue("the set-up section has no code block");
        return block.Groups["code"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    /// <summary>The lines of .ci/run that run dotnet, trimmed, comments dropped.</summary>
    private static List<string> CiDotnetLines() =>
        File.ReadAllLines(Path.Combine(TestPaths.Repo, ".ci", "run")).Select(l => l.Trim())
            .Where(l => Regex.IsMatch(l, @"^dotnet\s")).ToList();

    [Test]
    public void The_readme_shows_two_commands_the_main_job_and_the_tests()
    {
        var commands = SetUpCommands();
        commands.Count.ShouldBe(2, string.Join("\n", commands));
        commands[0].ShouldStartWith("dotnet run --project src/PerfRules.Cli -- audit ");
        commands[1].ShouldStartWith("dotnet test ");
    }

    [Test]
    public void Ci_runs_the_main_job_exactly_as_the_readme_prints_it()
    {
        var main = SetUpCommands()[0];
        CiDotnetLines().ShouldContain(main, ".ci/run does not run the README's main job as printed: " + main);
    }

    [Test]
    public void Ci_runs_the_test_command_exactly_as_the_readme_prints_it_plus_only_a_result_logger()
    {
        var test = SetUpCommands()[1];
        var lines = CiDotnetLines().Where(l => l.StartsWith("dotnet test", StringComparison.Ordinal)).ToList();
        var line = lines.ShouldHaveSingleItem(".ci/run should run one dotnet test");
        line.ShouldStartWith(test + " ", Case.Sensitive, $".ci/run runs `{line}`, the README says `{test}`");
        // What follows may only say where the results go, never change what is built or run.
        var extra = Regex.Matches(line[test.Length..], @"""[^""]*""|\S+").Select(m => m.Value).ToList();
        for (int i = 0; i < extra.Count; i += 2)
        {
            new[] { "--logger", "--results-directory" }.ShouldContain(extra[i], $".ci/run adds `{extra[i]}` to the README's test command");
            (i + 1).ShouldBeLessThan(extra.Count, $"{extra[i]} without a value");
        }
        extra.ShouldContain("--logger");
    }

    [Test]
    public void Ci_runs_no_other_dotnet_command()
    {
        var commands = SetUpCommands();
        foreach (var line in CiDotnetLines())
            commands.ShouldContain(c => line == c || line.StartsWith(c + " --logger", StringComparison.Ordinal),
                $".ci/run runs `{line}`, which is not one of the README's commands");
    }
}
