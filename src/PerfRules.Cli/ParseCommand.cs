using System.CommandLine;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Cli;

/// <summary>`perfrules parse FILE... [--format yaml|json]`: prints the model of each table.</summary>
internal static class ParseCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files")
        {
            Description = Lang.T("要读取的绩效目标表文件", "Table files to read"),
            HelpName = Lang.T("文件", "file"),
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format") { Description = Lang.T("输出格式：yaml（默认）或 json", "Output format: yaml (default) or json"), DefaultValueFactory = _ => "yaml" };
        format.AcceptOnlyFromAmong("yaml", "json");
        var command = new Command("parse", Lang.T("读取绩效目标表，输出带行号的模型（YAML 或 JSON），用于查看程序如何理解这张表",
            "Read tables and print the model with line numbers (YAML or JSON): how the program understood the table")) { files, format };
        command.Examples(
            ("perfrules parse 项目支出绩效目标表.txt", Lang.T("显示读到的部门、单位、项目和指标（YAML）", "Show the department, units, projects and indicators read (YAML)")),
            ("perfrules parse 表.xlsx --format json", Lang.T("以 JSON 输出", "Print JSON")));
        command.SetAction(r =>
        {
            var usage = new Usage(command, stderr);
            var paths = new List<string>();
            foreach (var path in r.GetValue(files)!)
            {
                if (Directory.Exists(path))
                    usage.Error(Lang.T($"“{path}”是文件夹：parse 只读取文件（检查整个文件夹请用 perfrules lint）", $"'{path}' is a folder: parse reads files (lint checks folders)"));
                else paths.AddRange(InputOptions.NamedPath(path, usage));
            }
            if (usage.Failed) return usage.Exit();
            return Execute(paths.ToArray(), r.GetValue(format)!, stdout, stderr);
        });
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
                stderr.WriteLine($"无法打开文件“{path}”：{PerfRules.Files.AtomicFile.Reason(e)}");
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
