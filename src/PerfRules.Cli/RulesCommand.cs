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
        var test = new Command("test", Lang.T("运行规则文件中的全部示例：正确示例不应有结果，错误示例应至少有一个结果",
            "Run every example of the rules: a valid one must give no finding, an invalid one at least one"));
        rules.AddTo(test);
        rules.AddEngineTo(test);
        test.Examples(
            ("perfrules rules test", Lang.T("运行内置规则的全部示例", "Run the built-in rules' examples")),
            ("perfrules rules test --rules 本区规则", Lang.T("运行自定义规则文件夹中的示例", "Run the examples of a custom rule folder")));
        test.SetAction(r =>
        {
            if (Validate(test, rules, r, stderr) is { } exit) return exit;
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
        var command = new Command("rules", Lang.T("规则集相关命令：运行示例、列出、查看和生成规则文档", "Rule set commands: run the examples, list, show and document the rules"))
        {
            test, List(stdout, stderr), Show(stdout, stderr), Docs(stdout, stderr),
        };
        command.Examples(
            ("perfrules rules list", Lang.T("列出全部规则", "List every rule")),
            ("perfrules rules show PR202", Lang.T("查看一条规则的说明、依据和示例", "Show one rule: text, basis and examples")));
        return command;
    }

    /// <summary>--rules names something that exists (a usage error otherwise, before anything is read); null when fine.</summary>
    private static int? Validate(Command command, RuleOptions rules, ParseResult r, TextWriter stderr)
    {
        var usage = new Usage(command, stderr);
        rules.Validate(r, usage);
        return usage.Failed ? usage.Exit() : null;
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
        var command = new Command("list", Lang.T("列出规则集中的全部规则（表格）", "List every rule of the rule set (a table)"));
        rules.AddTo(command);
        command.Examples(
            ("perfrules rules list", Lang.T("列出内置规则", "List the built-in rules")),
            ("perfrules rules list --rules 本区规则", Lang.T("列出自定义规则集中生效的规则和级别", "List the rules and severities of a custom rule set")));
        command.SetAction(r =>
        {
            if (Validate(command, rules, r, stderr) is { } exit) return exit;
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
        var id = new Argument<string>("id") { Description = Lang.T("规则编号，例如 PR202", "Rule id, e.g. PR202"), HelpName = Lang.T("规则编号", "id") };
        var rules = new RuleOptions();
        var command = new Command("show", Lang.T("显示一条规则：标题、级别、依据、消息和示例", "Show one rule: title, severity, basis, message and examples")) { id };
        rules.AddTo(command);
        command.Examples(("perfrules rules show PR202", Lang.T("查看规则 PR202（项目应有效益指标）", "Show rule PR202")));
        command.SetAction(r =>
        {
            if (Validate(command, rules, r, stderr) is { } exit) return exit;
            var set = rules.LoadSet(r, stderr);
            if (set is null) return CliApp.CouldNotRun;
            var want = r.GetValue(id)!;
            var rule = set.Rules.FirstOrDefault(x => string.Equals(x.Id, want, StringComparison.OrdinalIgnoreCase));
            if (rule is null)
            {
                var closest = Suggestions.Closest(want, set.Rules.Select(x => x.Id));
                stderr.WriteLine($"规则集 {set.Name} 中没有规则“{want}”。" + Suggestions.Hint(closest) + "（perfrules rules list 列出全部规则）");
                return CliApp.CouldNotRun;
            }
            stdout.Write(RuleDocs.Page(set, rule));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Docs(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--output")
        {
            Description = Lang.T("输出文件夹（每条规则一页 Markdown，另有目录页 README.md）", "Output folder (one Markdown page per rule, and README.md)"),
            HelpName = Lang.T("目录", "dir"),
            Required = true,
        };
        var rules = new RuleOptions();
        var command = new Command("docs", Lang.T("生成规则文档（Markdown）", "Write the rule documentation (Markdown)")) { output };
        rules.AddTo(command);
        command.Examples(("perfrules rules docs --output docs/rules", Lang.T("每条规则生成一页说明", "One page per rule")));
        command.SetAction(r =>
        {
            if (Validate(command, rules, r, stderr) is { } exit) return exit;
            if (File.Exists(r.GetValue(output)))
            {
                var usage = new Usage(command, stderr);
                usage.Error(Lang.T($"“{r.GetValue(output)}”是文件：--output 应是文件夹", $"'{r.GetValue(output)}' is a file: --output must be a folder"));
                return usage.Exit();
            }
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
