using System.CommandLine;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Files;
using PerfRules.Ingest;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>`perfrules baseline PATH... [--output FILE]`: records the current findings by fingerprint.</summary>
internal static class BaselineCommand
{
    public const string DefaultFile = "perfrules-baseline.json";

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "要检查的文件或目录", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output") { Description = "基线文件（默认 " + DefaultFile + "）", DefaultValueFactory = _ => DefaultFile };
        var jobs = AuditCommand.JobsOption();
        var rules = new RuleOptions();
        var command = new Command("baseline", "记录当前的全部检查结果（按指纹），之后用 --baseline 隐藏它们") { paths, output, jobs };
        rules.AddTo(command);
        command.SetAction(r =>
        {
            var compiled = rules.Load(r, stderr);
            if (compiled is null) return CliApp.CouldNotRun;
            var report = new Linter(compiled, AllFormats.Reader(new ReadOptions { Codes = compiled.RuleSet.Codes })).CheckAll(r.GetValue(paths)!, new CheckOptions { Jobs = Math.Max(0, r.GetValue(jobs)) });
            var file = r.GetValue(output)!;
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
