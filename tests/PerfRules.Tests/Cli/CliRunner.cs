using PerfRules.Cli;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Cli;

/// <summary>Runs the `perfrules` command line in-process, with the test run's own rule cache.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args.Concat(new[] { "--cache", RuleTestSupport.CacheDir }).ToArray(), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Without the --cache option (for commands that do not take it).</summary>
    public static (int Code, string Out, string Err) RunPlain(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
