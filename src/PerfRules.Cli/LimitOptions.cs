using System.CommandLine;
using System.Globalization;
using PerfRules.Ingest;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>The limits lint and audit share: --max-file-size, --max-line-length, --max-findings-per-document, --time-budget.</summary>
internal sealed class LimitOptions
{
    public Option<string?> MaxFileSize { get; } = new("--max-file-size")
    {
        Description = Lang.T("读取的文件大小上限，如 20MB、512KB 或字节数（默认 20MB；0 为不限）；更大的文件不读取（PR006）",
            "Largest file read, e.g. 20MB, 512KB or bytes (default 20MB; 0: no limit); larger files are not read (PR006)"),
        HelpName = Lang.T("大小", "size"),
    };
    public Option<int?> MaxLineLength { get; } = new("--max-line-length")
    {
        Description = Lang.T("每行的字符数上限（默认 100000；0 为不限）；更长的行不解析（PR007）", "Longest line read, in characters (default 100000; 0: no limit); longer lines are not parsed (PR007)"),
        HelpName = "N",
    };
    public Option<int?> MaxFindingsPerDocument { get; } = new("--max-findings-per-document")
    {
        Description = Lang.T("每个文档列出的结果条数上限（默认 1000；0 为不限）；其余汇总为一条 PR008", "Most findings listed per document (default 1000; 0: no limit); the rest become one PR008"),
        HelpName = "N",
    };
    public Option<double?> TimeBudget { get; } = new("--time-budget")
    {
        Description = Lang.T("每条规则在每个文档上的运行时间上限（秒，默认 2；0 为不限）；超时的规则报告为执行失败", "Time limit of a rule on one document, in seconds (default 2; 0: no limit); a rule over it is reported as failed"),
        HelpName = Lang.T("秒", "seconds"),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(MaxFileSize);
        command.Options.Add(MaxLineLength);
        command.Options.Add(MaxFindingsPerDocument);
        command.Options.Add(TimeBudget);
    }

    /// <summary>Checks the limits before anything is read (errors in <paramref name="usage"/>).</summary>
    public void Validate(ParseResult r, Usage usage)
    {
        if (r.GetValue(MaxFileSize) is { } text && !TryParseSize(text, out _))
            usage.Error(Lang.T($"--max-file-size 的值“{text}”无效（例如 20MB、512KB、1048576）", $"Invalid --max-file-size '{text}' (e.g. 20MB, 512KB, 1048576)"));
        if (r.GetValue(MaxLineLength) is < 0) usage.Error(Lang.T("--max-line-length 不能为负数", "--max-line-length cannot be negative"));
        if (r.GetValue(MaxFindingsPerDocument) is < 0) usage.Error(Lang.T("--max-findings-per-document 不能为负数", "--max-findings-per-document cannot be negative"));
        if (r.GetValue(TimeBudget) is { } seconds && (seconds < 0 || double.IsNaN(seconds) || seconds > 86400))
            usage.Error(Lang.T("--time-budget 应在 0 到 86400 秒之间", "--time-budget must be between 0 and 86400 seconds"));
    }

    /// <summary>A linter over the rules with the limits applied (checked by <see cref="Validate"/>).</summary>
    public Linter Linter(ParseResult r, CompiledRuleSet rules, IRunLog? log = null)
    {
        long fileSize = ReadOptions.DefaultMaxFileSize;
        if (r.GetValue(MaxFileSize) is { } text) TryParseSize(text, out fileSize);
        var lineLength = r.GetValue(MaxLineLength) ?? ReadOptions.DefaultMaxLineLength;
        var findings = r.GetValue(MaxFindingsPerDocument) ?? rules.Options.MaxFindingsPerDocument;
        var seconds = r.GetValue(TimeBudget) ?? rules.Options.TimeBudget.TotalSeconds;
        var limited = rules.WithOptions(rules.Options with { MaxFindingsPerDocument = findings, TimeBudget = TimeSpan.FromSeconds(seconds) });
        return new Linter(limited, AllFormats.Reader(new ReadOptions
        {
            Codes = rules.RuleSet.Codes, MaxFileSize = fileSize, MaxLineLength = lineLength,
        })) { Log = log ?? RunLog.None };
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim().ToUpperInvariant();
        long unit = 1;
        foreach (var (suffix, factor) in new[] { ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1L) })
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = factor;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n * unit > long.MaxValue / 2) return false;
        bytes = (long)(n * unit);
        return true;
    }
}
