using System.CommandLine;
using System.CommandLine.Invocation;
using PerfRules.Reports;
using PerfRules.Files;
using PerfRules.Rules.Compilation;
using PerfRules.Runs;

namespace PerfRules.Cli;

/// <summary>The `perfrules` command line: a thin host over PerfRules.Core.</summary>
public static class CliApp
{
    /// <summary>Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run (any failure, never 1).</summary>
    public const int Ok = 0, Findings = 1, CouldNotRun = 2;

    /// <summary>Set to print the details (stack trace) of an unexpected error (lint's and audit's --verbose and --log have them too).</summary>
    public const string DebugVariable = "PERFRULES_DEBUG";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var language = Lang.Use(Lang.Wanted(args));
        try
        {
            // Writes to stdout that fail (a full disk, a closed pipe) are told apart from the files' own errors.
            return RunCommand(args, new StandardOutput(stdout), stderr);
        }
        catch (Exception e)
        {
            return Crash(e, stderr, Verbose(args));
        }
    }

    /// <summary>The commands that load a rule set (every one of them reads the built-in set, or a set that extends it).</summary>
    private static readonly string[] RuleCommands = { "lint", "audit", "baseline", "rules", "template", "convert" };

    /// <summary>
    /// Starts, on a spare core, the work a run with rules begins with (<see cref="RuleSetCompiler.Prepare"/>:
    /// the built-in rule set parsed, the hash ready) while this thread builds the commands and reads the
    /// command line; the run then finds it done. Nothing for help, the version, or a command without rules.
    /// </summary>
    public static void StartEarly(string[] args)
    {
        // A thread of its own, not a pool worker: the pool is the run's (Parallel.For); this one ends with the work.
        if (!WillLoadRules(args)) return;
        var cache = CacheArgument(args);
        var reads = args[0] is "lint" or "audit";
        var builtin = reads && !NamesRulesOrEngine(args);
        var thread = new Thread(() =>
        {
            RuleSetCompiler.Prepare(cache);
            // Then, while this thread still has the spare core, the compiled rules loaded for the run, and reading's
            // and the rules' first use on a sample, ahead of the first document.
            var rules = builtin ? RuleSetCompiler.PrepareCompiled(cache) : null;
            if (reads) ReadWarmup.Run(AllFormats.Inputs(), rules);
        }) { IsBackground = true, Name = "perfrules start" };
        thread.Start();
        StartThread = thread;
    }

    /// <summary>
    /// The thread <see cref="StartEarly"/> started (null: none). Other head starts wait for it: on two cores a third
    /// thread would take time from the two the run waits for (this one and the command line's).
    /// </summary>
    internal static Thread? StartThread { get; private set; }

    /// <summary>
    /// The --cache folder as the command line will give it (the last one; null: the default place), for the start
    /// thread's look in the rule cache. Only a guess ahead of the parser: the run opens the cache the parser gives
    /// and takes the start thread's result only when it looked in the same one.
    /// </summary>
    internal static string? CacheArgument(string[] args)
    {
        string? cache = null;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--") break;
            if (a == "--cache" && i + 1 < args.Length) cache = args[++i];
            else if (a.StartsWith("--cache=", StringComparison.Ordinal) || a.StartsWith("--cache:", StringComparison.Ordinal)) cache = a["--cache=".Length..];
        }
        return cache;
    }

    /// <summary>
    /// Whether the command line names rules or an engine (--rules, --engine): then the run's per-document rules are
    /// likely not the built-in set's compiled ones, and the start thread does not load those ahead.
    /// </summary>
    internal static bool NamesRulesOrEngine(string[] args)
    {
        foreach (var a in args)
        {
            if (a == "--") break;
            if (a.StartsWith("--rules", StringComparison.Ordinal) || a.StartsWith("--engine", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Whether these arguments run a command that loads rules (not its help).</summary>
    internal static bool WillLoadRules(string[] args)
    {
        if (args.Length == 0 || !RuleCommands.Contains(args[0])) return false;
        foreach (var a in args)
        {
            if (a == "--") break;
            if (a is "-h" or "--help" or "-?" or "/?" or "/h" or "--version") return false;
        }
        return true;
    }

    /// <summary>Every command of the command line, in the run's language (built per run: the help texts are chosen when built).</summary>
    public static RootCommand Commands(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(Lang.T("PerfRules：预算绩效目标表校验工具。检查一张表用 lint，批量审核用 audit。",
            "PerfRules: checks budget performance target tables (预算绩效目标表). Check a table with lint, many with audit."));
        var lang = new Option<string>(Lang.OptionName)
        {
            Description = Lang.T($"界面语言：zh（中文，默认）或 en（英文）；也可设置环境变量 {Lang.Variable}", $"Language of help and messages: zh (Chinese, default) or en; or set {Lang.Variable}"),
            Recursive = true,
        };
        lang.AcceptOnlyFromAmong(Lang.Names);
        root.Options.Add(lang);
        root.Subcommands.Add(ParseCommand.Build(stdout, stderr));
        root.Subcommands.Add(LintCommand.Build(stdout, stderr));
        root.Subcommands.Add(AuditCommand.Build(stdout, stderr));
        root.Subcommands.Add(BaselineCommand.Build(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Build(stdout, stderr));
        root.Subcommands.Add(TemplateCommand.Build(stdout, stderr));
        root.Subcommands.Add(ConvertCommand.Build(stdout, stderr));
        root.Examples(
            ("perfrules lint 项目支出绩效目标表.xlsx", Lang.T("检查一张表，结果显示在终端", "Check one table; the findings are printed")),
            ("perfrules audit 各部门 --format html --output 审核报告.html", Lang.T("批量审核一个文件夹中的全部表，另存 HTML 报告", "Audit every table in a folder and write an HTML report")),
            ("perfrules lint --help", Lang.T("查看 lint 命令的全部选项", "Show every option of lint")));
        Help.Install(root);
        return root;
    }

    private static int RunCommand(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Commands(stdout, stderr);
        // No response files: "@2026年.txt" is a table's name, not a file of arguments.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Errors reach Run's handler (exit 2, one Chinese line), not System.CommandLine's (exit 1, a stack trace).
            EnableDefaultExceptionHandler = false,
            // Interrupts are Program's (Interrupts): one line, temporary files removed, exit 130.
            ProcessTerminationTimeout = null,
        };
        // --help and --version (an option's action, not the command's) answer whatever else was typed.
        if (result.Action is { } action && action is not ParseErrorAction && action != result.CommandResult.Command.Action)
            return result.Invoke(configuration);
        var errors = Usage.Of(result);
        if (errors.Count > 0)
        {
            var usage = new Usage(result.CommandResult.Command, stderr);
            foreach (var e in errors) usage.Error(e);
            return usage.Exit();
        }
        return result.Invoke(configuration);
    }

    // audit's --verbose and --log get the details from its own logger; every command from $PERFRULES_DEBUG.
    private static bool Verbose(string[] args) => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DebugVariable));

    /// <summary>
    /// The end of a run that failed unexpectedly: one Chinese line on stderr (the details only with
    /// $PERFRULES_DEBUG), exit code 2 — never 1, which CI reads as "findings".
    /// </summary>
    public static int Crash(Exception? error, TextWriter stderr, bool verbose)
    {
        try
        {
            var hint = error is not null && !verbose && !IsExpected(Innermost(error))
                ? $"（设置环境变量 {DebugVariable}=1 后重新运行可查看详细信息；lint 和 audit 另有 --verbose 和 --log）" : "";
            stderr.WriteLine(Describe(error) + hint);
            if (verbose && error is not null) stderr.WriteLine(error.ToString());
            stderr.Flush();
        }
        catch (Exception) { /* stderr is gone too: the exit code is all that is left */ }
        return CouldNotRun;
    }

    /// <summary>One Chinese line for an error that ended a run.</summary>
    public static string Describe(Exception? error)
    {
        var e = error is null ? null : Innermost(error);
        return e switch
        {
            null => "perfrules 出错，未能完成",
            StandardOutputException s => $"无法写入标准输出：{AtomicFile.Reason(s.InnerException ?? s)}；输出不完整",
            OutputFileException o => o.Message,
            OperationCanceledException => "已取消，未能完成",
            OutOfMemoryException => "内存不足，未能完成",
            IOException or UnauthorizedAccessException => $"未能完成：{AtomicFile.Reason(e)}",
            _ => $"perfrules 内部错误，未能完成：{e.GetType().Name}：{OneLine(e.Message)}",
        };
    }

    private static bool IsExpected(Exception e) => e is StandardOutputException or OutputFileException or OperationCanceledException;

    private static Exception Innermost(Exception e)
    {
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: > 0 } a) e = a.Flatten().InnerExceptions[0];
            else if (e is System.Reflection.TargetInvocationException { InnerException: { } t }) e = t;
            else return e;
        }
    }

    private static string OneLine(string s)
    {
        s = s.Replace('\r', ' ').Replace('\n', ' ').Trim();
        return s.Length > 300 ? s[..300] + "…" : s;
    }
}
