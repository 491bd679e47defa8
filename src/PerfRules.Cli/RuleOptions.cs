using System.CommandLine;
using PerfRules.Engines.NRules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Cli;

/// <summary>The options every command that runs rules shares: --rules and --cache.</summary>
internal sealed class RuleOptions
{
    public Option<string?> Rules { get; } = new("--rules")
    {
        Description = Lang.T("规则文件夹或规则文件（默认使用内置规则集）", "Rule folder or rule file (default: the built-in rule set)"),
        HelpName = Lang.T("目录", "dir"),
    };
    public Option<string?> Cache { get; } = new("--cache")
    {
        Description = Lang.T("编译后规则的缓存目录（默认 $PERFRULES_CACHE，否则为本平台的用户缓存目录，见 docs/install.md）",
            "Cache folder of compiled rules (default $PERFRULES_CACHE, else the platform's user cache folder; docs/install.md)"),
        HelpName = Lang.T("目录", "dir"),
    };

    public Option<string> Engine { get; } = new("--engine")
    {
        Description = Lang.T("运行逐表规则的引擎：compiled（默认，编译后的 C#）或 rulesengine（Microsoft RulesEngine，作对照用，较慢）",
            "Engine of the per-document rules: compiled (default, compiled C#) or rulesengine (Microsoft RulesEngine, the slower reference)"),
        HelpName = "compiled|rulesengine",
        DefaultValueFactory = _ => "compiled",
    };
    private bool _engine;

    /// <summary>Adds --engine (lint, audit, rules test).</summary>
    public void AddEngineTo(Command command)
    {
        Engine.AcceptOnlyFromAmong("compiled", PerfRules.Engines.RulesEngine.RulesEngineEngine.EngineName);
        command.Options.Add(Engine);
        _engine = true;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Rules);
        command.Options.Add(Cache);
    }

    /// <summary>The rule folder or file to use: --rules, else the project file's (null: the built-in set).</summary>
    public string? Chosen(ParseResult r, ProjectSettings? project = null) => project is null ? r.GetValue(Rules) : project.Pick(r, Rules, "rules");

    /// <summary>Checks that the rules named exist (before anything is read).</summary>
    public void Validate(ParseResult r, Usage usage, ProjectSettings? project = null)
    {
        project?.Check(r, Rules, "rules", usage);
        if (Chosen(r, project) is not { } path || File.Exists(path) || Directory.Exists(path)) return;
        if (r.GetResult(Rules) is { Implicit: false })
            usage.Error(Lang.T($"找不到规则文件夹“{path}”", $"No such rule folder: '{path}'"));
        else
            usage.Problem(Lang.T($"{project!.Where("rules")}: 项目文件指定的规则文件夹“{path}”不存在", $"{project!.Where("rules")}: the rule folder '{path}' does not exist"));
    }

    /// <summary>The rule files in use, to watch (none for the built-in set, which cannot change).</summary>
    public IReadOnlyList<string> SourceFiles(ParseResult r, ProjectSettings? project = null)
        => Chosen(r, project) is { } path ? RuleSetLoader.SourceFiles(path) : Array.Empty<string>();

    /// <summary>Loads the rule set without compiling it (for listing and docs); errors as in <see cref="Load"/>.</summary>
    public RuleSet? LoadSet(ParseResult r, TextWriter stderr, ProjectSettings? project = null) => LoadSet(r, stderr, project, null);

    /// <summary>The rule set; the built-in one through the rule cache of <paramref name="cache"/> when given (a run that compiles it).</summary>
    private RuleSet? LoadSet(ParseResult r, TextWriter stderr, ProjectSettings? project, RuleEngineOptions? cache)
    {
        var path = Chosen(r, project);
        try
        {
            if (path is null) return cache is null ? RuleSetLoader.LoadBuiltin() : RuleSetCompiler.LoadBuiltin(cache);
            if (File.Exists(path)) return RuleSetLoader.LoadFile(path);
            if (!Directory.Exists(path))
            {
                stderr.WriteLine($"找不到规则文件夹“{path}”");
                return null;
            }
            return RuleSetLoader.LoadFolder(path);
        }
        catch (RuleLoadException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error.ToString());
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"无法读取规则“{path}”：{PerfRules.Files.AtomicFile.Reason(e)}");
            return null;
        }
    }

    /// <summary>Loads and compiles the rule set; a bad rule file is reported with file:line:col and gives null.</summary>
    public CompiledRuleSet? Load(ParseResult r, TextWriter stderr, ProjectSettings? project = null)
    {
        // The cross-document rules run in NRules sessions (PerfRules.Engines.NRules).
        var options = new RuleEngineOptions { CacheDirectory = r.GetValue(Cache), CrossDocument = NRulesCrossDocumentEngine.Instance };
        var set = LoadSet(r, stderr, project, options);
        if (set is null) return null;
        try
        {
            var compiled = RuleSetCompiler.Compile(set, options);
            return _engine && r.GetValue(Engine) == PerfRules.Engines.RulesEngine.RulesEngineEngine.EngineName ? WithRulesEngine(compiled) : compiled;
        }
        catch (RuleLoadException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error.ToString());
            return null;
        }
    }

    /// <summary>
    /// Another engine runs the per-document rules of the compiled (allow-listed) set; it reports the rules it
    /// cannot run. A method of its own: only a run with --engine rulesengine loads that engine's assemblies.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static CompiledRuleSet WithRulesEngine(CompiledRuleSet compiled) => new PerfRules.Engines.RulesEngine.RulesEngineEngine().Prepare(compiled);
}
