using System.CommandLine;
using Microsoft.Extensions.Logging;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>
/// `perfrules lint PATH... [--rules DIR] [--format F [--output FILE]]... [--fail-on LEVEL]
/// [--min-severity LEVEL] [--exclude GLOB]... [--include GLOB]... [--watch]`.
/// </summary>
internal static class LintCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new InputOptions();
        var report = new ReportOptions();
        var rules = new RuleOptions();
        var limits = new LimitOptions();
        var logs = new LogOptions();
        var watch = new Option<bool>("--watch", "-w")
        {
            Description = Lang.T("检查后继续监视这些文件，保存后自动重新检查（按 Ctrl-C 结束）", "Keep watching the files and check again after each save (Ctrl-C ends)"),
        };
        var command = new Command("lint", Lang.T("检查绩效目标表：逐条列出错误、警告和提示（错误在前），最后给出统计",
            "Check performance target tables: every error, warning and info (errors first), then the counts"));
        inputs.AddTo(command);
        report.AddTo(command);
        command.Options.Add(watch);
        rules.AddTo(command);
        rules.AddEngineTo(command);
        logs.AddTo(command);
        limits.AddTo(command);
        command.Examples(
            ("perfrules lint 项目支出绩效目标表.xlsx", Lang.T("检查一张表", "Check one table")),
            ("perfrules lint 本部门 --min-severity warning", Lang.T("检查文件夹中的全部表，只列出错误和警告", "Check every table in a folder, listing errors and warnings only")),
            ("perfrules lint 本部门 --format html --output 检查结果.html", Lang.T("另存为 HTML 报告（用浏览器打开）", "Write an HTML report (open it in a browser)")),
            ("perfrules lint 项目支出绩效目标表.xlsx --watch", Lang.T("在 Excel/WPS 中修改并保存后自动重新检查，按 Ctrl-C 结束", "Check again after each save in Excel/WPS; Ctrl-C ends")));
        command.SetAction(r =>
        {
            // Everything typed is checked before any table is read.
            var usage = new Usage(command, stderr);
            var named = inputs.Resolve(r, usage);
            var project = named?.Project ?? ProjectSettings.None;
            var plan = report.Validate(r, usage, project);
            rules.Validate(r, usage, project);
            limits.Validate(r, usage);
            logs.Validate(r, usage);
            if (usage.Failed || named is null || plan is null) return usage.Exit();

            using var log = logs.Start(r, stderr);
            var logger = log.For("PerfRules.Lint");
            try
            {
                return Lint(r, named, plan, project, logger, log);
            }
            catch (Exception e) when (LogSession.Details(logger, e))
            {
                throw; // never reached: the filter only logs
            }
        });
        return command;

        int Lint(ParseResult r, Inputs named, ReportOptions.Plan plan, ProjectSettings project, ILogger logger, LogSession log)
        {
            ReportOptions.PrepareInBackground(plan);
            var compiled = rules.Load(r, stderr, project);
            if (compiled is null) return CliApp.CouldNotRun;
            var linter = limits.Linter(r, compiled, new RunLogger(log.For("PerfRules.Linter")));
            var own = ReportOptions.Written(plan).Append(plan.BaselineFile).Append(r.GetValue(logs.LogFile)).ToList();
            var verbose = r.GetValue(logs.Verbose);

            int Once(bool first)
            {
                var set = named.Select(own);
                if (first || verbose) named.Tell(set, verbose, quiet: false, stderr, logger);
                var result = linter.CheckAll(set.Files, new CheckOptions { ReturnStepMemory = true });
                return ReportOptions.Finish(result, plan, "text", summaryAlways: false, quiet: false, stdout, stderr, logger);
            }

            // A rule being edited is watched too: its new version is compiled and used; a broken one is
            // reported (file:line) and nothing is checked until it is fixed, never the stale rules.
            bool Reload()
            {
                if (rules.Load(r, stderr, project) is not { } again) return false;
                linter = limits.Linter(r, again, new RunLogger(log.For("PerfRules.Linter")));
                return true;
            }

            if (!r.GetValue(watch)) return Once(first: true);
            return Watch(named, own, () => rules.SourceFiles(r, project), Once, Reload, stderr);
        }
    }

    /// <summary>
    /// Checks, then checks again each time the inputs or the rule files change and settle, until
    /// Ctrl-C (which ends the process, see <see cref="Interrupts"/>).
    /// </summary>
    private static int Watch(Inputs named, IReadOnlyList<string?> own, Func<IReadOnlyList<string>> ruleFiles,
        Func<bool, int> once, Func<bool> reload, TextWriter stderr)
    {
        var watcher = new ChangeWatcher(() => ChangeWatcher.Snapshot(named.Select(own).Files.Select(f => f.Path).Concat(ruleFiles())));
        var seen = watcher.Take();
        var ruleState = ChangeWatcher.Snapshot(ruleFiles());
        var rulesBroken = false;
        once(true);
        while (true)
        {
            stderr.WriteLine(rulesBroken
                ? Lang.T("规则文件有错误（见上），修正并保存后自动重新检查，按 Ctrl-C 结束", "The rule files have errors (above); saving a fix checks again; Ctrl-C ends")
                : Lang.T($"正在监视 {string.Join("、", named.Paths)}：保存后自动重新检查，按 Ctrl-C 结束",
                    $"Watching {string.Join(", ", named.Paths)}: saving checks again; Ctrl-C ends"));
            stderr.Flush();
            if (watcher.WaitForChange(seen) is not { } settled) return CliApp.Ok;
            seen = settled;
            stderr.WriteLine();
            var rulesNow = ChangeWatcher.Snapshot(ruleFiles());
            if (rulesBroken || !ChangeWatcher.Same(ruleState, rulesNow))
            {
                ruleState = rulesNow;
                stderr.WriteLine(Lang.T($"—— {DateTime.Now:HH:mm:ss} 规则已更改，重新加载规则 ——", $"—— {DateTime.Now:HH:mm:ss} rules changed, reloading ——"));
                rulesBroken = !reload();
                if (rulesBroken) continue;
            }
            stderr.WriteLine(Lang.T($"—— {DateTime.Now:HH:mm:ss} 文件已更改，重新检查 ——", $"—— {DateTime.Now:HH:mm:ss} changed, checking again ——"));
            once(false);
        }
    }
}
