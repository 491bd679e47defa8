using System.CommandLine;
using Microsoft.Extensions.Logging;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>
/// `perfrules audit PATH... [--rules DIR] [--jobs N] [--format F [--output FILE]]... [--fail-on LEVEL]
/// [--baseline FILE] [--max-findings N] [--quiet] [--verbose] [--log FILE]`: checks every file, in
/// parallel, runs the cross-document rules, and prints the summary (by department, rule, severity,
/// worst documents, totals, files that could not be read).
/// </summary>
internal static class AuditCommand
{
    public static Option<int> JobsOption() => new("--jobs", "-j")
    {
        Description = Lang.T("同时检查的文件数（默认每个处理器核心一个）", "Files checked at once (default: one per processor core)"),
        HelpName = "N",
    };

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new InputOptions();
        var jobs = JobsOption();
        var quiet = new Option<bool>("--quiet", "-q") { Description = Lang.T("不显示进度，也不在终端输出汇总", "No progress and no summary on the terminal") };
        var report = new ReportOptions();
        var rules = new RuleOptions();
        var logs = new LogOptions();
        var limits = new LimitOptions();
        var command = new Command("audit", Lang.T("批量审核：逐个文件检查并跨文档核对，输出按部门、规则、级别的汇总和报告",
            "Audit many tables: check each file, cross-check documents, print a summary by department, rule and severity"));
        inputs.AddTo(command);
        command.Options.Add(jobs);
        command.Options.Add(quiet);
        report.AddTo(command);
        rules.AddTo(command);
        rules.AddEngineTo(command);
        logs.AddTo(command);
        limits.AddTo(command);
        command.Examples(
            ("perfrules audit 各部门", Lang.T("审核文件夹（含子文件夹）中的全部表，终端显示汇总", "Audit every table under a folder; the summary is printed")),
            ("perfrules audit 各部门 --format html --output 审核报告.html --format xlsx --output 审核报告.xlsx",
                Lang.T("同时生成 HTML 和 Excel 报告", "Write an HTML and an Excel report")),
            ("perfrules audit 各部门 --exclude \"草稿/**\" --no-project", Lang.T("不检查“草稿”文件夹，也不使用各文件夹自带的项目文件", "Leave out the drafts folder and ignore the folders' project files")));
        command.SetAction(r =>
        {
            var usage = new Usage(command, stderr);
            var n = r.GetValue(jobs);
            if (n < 0) usage.Error(Lang.T("--jobs 应为正整数", "--jobs must be a positive number"));
            var named = inputs.Resolve(r, usage);
            var project = named?.Project ?? ProjectSettings.None;
            var plan = report.Validate(r, usage, project);
            rules.Validate(r, usage, project);
            limits.Validate(r, usage);
            logs.Validate(r, usage);
            if (usage.Failed || named is null || plan is null) return usage.Exit();

            using var log = logs.Start(r, stderr);
            var logger = log.For("PerfRules.Audit");
            try
            {
                return Audit(r, n, named, plan, project, logger, log);
            }
            catch (Exception e) when (LogSession.Details(logger, e))
            {
                throw; // never reached: the filter only logs
            }
        });
        return command;

        int Audit(ParseResult r, int n, Inputs named, ReportOptions.Plan plan, ProjectSettings project, ILogger logger, LogSession log)
        {
            ReportOptions.PrepareInBackground(plan);
            // Expanded once: a folder that cannot be listed or a link loop is an entry of its own. Listed before the rules
            // load: this thread would otherwise wait for the built-in set, parsed on the start thread (CliApp.StartEarly).
            var set = named.Select(ReportOptions.Written(plan).Append(plan.BaselineFile).Append(r.GetValue(logs.LogFile)));
            var compiled = rules.Load(r, stderr, project);
            if (compiled is null) return CliApp.CouldNotRun;
            logger.LogDebug("规则集 {RuleSet} {Version}：{Rules} 条规则，{Cache}", compiled.RuleSet.Name, compiled.RuleSet.Version,
                compiled.RuleSet.Rules.Count, compiled.Compiled ? "已编译" : "来自缓存");

            var linter = limits.Linter(r, compiled, new RunLogger(log.For("PerfRules.Linter")));
            var isQuiet = r.GetValue(quiet);
            named.Tell(set, r.GetValue(logs.Verbose), isQuiet, stderr, logger);
            var files = set.Files;
            var result = ProgressDisplay.Run(files.Count, isQuiet, stderr, onFile =>
                linter.CheckAll(files, new CheckOptions { Jobs = n, OnFile = onFile, ReturnStepMemory = true }));
            var audit = new LintReport
            {
                RuleSet = result.RuleSet, Documents = result.Documents, IsAudit = true, Jobs = result.Jobs,
            };
            // The process's CPU time at each phase's end (with the log's timestamps: where a run's time goes).
            logger.LogDebug("逐文件检查和跨文档核对完成（进程 CPU 用时 {Cpu:F2} 秒）", Environment.CpuUsage.TotalTime.TotalSeconds);
            // The checks' code queued for tier 1 will not run again: the cores go to the report (TieredWorker).
            logger.LogDebug("分层编译线程{Done}", TieredWorker.Yield() ? "已降为最低优先级" : "未找到，优先级未改");
            var s = audit.Summary;
            logger.LogDebug("检查完成：{Files} 个文件，{Findings} 条结果，{Unreadable} 个文件无法识别或读取（进程 CPU 用时 {Cpu:F2} 秒）",
                s.Files, s.Totals.Total, s.Unreadable.Count, Environment.CpuUsage.TotalTime.TotalSeconds);
            foreach (var u in s.Unreadable) logger.LogWarning("无法识别或读取 {File}", u.File);
            return ReportOptions.Finish(audit, plan, "summary", summaryAlways: true, quiet: isQuiet, stdout, stderr, logger);
        }
    }
}
