using System.CommandLine;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Cli;

/// <summary>`perfrules parse FILE... [--format yaml|json]`: prints the model of each table.</summary>
internal static class ParseCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "要读取的绩效目标表文件", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "输出格式：yaml 或 json", DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json");
        var command = new Command("parse", "读取绩效目标表，输出带行号的模型（YAML 或 JSON）") { files, format };
        command.SetAction(r => Execute(r.GetValue(files)!, r.GetValue(format)!, stdout, stderr));
        return command;
    }

    private static int Execute(string[] paths, string format, TextWriter stdout, TextWriter stderr)
    {
        var reader = AllFormats.Reader();
        var submissions = new List<Submission>();
        int status = CliApp.Ok;
        foreach (var path in paths)
        {
            try
            {
                submissions.AddRange(reader.ReadFile(path).Documents.Select(d => d.Submission));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"无法打开文件“{path}”：{e.Message}");
                status = CliApp.CouldNotRun;
            }
        }
        if (submissions.Count > 0)
        {
            var text = format == "json"
                ? (submissions.Count == 1 ? CanonicalWriter.ToJson(submissions[0]) : CanonicalWriter.ToJson(submissions))
                : (submissions.Count == 1 ? CanonicalWriter.ToYaml(submissions[0]) : CanonicalWriter.ToYaml(submissions));
            stdout.Write(text);
            if (!text.EndsWith('\n')) stdout.WriteLine();
        }
        return status;
    }
}
