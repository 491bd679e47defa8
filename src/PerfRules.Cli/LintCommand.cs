using System.CommandLine;
using PerfRules.Reports;
using PerfRules.Rules;

namespace PerfRules.Cli;

/// <summary>`perfrules lint PATH... [--rules DIR] [--format F [--output FILE]]... [--fail-on LEVEL]`.</summary>
internal static class LintCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "要检查的文件或目录（目录下的所有文件）", Arity = ArgumentArity.OneOrMore };
        var formats = new Option<string[]>("--format") { Description = "输出格式：" + string.Join("、", ReportFormats.Names) + "（可多次给出）", AllowMultipleArgumentsPerToken = false };
        var outputs = new Option<string[]>("--output") { Description = "输出文件，与 --format 按顺序对应（默认输出到终端）" };
        var failOn = FailOnOption();
        var rules = new RuleOptions();
        var command = new Command("lint", "按规则检查绩效目标表，输出检查结果") { paths, formats, outputs, failOn };
        rules.AddTo(command);
        command.SetAction(r =>
        {
            var compiled = rules.Load(r, stderr);
            if (compiled is null) return CliApp.CouldNotRun;
            var report = new Linter(compiled).CheckAll(r.GetValue(paths)!);
            var status = WriteReports(report, r.GetValue(formats) ?? Array.Empty<string>(), r.GetValue(outputs) ?? Array.Empty<string>(), stdout, stderr);
            if (status != CliApp.Ok) return status;
            return report.Fails(ParseFailOn(r.GetValue(failOn)!)) ? CliApp.Findings : CliApp.Ok;
        });
        return command;
    }

    public static Option<string> FailOnOption()
    {
        var o = new Option<string>("--fail-on") { Description = "达到该级别的结果使退出码为 1：error、warning、info 或 never", DefaultValueFactory = _ => "error" };
        o.AcceptOnlyFromAmong("error", "warning", "info", "never");
        return o;
    }

    public static Severity ParseFailOn(string s) => s switch
    {
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        "never" => Severity.Off,
        _ => Severity.Error,
    };

    /// <summary>Writes each requested format to its file (or stdout); formats and outputs pair in order.</summary>
    public static int WriteReports(LintReport report, string[] formats, string[] outputs, TextWriter stdout, TextWriter stderr)
    {
        if (formats.Length == 0) formats = new[] { "text" };
        if (outputs.Length > formats.Length)
        {
            stderr.WriteLine("--output 的个数多于 --format");
            return CliApp.CouldNotRun;
        }
        var chosen = new List<IReportFormatter>();
        foreach (var name in formats)
        {
            var f = ReportFormats.Find(name);
            if (f is null)
            {
                stderr.WriteLine($"未知的输出格式“{name}”（可用：{string.Join("、", ReportFormats.Names)}）");
                return CliApp.CouldNotRun;
            }
            chosen.Add(f);
        }
        for (int i = 0; i < chosen.Count; i++)
        {
            var text = ReportFormats.Render(chosen[i], report);
            if (i < outputs.Length)
            {
                try
                {
                    var dir = Path.GetDirectoryName(Path.GetFullPath(outputs[i]));
                    if (dir is not null) Directory.CreateDirectory(dir);
                    File.WriteAllText(outputs[i], text);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"无法写入“{outputs[i]}”：{e.Message}");
                    return CliApp.CouldNotRun;
                }
            }
            else stdout.Write(text);
        }
        return CliApp.Ok;
    }
}
