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
    public Option<string?> MaxFileSize { get; } = new("--max-file-size") { Description = "读取的文件大小上限，如 20MB、512KB 或字节数（默认 20MB；0 为不限）；更大的文件不读取（PR006）" };
    public Option<int?> MaxLineLength { get; } = new("--max-line-length") { Description = "每行的字符数上限（默认 100000；0 为不限）；更长的行不解析（PR007）" };
    public Option<int?> MaxFindingsPerDocument { get; } = new("--max-findings-per-document") { Description = "每个文档列出的结果条数上限（默认 1000；0 为不限）；其余汇总为一条 PR008" };
    public Option<double?> TimeBudget { get; } = new("--time-budget") { Description = "每条规则在每个文档上的运行时间上限（秒，默认 2；0 为不限）；超时的规则报告为执行失败" };

    public void AddTo(Command command)
    {
        command.Options.Add(MaxFileSize);
        command.Options.Add(MaxLineLength);
        command.Options.Add(MaxFindingsPerDocument);
        command.Options.Add(TimeBudget);
    }

    /// <summary>A linter over the rules with the limits applied, or null (message on stderr) when an option is bad.</summary>
    public Linter? Linter(ParseResult r, CompiledRuleSet rules, TextWriter stderr)
    {
        long fileSize = ReadOptions.DefaultMaxFileSize;
        if (r.GetValue(MaxFileSize) is { } text && !TryParseSize(text, out fileSize))
        {
            stderr.WriteLine($"--max-file-size 的值“{text}”无效（例如 20MB、512KB、1048576）");
            return null;
        }
        var lineLength = r.GetValue(MaxLineLength) ?? ReadOptions.DefaultMaxLineLength;
        var findings = r.GetValue(MaxFindingsPerDocument) ?? rules.Options.MaxFindingsPerDocument;
        var seconds = r.GetValue(TimeBudget) ?? rules.Options.TimeBudget.TotalSeconds;
        if (lineLength < 0 || findings < 0 || seconds < 0 || double.IsNaN(seconds) || seconds > 86400)
        {
            stderr.WriteLine("--max-line-length、--max-findings-per-document 和 --time-budget 不能为负数（--time-budget 不超过 86400 秒）");
            return null;
        }
        var limited = rules.WithOptions(rules.Options with { MaxFindingsPerDocument = findings, TimeBudget = TimeSpan.FromSeconds(seconds) });
        return new Linter(limited, AllFormats.Reader(new ReadOptions
        {
            Codes = rules.RuleSet.Codes, MaxFileSize = fileSize, MaxLineLength = lineLength,
        }));
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
