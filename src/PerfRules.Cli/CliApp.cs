using System.CommandLine;

namespace PerfRules.Cli;

/// <summary>The `perfrules` command line: a thin host over PerfRules.Core.</summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PerfRules：预算绩效目标表校验工具");
        var parse = new Command("parse", "读取绩效目标表并输出模型");
        var files = new Argument<string[]>("files") { Description = "要读取的文件", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "输出格式：yaml 或 json", DefaultValueFactory = _ => "yaml" };
        parse.Arguments.Add(files);
        parse.Options.Add(format);
        parse.SetAction(r => 0);
        root.Subcommands.Add(parse);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
