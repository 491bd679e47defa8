using System.CommandLine;
using PerfRules.Files;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Office.Writing;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>`perfrules convert FILE... --to xlsx|yaml|json --output PATH [--rules DIR] [--max-file-size SIZE]`.</summary>
internal static class ConvertCommand
{
    /// <summary>Reading problems listed per file at most; the rest are counted.</summary>
    private const int ListedProblems = 10;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "要转换的绩效目标表文件或目录（目录下的所有文件）", Arity = ArgumentArity.OneOrMore };
        var to = new Option<string>("--to") { Description = "转换成：xlsx（填报模板的格式，默认）、yaml 或 json（规范模型）", DefaultValueFactory = _ => "xlsx" };
        to.AcceptOnlyFromAmong("xlsx", "yaml", "json");
        var output = new Option<string>("--output") { Description = "输出文件；转换多个文件时为输出目录（不存在则创建）", Required = true };
        var rules = new RuleOptions();
        var limits = new LimitOptions();
        var command = new Command("convert", "把能读取的绩效目标表（txt、xlsx、docx、csv、pdf 等）转换成填报模板格式的 xlsx，或规范的 YAML/JSON")
        {
            files, to, output, rules.Rules, limits.MaxFileSize,
        };
        command.SetAction(r =>
        {
            long maxSize = ReadOptions.DefaultMaxFileSize;
            if (r.GetValue(limits.MaxFileSize) is { } size && !LimitOptions.TryParseSize(size, out maxSize))
            {
                stderr.WriteLine($"--max-file-size 的值“{size}”无效（例如 20MB、512KB、1048576）");
                return CliApp.CouldNotRun;
            }
            var set = rules.LoadSet(r, stderr);
            if (set is null) return CliApp.CouldNotRun;
            var job = new Job(r.GetValue(to)!, r.GetValue(output)!, new TemplateOptions { Codes = set.Codes },
                AllFormats.Reader(new ReadOptions { Codes = set.Codes, MaxFileSize = maxSize }), stdout, stderr);
            return job.Run(r.GetValue(files)!);
        });
        command.Examples(
            ("perfrules convert 项目支出绩效目标表.pdf --output 项目支出绩效目标表.xlsx", Lang.T("把 PDF 表转换成填报模板格式的 Excel", "Convert a PDF table into the template workbook")),
            ("perfrules convert 本部门 --to yaml --output 转换结果", Lang.T("把文件夹中的全部表转换成 YAML，写入“转换结果”文件夹", "Convert every table in a folder to YAML files in a folder")));
        return command;
    }

    private sealed class Job(string to, string output, TemplateOptions options, SubmissionReader reader, TextWriter stdout, TextWriter stderr)
    {
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);
        private HashSet<string> _inputs = new(StringComparer.Ordinal);
        private string Extension => "." + to;

        public int Run(string[] paths)
        {
            var inputs = InputExpansion.Expand(paths);
            _inputs = inputs.Select(i => Full(i.Path)).ToHashSet(StringComparer.Ordinal);
            bool toFolder = inputs.Count > 1 || paths.Any(Directory.Exists) || Directory.Exists(output)
                            || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar);
            if (toFolder && File.Exists(output))
            {
                stderr.WriteLine($"--output“{output}”是文件；转换多个文件时，--output 应是目录");
                return CliApp.CouldNotRun;
            }
            if (!toFolder)
            {
                if (!Matches(output))
                {
                    stderr.WriteLine($"--output“{output}”的扩展名与 --to {to} 不符，应为 {Extensions()} 文件");
                    return CliApp.CouldNotRun;
                }
                if (_inputs.Contains(Full(output)))
                {
                    stderr.WriteLine($"--output“{output}”就是输入文件；请另选输出文件，以免覆盖原文件");
                    return CliApp.CouldNotRun;
                }
            }
            if (inputs.Count == 0)
            {
                stderr.WriteLine("没有要转换的文件（目录为空）");
                return CliApp.CouldNotRun;
            }
            int failed = 0;
            foreach (var input in inputs)
                if (!Convert(input, toFolder)) failed++;
            if (inputs.Count > 1)
                stdout.WriteLine($"共 {inputs.Count} 个文件：{inputs.Count - failed} 个已转换{(failed > 0 ? $"，{failed} 个未能转换" : "")}");
            return failed == 0 ? CliApp.Ok : CliApp.CouldNotRun;
        }

        private bool Matches(string path) => to == "yaml"
            ? path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            : path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

        private string Extensions() => to == "yaml" ? ".yaml 或 .yml" : Extension;

        /// <summary>Converts one input; false (with the reason on stderr) when it could not be.</summary>
        private bool Convert(InputFile input, bool toFolder)
        {
            var path = input.Path;
            if (Problem(input) is { } problem)
            {
                stderr.WriteLine($"“{path}”未转换：{problem}");
                return false;
            }
            InputContents contents;
            try
            {
                contents = reader.ReadFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                stderr.WriteLine($"“{path}”未转换：无法读取文件（{Why(e)}）");
                return false;
            }
            var tables = new List<Submission>();
            foreach (var doc in contents.Documents)
            {
                if (doc.Submission.Kind == SubmissionKind.Unknown)
                {
                    var why = doc.Submission.Diagnostics.Select(d => d.Message).DefaultIfEmpty("不是可识别的绩效目标表").First();
                    stderr.WriteLine($"“{doc.Name}”未转换：{why}");
                    continue;
                }
                Lost(doc);
                tables.Add(doc.Submission);
            }
            if (tables.Count == 0) return false;

            byte[] bytes;
            IReadOnlyList<string> notes = Array.Empty<string>();
            switch (to)
            {
                case "xlsx":
                    var converted = TemplateWorkbook.Convert(tables, options);
                    (bytes, notes) = (converted.Bytes, converted.Notes);
                    break;
                case "json":
                    bytes = System.Text.Encoding.UTF8.GetBytes(CanonicalWriter.ToJson(tables));
                    break;
                default:
                    bytes = System.Text.Encoding.UTF8.GetBytes(CanonicalWriter.ToYaml(tables));
                    break;
            }
            var target = toFolder ? Target(path) : output;
            try
            {
                AtomicFile.Write(target, s => s.Write(bytes));
            }
            catch (OutputFileException e)
            {
                stderr.WriteLine(e.Message);
                return false;
            }
            stdout.WriteLine($"已转换：{path} → {target}{(tables.Count > 1 ? $"（{tables.Count} 张表）" : "")}");
            foreach (var note in notes) stderr.WriteLine($"提示：{path}：{note}");
            return true;
        }

        /// <summary>Why an input cannot be read as a file, without opening it (a FIFO would block); null when it can.</summary>
        private static string? Problem(InputFile input)
        {
            if (input.Problem is not null) return input.Problem;
            var kind = FileProbe.Kind(input.Path);
            return kind switch
            {
                FileKind.Missing => "文件不存在",
                FileKind.LinkLoop => "符号链接形成循环",
                FileKind.Regular or FileKind.Unknown => null,
                _ => $"不是普通文件（{FileProbe.Describe(kind)}）",
            };
        }

        private static string Why(Exception e) => e switch
        {
            FileNotFoundException or DirectoryNotFoundException => "文件不存在",
            UnauthorizedAccessException => "没有读取权限",
            PathTooLongException => "路径过长",
            ArgumentException or NotSupportedException => "路径无效",
            _ => "读取出错",
        };

        /// <summary>What the reader could not place: it is not in the model, so not in the converted file either.</summary>
        private void Lost(ReadDocument doc)
        {
            var problems = doc.Submission.Diagnostics;
            if (problems.Count == 0) return;
            stderr.WriteLine($"警告：“{doc.Name}”中有 {problems.Count} 处内容未能读入，转换结果中没有这些内容（perfrules lint 可查看详情）：");
            foreach (var d in problems.Take(ListedProblems))
            {
                var place = d.Span is { } span ? (doc.Submission.Places?.Format(span) ?? $"第 {span.StartLine} 行") + "：" : "";
                stderr.WriteLine($"  {place}{d.RuleId} {d.Message}");
            }
            if (problems.Count > ListedProblems) stderr.WriteLine($"  ……另有 {problems.Count - ListedProblems} 处");
        }

        /// <summary>The output file of an input in the output folder: its name with the new extension, never an input's path nor one already written.</summary>
        private string Target(string input)
        {
            var stem = Path.GetFileNameWithoutExtension(input);
            if (stem.Length == 0) stem = "table";
            var candidate = Path.Combine(output, stem + Extension);
            for (int n = 2; _inputs.Contains(Full(candidate)) || !_written.Add(Full(candidate)); n++)
                candidate = Path.Combine(output, $"{stem}-{n}{Extension}");
            return candidate;
        }

        private static string Full(string path)
        {
            try { return Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return path; }
        }
    }
}
