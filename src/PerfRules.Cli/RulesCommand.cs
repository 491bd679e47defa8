using System.CommandLine;
using PerfRules.Rules;

namespace PerfRules.Cli;

/// <summary>`perfrules rules test [--rules DIR]`: runs every rule's examples.</summary>
internal static class RulesCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var rules = new RuleOptions();
        var test = new Command("test", "运行规则文件中的全部示例：正确示例不应有结果，错误示例应至少有一个结果");
        rules.AddTo(test);
        test.SetAction(r =>
        {
            var compiled = rules.Load(r, stderr);
            if (compiled is null) return CliApp.CouldNotRun;
            int passed = 0, failed = 0;
            foreach (var c in RuleExamples.Cases(compiled.RuleSet))
            {
                var result = RuleExamples.Run(compiled, c);
                if (result.Passed) passed++;
                else
                {
                    failed++;
                    stdout.WriteLine("失败 " + result.Explanation);
                }
            }
            stdout.WriteLine($"规则集 {compiled.RuleSet.Name} {compiled.RuleSet.Version}：{passed} 个示例通过，{failed} 个失败");
            return failed == 0 ? CliApp.Ok : CliApp.Findings;
        });
        var command = new Command("rules", "规则集相关命令") { test };
        return command;
    }
}
