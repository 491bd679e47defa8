using System.CommandLine;
using PerfRules.Reports;
using PerfRules.Rules;
using Spectre.Console;
using PerfRules.Files;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>`perfrules rules test|list|show ID|docs --output DIR [--rules DIR]`.</summary>
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
        var command = new Command("rules", "规则集相关命令") { test, List(stdout, stderr), Show(stdout, stderr), Docs(stdout, stderr) };
        return command;
    }

    // A Spectre console over the host's writer: no colours or control codes, a fixed width.
    private static IAnsiConsole Plain(TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 140;
        return console;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var rules = new RuleOptions();
        var command = new Command("list", "列出规则集中的全部规则（表格）");
        rules.AddTo(command);
        command.SetAction(r =>
        {
            var set = rules.LoadSet(r, stderr);
            if (set is null) return CliApp.CouldNotRun;
            var console = Plain(stdout);
            console.WriteLine($"规则集 {set.Name} {set.Version}（{set.Rules.Count} 条）");
            // One section per rule file (core.yaml, review.yaml, a district's own), in rule order.
            foreach (var (file, description, sectionRules) in set.Sections())
            {
                // A heading line, not a table title: Spectre wraps a long title of wide characters badly.
                console.WriteLine();
                console.WriteLine(RuleDocs.SectionTitle(file, description, sectionRules.Count));
                var table = new Table();
                table.AddColumns("规则", "级别", "作用范围", "标题");
                foreach (var rule in sectionRules)
                    table.AddRow(Markup.Escape(rule.Id), RuleDocs.SeverityText(rule.Severity), RuleDocs.ScopeText(rule.Scope), Markup.Escape(rule.Title));
                console.Write(table);
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<string>("id") { Description = "规则编号，例如 PR202" };
        var rules = new RuleOptions();
        var command = new Command("show", "显示一条规则：标题、级别、依据、消息和示例") { id };
        rules.AddTo(command);
        command.SetAction(r =>
        {
            var set = rules.LoadSet(r, stderr);
            if (set is null) return CliApp.CouldNotRun;
            var want = r.GetValue(id)!;
            var rule = set.Rules.FirstOrDefault(x => string.Equals(x.Id, want, StringComparison.OrdinalIgnoreCase));
            if (rule is null)
            {
                stderr.WriteLine($"规则集 {set.Name} 中没有规则“{want}”（perfrules rules list 列出全部规则）");
                return CliApp.CouldNotRun;
            }
            stdout.Write(RuleDocs.Page(set, rule));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Docs(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--output") { Description = "输出目录（每条规则一页 Markdown，另有目录页 README.md）", Required = true };
        var rules = new RuleOptions();
        var command = new Command("docs", "生成规则文档（Markdown）") { output };
        rules.AddTo(command);
        command.SetAction(r =>
        {
            var set = rules.LoadSet(r, stderr);
            if (set is null) return CliApp.CouldNotRun;
            var dir = r.GetValue(output)!;
            try
            {
                var pages = RuleDocs.Generate(set);
                // Each page whole or not at all (AtomicFile); the folder is made by the first.
                foreach (var (file, text) in pages) AtomicFile.WriteAllText(Path.Combine(dir, file), text);
                stdout.WriteLine($"已生成 {pages.Count} 个文件到 {dir}");
            }
            catch (OutputFileException e)
            {
                stderr.WriteLine(e.Message);
                return CliApp.CouldNotRun;
            }
            return CliApp.Ok;
        });
        return command;
    }
}
