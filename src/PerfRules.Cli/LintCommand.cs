using System.CommandLine;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Files;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>`perfrules lint PATH... [--rules DIR] [--format F [--output FILE]]... [--fail-on LEVEL]`.</summary>
internal static class LintCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "要检查的文件或目录（目录下的所有文件）", Arity = ArgumentArity.OneOrMore };
        var report = new ReportOptions();
        var rules = new RuleOptions();
        var limits = new LimitOptions();
        var command = new Command("lint", "按规则检查绩效目标表，输出检查结果") { paths };
        report.AddTo(command);
        rules.AddTo(command);
        limits.AddTo(command);
        command.SetAction(r =>
        {
            var compiled = rules.Load(r, stderr);
            if (compiled is null) return CliApp.CouldNotRun;
            var linter = limits.Linter(r, compiled, stderr);
            if (linter is null) return CliApp.CouldNotRun;
            var result = linter.CheckAll(r.GetValue(paths)!);
            return report.Finish(result, r, "text", summaryAlways: false, quiet: false, stdout, stderr);
        });
        return command;
    }

    public static Option<string> FailOnOption()
    {
        var o = new Option<string>("--fail-on") { Description = "达到该级别的结果使退出码为 1：error、warning、info 或 never", DefaultValueFactory = _ => FailOn.Default };
        o.AcceptOnlyFromAmong(FailOn.Levels.ToArray());
        return o;
    }

    /// <summary>Writes each requested format to its file (or stdout); formats and outputs pair in order.</summary>
    public static int WriteReports(LintReport report, string[] formats, string[] outputs, TextWriter stdout, TextWriter stderr,
        Microsoft.Extensions.Logging.ILogger? logger = null, ReportFormats? registry = null)
    {
        registry ??= AllFormats.Reports;
        if (formats.Length == 0) formats = new[] { "text" };
        if (outputs.Length > formats.Length)
        {
            stderr.WriteLine("--output 的个数多于 --format");
            return CliApp.CouldNotRun;
        }
        var chosen = new List<IReportFormatter>();
        for (int i = 0; i < formats.Length; i++)
        {
            var f = registry.Find(formats[i]);
            if (f is null)
            {
                stderr.WriteLine($"未知的输出格式“{formats[i]}”（可用：{string.Join("、", registry.Names)}）");
                return CliApp.CouldNotRun;
            }
            if (f.IsBinary && i >= outputs.Length)
            {
                stderr.WriteLine($"{f.Name} 格式只能写入文件，请用 --output 指定文件");
                return CliApp.CouldNotRun;
            }
            chosen.Add(f);
        }
        for (int i = 0; i < chosen.Count; i++)
        {
            if (i < outputs.Length)
            {
                try
                {
                    ReportFormats.WriteFile(chosen[i], report, outputs[i]);
                    if (logger is not null) Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "已写入 {Format} 报告 {File}", chosen[i].Name, outputs[i]);
                }
                catch (OutputFileException e)
                {
                    stderr.WriteLine(e.Message);
                    if (logger is not null) Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, e.InnerException, "无法写入 {File}", outputs[i]);
                    return CliApp.CouldNotRun;
                }
            }
            else stdout.Write(ReportFormats.Render(chosen[i], report));
        }
        return CliApp.Ok;
    }
}
