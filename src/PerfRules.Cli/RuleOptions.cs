using System.CommandLine;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Cli;

/// <summary>The options every command that runs rules shares: --rules and --cache.</summary>
internal sealed class RuleOptions
{
    public Option<string?> Rules { get; } = new("--rules") { Description = "规则目录（默认使用内置规则集）" };
    public Option<string?> Cache { get; } = new("--cache") { Description = "编译后规则的缓存目录（默认 $PERFRULES_CACHE，否则为本平台的用户缓存目录，见 docs/install.md）" };

    public void AddTo(Command command)
    {
        command.Options.Add(Rules);
        command.Options.Add(Cache);
    }

    /// <summary>Loads the rule set without compiling it (for listing and docs); errors as in <see cref="Load"/>.</summary>
    public RuleSet? LoadSet(ParseResult r, TextWriter stderr)
    {
        try
        {
            var dir = r.GetValue(Rules);
            if (dir is not null && !Directory.Exists(dir))
            {
                stderr.WriteLine($"规则目录“{dir}”不存在");
                return null;
            }
            return dir is null ? RuleSetLoader.LoadBuiltin() : RuleSetLoader.LoadFolder(dir);
        }
        catch (RuleLoadException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error.ToString());
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"无法读取规则：{e.Message}");
            return null;
        }
    }

    /// <summary>Loads and compiles the rule set; a bad rule file is reported with file:line:col and gives null.</summary>
    public CompiledRuleSet? Load(ParseResult r, TextWriter stderr)
    {
        var set = LoadSet(r, stderr);
        if (set is null) return null;
        try
        {
            return RuleSetCompiler.Compile(set, new RuleEngineOptions { CacheDirectory = r.GetValue(Cache) });
        }
        catch (RuleLoadException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error.ToString());
            return null;
        }
    }
}
