using System.CommandLine;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>
/// The run-wide settings of the project files of the folders named (rules, baseline, fail-on,
/// min-severity). An option given on the command line wins over them (<see cref="Pick{T}"/>);
/// otherwise two project files that set one differently are an error naming both (<see cref="Check"/>).
/// </summary>
internal sealed class ProjectSettings
{
    public static ProjectSettings None { get; } = new(Array.Empty<ProjectFile>());

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _conflicts = new(StringComparer.Ordinal);

    public ProjectSettings(IReadOnlyList<ProjectFile> files)
    {
        Files = files;
        Collect("rules", f => f.Rules);
        Collect("baseline", f => f.Baseline);
        Collect("fail-on", f => f.FailOn);
        Collect("min-severity", f => f.MinSeverity);
    }

    public IReadOnlyList<ProjectFile> Files { get; }

    /// <summary>The files the project files point at (rules, baseline), never read as tables.</summary>
    public IEnumerable<string> OwnFiles => new[] { Get("rules"), Get("baseline") }.OfType<string>();

    /// <summary>The value the project files agree on (null when none sets it or they disagree).</summary>
    public string? Get(string key) => _values.GetValueOrDefault(key);

    private void Collect(string key, Func<ProjectFile, string?> get)
    {
        var set = Files.Where(f => get(f) is not null).ToList();
        var values = set.Select(get).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (values.Count == 1) _values[key] = values[0];
        else if (values.Count > 1)
            _conflicts[key] = Lang.T(
                $"项目文件的 {key} 设置不一致：{string.Join("；", set.Select(f => $"{f.Path}:{f.Lines.GetValueOrDefault(key)} 为“{get(f)}”"))}。请统一，或在命令行上指定 --{key}",
                $"The project files disagree on {key}: {string.Join("; ", set.Select(f => $"{f.Path}:{f.Lines.GetValueOrDefault(key)} says '{get(f)}'"))}. Make them agree or give --{key}.");
    }

    /// <summary>Reports project files that disagree on <paramref name="key"/>, unless the command line gives the option.</summary>
    public void Check(ParseResult r, Option option, string key, Usage usage)
    {
        if (r.GetResult(option) is not { Implicit: false } && _conflicts.TryGetValue(key, out var message)) usage.Problem(message);
    }

    /// <summary>The option's value when given on the command line, else the project files', else the option's default.</summary>
    public T? Pick<T>(ParseResult r, Option<T> option, string key) where T : class? =>
        r.GetResult(option) is { Implicit: false } ? r.GetValue(option) : (T?)(object?)Get(key) ?? r.GetValue(option);

    /// <summary>Where a project file sets <paramref name="key"/> ("…/perfrules.yaml:3"), for messages about its value.</summary>
    public string Where(string key) =>
        Files.FirstOrDefault(f => f.Lines.ContainsKey(key)) is { } f ? $"{f.Path}:{f.Lines[key]}" : "";
}
