using System.CommandLine;

namespace PerfRules.Cli;

/// <summary>The `perfrules` command line: a thin host over PerfRules.Core.</summary>
public static class CliApp
{
    /// <summary>Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run.</summary>
    public const int Ok = 0, Findings = 1, CouldNotRun = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PerfRules：预算绩效目标表校验工具");
        root.Subcommands.Add(ParseCommand.Build(stdout, stderr));
        root.Subcommands.Add(LintCommand.Build(stdout, stderr));
        root.Subcommands.Add(AuditCommand.Build(stdout, stderr));
        root.Subcommands.Add(BaselineCommand.Build(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Build(stdout, stderr));
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) stderr.WriteLine(error.Message);
            stderr.WriteLine("用法见 perfrules --help");
            return CouldNotRun;
        }
        return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
