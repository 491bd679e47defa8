using System.CommandLine;
using Microsoft.Extensions.Logging;
using PerfRules.Files;
using PerfRules.Reports;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>
/// The report options lint and audit share: --format/--output pairs, --fail-on, --min-severity,
/// --baseline, --max-findings. <see cref="Validate"/> checks them all (and reads the baseline)
/// before any table is read; <see cref="Finish"/> applies them to the run's report.
/// </summary>
internal sealed class ReportOptions
{
    public Option<string[]> Formats { get; } = new("--format")
    {
        Description = Lang.T("输出格式：" + string.Join("、", AllFormats.Reports.Names) + "（可多次给出，每个与一个 --output 按顺序对应）",
            "Output format: " + string.Join(", ", AllFormats.Reports.Names) + " (repeatable, paired in order with --output)"),
        HelpName = Lang.T("格式", "format"),
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<string[]> Outputs { get; } = new("--output")
    {
        Description = Lang.T("输出文件，与 --format 按顺序对应（默认输出到终端；xlsx 必须写入文件）", "Output file, paired in order with --format (default: the terminal; xlsx needs a file)"),
        HelpName = Lang.T("文件", "file"),
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<string> FailOn { get; } = FailOnOption();
    public Option<string?> MinSeverity { get; } = MinSeverityOption();
    public Option<string?> Baseline { get; } = new("--baseline")
    {
        Description = Lang.T("基线文件：其中记录的结果不再报告，并列出已不再出现的记录", "Baseline file: the findings it records are not reported; stale entries are listed"),
        HelpName = Lang.T("文件", "file"),
    };
    public Option<int?> MaxFindings { get; } = new("--max-findings")
    {
        Description = Lang.T("报告中最多列出的结果条数（汇总仍计入全部结果）", "List at most N findings (the summary still counts all)"),
        HelpName = "N",
    };
    public Option<bool> Fingerprints { get; } = new("--fingerprints")
    {
        Description = Lang.T("在 xlsx 和 csv 报告中加入“指纹”列（用于基线和比较两次检查）",
            "Add the fingerprint column to xlsx and csv reports (for baselines and comparing two runs)"),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Formats);
        command.Options.Add(Outputs);
        command.Options.Add(FailOn);
        command.Options.Add(MinSeverity);
        command.Options.Add(Baseline);
        command.Options.Add(MaxFindings);
        command.Options.Add(Fingerprints);
    }

    public static Option<string> FailOnOption()
    {
        var o = new Option<string>("--fail-on")
        {
            Description = Lang.T("达到该级别的结果使退出码为 1：error（默认）、warning、info 或 never", "Findings at this level or above exit 1: error (default), warning, info or never"),
            DefaultValueFactory = _ => Runs.FailOn.Default,
        };
        o.AcceptOnlyFromAmong(Runs.FailOn.Levels.ToArray());
        return o;
    }

    private static Option<string?> MinSeverityOption()
    {
        var o = new Option<string?>("--min-severity")
        {
            Description = Lang.T("只列出该级别及以上的结果：error、warning 或 info（默认全部列出；汇总和 --fail-on 仍计入全部结果）",
                "List only findings at this level or above: error, warning or info (the summary and --fail-on still count all)"),
        };
        o.AcceptOnlyFromAmong(ProjectFile.MinSeverityLevels.ToArray());
        return o;
    }

    /// <summary>The report side of a run, checked: what to write where, what fails, what to hide.</summary>
    public sealed record Plan(string[] Formats, string[] Outputs, Severity FailOn, Severity? MinSeverity, int? MaxFindings,
        Baseline? Baseline, string? BaselineFile, bool Fingerprints = false);

    /// <summary>
    /// Checks the report options before anything is read: known formats, one output per format at
    /// most, binary formats to a file, outputs that are not folders, the baseline (read here). Null
    /// when something is wrong (errors in <paramref name="usage"/>).
    /// </summary>
    public Plan? Validate(ParseResult r, Usage usage, ProjectSettings? project = null)
    {
        var formats = r.GetValue(Formats) ?? Array.Empty<string>();
        var outputs = r.GetValue(Outputs) ?? Array.Empty<string>();
        if (outputs.Length > formats.Length)
            usage.Error(Lang.T($"--output 的个数（{outputs.Length}）多于 --format（{formats.Length}）：每个 --output 需要一个在它之前的 --format",
                $"More --output ({outputs.Length}) than --format ({formats.Length}): each --output needs a --format"));
        for (var i = 0; i < formats.Length; i++)
        {
            var f = AllFormats.Reports.Find(formats[i]);
            if (f is null)
            {
                var names = AllFormats.Reports.Names.ToList();
                usage.Error(Lang.T($"未知的输出格式“{formats[i]}”（可用：{string.Join("、", names)}）。", $"Unknown format '{formats[i]}' (use: {string.Join(", ", names)}).")
                    + Suggestions.Hint(Suggestions.Closest(formats[i], names)));
            }
            else if (f.IsBinary && i >= outputs.Length)
                usage.Error(Lang.T($"{f.Name} 格式只能写入文件，请在 --format {f.Name} 之后用 --output 指定文件", $"The {f.Name} format needs a file: add --output after --format {f.Name}"));
        }
        foreach (var o in outputs) OutputPath(o, usage);
        foreach (var twice in outputs.GroupBy(o => Path.GetFullPath(o)).Where(g => g.Count() > 1))
            usage.Error(Lang.T($"--output 两次指定了同一个文件“{twice.First()}”", $"--output names '{twice.First()}' twice"));

        var max = r.GetValue(MaxFindings);
        if (max is < 0) usage.Error(Lang.T("--max-findings 不能为负数", "--max-findings cannot be negative"));

        project ??= ProjectSettings.None;
        project.Check(r, FailOn, "fail-on", usage);
        project.Check(r, MinSeverity, "min-severity", usage);
        project.Check(r, Baseline, "baseline", usage);
        var failOn = project.Pick(r, FailOn, "fail-on");
        var min = project.Pick(r, MinSeverity, "min-severity");

        var baselineFile = project.Pick(r, Baseline, "baseline");
        Baseline? baseline = null;
        if (baselineFile is not null)
        {
            var fromCommandLine = r.GetResult(Baseline) is { Implicit: false };
            var at = fromCommandLine ? "" : project.Where("baseline") + ": ";
            if (Directory.Exists(baselineFile))
                usage.Error(Lang.T($"{at}基线文件“{baselineFile}”是一个文件夹，不是文件", $"{at}The baseline '{baselineFile}' is a folder, not a file"));
            else if (!File.Exists(baselineFile))
            {
                if (fromCommandLine) usage.Error(Lang.T($"找不到基线文件“{baselineFile}”（用 perfrules baseline 生成）", $"No such baseline file: '{baselineFile}' (make one with perfrules baseline)"));
                else usage.Problem(Lang.T($"{at}项目文件指定的基线文件“{baselineFile}”不存在（用 perfrules baseline 生成）", $"{at}the baseline '{baselineFile}' does not exist (make one with perfrules baseline)"));
            }
            else
            {
                try { baseline = Runs.Baseline.Load(baselineFile); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    usage.Problem($"{at}无法读取基线文件“{baselineFile}”：{AtomicFile.Reason(e)}");
                }
                catch (FormatException e)
                {
                    usage.Problem($"{at}无法读取基线文件“{baselineFile}”：{e.Message}");
                }
            }
        }
        if (usage.Failed) return null;
        return new Plan(formats, outputs, Runs.FailOn.Parse(failOn), min is null ? null : Runs.FailOn.Parse(min), max, baseline, baselineFile, r.GetValue(Fingerprints));
    }

    /// <summary>An output file named on the command line that can never be written: a folder, or below a file (a problem of the file, not of the typing: no pointer to --help).</summary>
    public static void OutputPath(string path, Usage usage)
    {
        if (Directory.Exists(path))
        {
            usage.Problem(Lang.T($"无法写入“{path}”：这是一个文件夹，不是文件；未生成该文件", $"Cannot write '{path}': it is a folder, not a file"));
            return;
        }
        string? full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            usage.Problem(Lang.T($"无法写入“{path}”：路径无效；未生成该文件", $"Cannot write '{path}': the path is not valid"));
            return;
        }
        for (var d = Path.GetDirectoryName(full); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
        {
            if (Directory.Exists(d)) return;
            if (File.Exists(d))
            {
                usage.Problem(Lang.T($"无法写入“{path}”：路径中的“{d}”是文件，不是文件夹；未生成该文件", $"Cannot write '{path}': '{d}' is a file, not a folder"));
                return;
            }
        }
    }

    /// <summary>The files this run writes (never read as its inputs).</summary>
    public static IEnumerable<string> Written(Plan plan) => plan.Outputs;

    /// <summary>
    /// Applies the baseline, --min-severity and --max-findings, writes every requested format, and
    /// gives the exit code (findings hidden by the baseline never fail the run; those hidden by
    /// --min-severity or --max-findings do). <paramref name="stdoutFormat"/> is what stdout shows when
    /// no format is asked for there (with <paramref name="summaryAlways"/>, also when every format goes to a file).
    /// </summary>
    /// <summary>
    /// Starts compiling the asked-for formats' writers on another thread (<see cref="ReportFormats.PrepareInBackground"/>),
    /// so that a short run does not compile them at its end: called before the documents are read.
    /// </summary>
    public static void PrepareInBackground(Plan plan)
    {
        if (plan.Formats.Length == 0) return;
        // After the start thread's work: that is on the way to the first document, this only to the report.
        ReportFormats.PrepareInBackground(plan.Formats.Select(f => AllFormats.Reports.Find(f)).OfType<IReportFormatter>(), CliApp.StartThread);
    }

    public static int Finish(LintReport report, Plan plan, string stdoutFormat, bool summaryAlways, bool quiet, TextWriter stdout, TextWriter stderr,
        ILogger? logger = null)
    {
        if (plan.Baseline is { } baseline) report = baseline.Apply(report, plan.BaselineFile ?? "");
        var fails = report.Fails(plan.FailOn);
        if (plan.MinSeverity is { } min) report = report.AtLeast(min);
        if (plan.MaxFindings is { } m) report = report.Limit(m);

        var formats = plan.Formats;
        // A summary (or the text listing) goes to stdout unless a format already does, or --quiet.
        if (!quiet && (formats.Length == 0 || (summaryAlways && formats.Length == plan.Outputs.Length)))
            formats = formats.Append(stdoutFormat).ToArray();
        if (formats.Length == 0) return fails ? CliApp.Findings : CliApp.Ok; // --quiet and nothing asked for
        var registry = plan.Fingerprints ? AllFormats.WithFingerprints : AllFormats.Reports;
        var status = WriteReports(report, formats, plan.Outputs, stdout, stderr, logger, registry);
        if (status != CliApp.Ok) return status;
        return fails ? CliApp.Findings : CliApp.Ok;
    }

    /// <summary>Writes each format to its file (or stdout); formats and outputs pair in order (checked by <see cref="Validate"/>).</summary>
    private static int WriteReports(LintReport report, string[] formats, string[] outputs, TextWriter stdout, TextWriter stderr, ILogger? logger,
        ReportFormats registry)
    {
        for (int i = 0; i < formats.Length; i++)
        {
            var format = registry.Find(formats[i])!;
            if (i >= outputs.Length)
            {
                var w = new ReportWriter(stdout);
                format.Write(report, w);
                w.Flush();
                continue;
            }
            try
            {
                ReportFormats.WriteFile(format, report, outputs[i]);
                logger?.LogInformation("已写入 {Format} 报告 {File}", format.Name, outputs[i]);
                logger?.LogDebug("进程 CPU 用时 {Cpu:F2} 秒", Environment.CpuUsage.TotalTime.TotalSeconds);
            }
            catch (OutputFileException e)
            {
                stderr.WriteLine(e.Message);
                // The user has the Chinese line; the system's details go to the log only (--log, --verbose).
                logger?.LogDebug(e.InnerException, "无法写入 {File}", outputs[i]);
                return CliApp.CouldNotRun;
            }
        }
        return CliApp.Ok;
    }
}
