using System.CommandLine;
using PerfRules.Files;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>`perfrules baseline PATH... [--output FILE]`: records the current findings by fingerprint.</summary>
internal static class BaselineCommand
{
    public const string DefaultFile = "perfrules-baseline.json";

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var inputs = new InputOptions();
        var output = new Option<string>("--output")
        {
            Description = Lang.T($"基线文件（默认为项目文件中的 baseline，否则 {DefaultFile}）", $"Baseline file (default: the project file's baseline, else {DefaultFile})"),
            HelpName = Lang.T("文件", "file"),
            DefaultValueFactory = _ => DefaultFile,
        };
        var jobs = AuditCommand.JobsOption();
        var rules = new RuleOptions();
        var limits = new LimitOptions();
        var command = new Command("baseline", Lang.T("记录当前的全部检查结果（按指纹），之后 lint/audit 用 --baseline 隐藏它们，只报告新问题",
            "Record every current finding (by fingerprint); lint/audit --baseline then report only new ones"));
        inputs.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(jobs);
        rules.AddTo(command);
        limits.AddTo(command);
        command.Examples(
            ($"perfrules baseline tables --output {DefaultFile}", Lang.T("记录现有的全部结果", "Record every current finding")),
            ($"perfrules lint tables --baseline {DefaultFile}", Lang.T("以后的检查只报告新出现的问题", "Later checks report only new findings")));
        command.SetAction(r =>
        {
            var usage = new Usage(command, stderr);
            if (r.GetValue(jobs) < 0) usage.Error(Lang.T("--jobs 应为正整数", "--jobs must be a positive number"));
            var named = inputs.Resolve(r, usage);
            var project = named?.Project ?? ProjectSettings.None;
            project.Check(r, output, "baseline", usage);
            var file = project.Pick(r, output, "baseline")!;
            ReportOptions.OutputPath(file, usage);
            rules.Validate(r, usage, project);
            limits.Validate(r, usage);
            if (usage.Failed || named is null) return usage.Exit();

            var compiled = rules.Load(r, stderr, project);
            if (compiled is null) return CliApp.CouldNotRun;
            var set = named.Select(new[] { file });
            var report = limits.Linter(r, compiled).CheckAll(set.Files, new CheckOptions { Jobs = r.GetValue(jobs), ReturnStepMemory = true });
            var entries = 0;
            try
            {
                // Entry by entry from the spilled run into a temporary file, renamed over the old baseline
                // only when complete: a kill or a full disk leaves the accepted findings as they were.
                AtomicFile.Write(file, s => entries = Baseline.Write(s, Baseline.EntriesOf(report), $"{compiled.RuleSet.Name} {compiled.RuleSet.Version}"));
            }
            catch (OutputFileException e)
            {
                stderr.WriteLine(e.Message);
                return CliApp.CouldNotRun;
            }
            stdout.WriteLine($"已把 {report.Documents.Count} 个文件的 {entries} 条结果记录到基线 {file}");
            return CliApp.Ok;
        });
        return command;
    }
}
