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
    public static Option<int> JobsOption() => new("--jobs", "-j") { Description = "同时检查的文件数（默认每个处理器核心一个）" };

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "要检查的文件或目录（目录下的所有文件）", Arity = ArgumentArity.OneOrMore };
        var jobs = JobsOption();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "不显示进度，也不在终端输出汇总" };
        var report = new ReportOptions();
        var rules = new RuleOptions();
        var logs = new LogOptions();
        var limits = new LimitOptions();
        var command = new Command("audit", "批量检查：逐个文件检查并跨文档核对，输出按部门、规则、级别的汇总和报告") { paths, jobs, quiet };
        report.AddTo(command);
        rules.AddTo(command);
        logs.AddTo(command);
        limits.AddTo(command);
        command.SetAction(r =>
        {
            var n = r.GetValue(jobs);
            if (n < 0)
            {
                stderr.WriteLine("--jobs 应为正整数");
                return CliApp.CouldNotRun;
            }
            using var log = logs.Start(r, stderr);
            var logger = log.For("PerfRules.Audit");
            try
            {
                return Audit(r, n, logger, log);
            }
            catch (Exception e) when (LogDetails(logger, e))
            {
                throw; // never reached: the filter only logs
            }
        });
        return command;

        int Audit(ParseResult r, int n, ILogger logger, LogSession log)
        {
            var compiled = rules.Load(r, stderr);
            if (compiled is null) return CliApp.CouldNotRun;
            logger.LogDebug("规则集 {RuleSet} {Version}：{Rules} 条规则，{Cache}", compiled.RuleSet.Name, compiled.RuleSet.Version,
                compiled.RuleSet.Rules.Count, compiled.Compiled ? "已编译" : "来自缓存");

            var limited = limits.Linter(r, compiled, stderr);
            if (limited is null) return CliApp.CouldNotRun;
            // Expanded once: a folder that cannot be listed or a link loop is an entry of its own.
            var files = InputExpansion.Expand(r.GetValue(paths)!);
            var linter = new Linter(limited.Rules, limited.Reader) { Log = new RunLogger(log.For("PerfRules.Linter")) };
            var isQuiet = r.GetValue(quiet);
            var result = ProgressDisplay.Run(files.Count, isQuiet, stderr, onFile =>
                linter.CheckAll(files, new CheckOptions { Jobs = n, OnFile = onFile }));
            var audit = new LintReport
            {
                RuleSet = result.RuleSet, Documents = result.Documents, IsAudit = true,
            };
            var s = audit.Summary;
            logger.LogDebug("检查完成：{Files} 个文件，{Findings} 条结果，{Unreadable} 个文件无法识别或读取", s.Files, s.Totals.Total, s.Unreadable.Count);
            foreach (var u in s.Unreadable) logger.LogWarning("无法识别或读取 {File}", u.File);
            return report.Finish(audit, r, "summary", summaryAlways: true, quiet: isQuiet, stdout, stderr, logger);
        }
    }

    /// <summary>
    /// The details of an error that ends the run go to the log (the --log file; stderr only with
    /// --verbose, at debug level), while the stack is still there; the user gets CliApp's one line.
    /// </summary>
    private static bool LogDetails(ILogger logger, Exception e)
    {
        logger.LogDebug(e, "运行因错误中止");
        return false;
    }
}
