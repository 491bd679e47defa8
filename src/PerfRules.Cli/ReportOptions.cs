using System.CommandLine;
using PerfRules.Reports;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>The report options lint and audit share: --format/--output pairs, --fail-on, --baseline, --max-findings, --fingerprints.</summary>
internal sealed class ReportOptions
{
    public Option<string[]> Formats { get; } = new("--format")
    {
        Description = "输出格式：" + string.Join("、", AllFormats.Reports.Names) + "（可多次给出）",
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<string[]> Outputs { get; } = new("--output") { Description = "输出文件，与 --format 按顺序对应（默认输出到终端）" };
    public Option<string> FailOn { get; } = LintCommand.FailOnOption();
    public Option<string?> Baseline { get; } = new("--baseline") { Description = "基线文件：其中记录的结果不再报告，并列出已不再出现的记录" };
    public Option<int?> MaxFindings { get; } = new("--max-findings") { Description = "报告中最多列出的结果条数（汇总仍计入全部结果）" };
    public Option<bool> Fingerprints { get; } = new("--fingerprints") { Description = "在 xlsx 和 csv 报告中加入“指纹”列（用于基线和比较两次检查）" };

    public void AddTo(Command command)
    {
        command.Options.Add(Formats);
        command.Options.Add(Outputs);
        command.Options.Add(FailOn);
        command.Options.Add(Baseline);
        command.Options.Add(MaxFindings);
        command.Options.Add(Fingerprints);
    }

    /// <summary>
    /// Applies the baseline and --max-findings, writes every requested format, and gives the exit
    /// code (findings hidden by the baseline never fail the run). <paramref name="stdoutFormat"/> is
    /// what stdout shows when no format is asked for
    /// there (with <paramref name="summaryAlways"/>, also when every format goes to a file).
    /// </summary>
    public int Finish(LintReport report, ParseResult r, string stdoutFormat, bool summaryAlways, bool quiet, TextWriter stdout, TextWriter stderr,
        Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var max = r.GetValue(MaxFindings);
        if (max is < 0)
        {
            stderr.WriteLine("--max-findings 不能为负数");
            return CliApp.CouldNotRun;
        }
        if (r.GetValue(Baseline) is { } baselineFile)
        {
            Baseline baseline;
            try { baseline = Runs.Baseline.Load(baselineFile); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                stderr.WriteLine($"无法读取基线文件“{baselineFile}”：{e.Message}");
                return CliApp.CouldNotRun;
            }
            report = baseline.Apply(report, baselineFile);
        }
        var fails = report.Fails(Runs.FailOn.Parse(r.GetValue(FailOn)));
        if (max is { } m) report = report.Limit(m);

        var formats = r.GetValue(Formats) ?? Array.Empty<string>();
        var outputs = r.GetValue(Outputs) ?? Array.Empty<string>();
        // A summary (or the text listing) goes to stdout unless a format already does, or --quiet.
        if (!quiet && (formats.Length == 0 || (summaryAlways && formats.Length == outputs.Length)))
        {
            formats = formats.Append(stdoutFormat).ToArray();
        }
        if (formats.Length == 0) return fails ? CliApp.Findings : CliApp.Ok; // --quiet and nothing asked for
        var registry = r.GetValue(Fingerprints) ? AllFormats.WithFingerprints : AllFormats.Reports;
        var status = LintCommand.WriteReports(report, formats, outputs, stdout, stderr, logger, registry);
        if (status != CliApp.Ok) return status;
        return fails ? CliApp.Findings : CliApp.Ok;
    }
}
