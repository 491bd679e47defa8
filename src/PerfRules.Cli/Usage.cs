using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace PerfRules.Cli;

/// <summary>
/// Usage errors: what was typed cannot be run (an unknown option or command, a missing or invalid
/// value, a path that does not exist). Each is one line in the run's language with a suggestion
/// where one helps, then where to find the usage; the exit code is 2. Found before any file is read.
/// </summary>
internal sealed class Usage(Command command, TextWriter stderr)
{
    private readonly List<string> _errors = new();
    private bool _hint;

    public bool Failed => _errors.Count > 0;

    /// <summary>An error in what was typed (followed by the pointer to --help).</summary>
    public void Error(string message)
    {
        _errors.Add(message);
        _hint = true;
    }

    /// <summary>A problem in a file the command line named (a project file): its own message, no pointer to --help.</summary>
    public void Problem(string message) => _errors.Add(message);

    /// <summary>Prints the errors and gives exit code 2.</summary>
    public int Exit()
    {
        foreach (var e in _errors) stderr.WriteLine(e);
        if (_hint) stderr.WriteLine(Lang.T($"用法见 {CommandLine(command)} --help", $"See '{CommandLine(command)} --help' for usage."));
        return CliApp.CouldNotRun;
    }

    /// <summary>"perfrules rules show": the command as typed from the root.</summary>
    public static string CommandLine(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
            names.Insert(0, c is RootCommand ? "perfrules" : c.Name);
        return string.Join(' ', names);
    }

    /// <summary>
    /// The usage errors of a parse, in the run's language: unknown options (also those taken for a
    /// path: <c>lint a.txt --fromat json</c>) and commands with suggestions, then missing and invalid
    /// values. Empty when the command line can run.
    /// </summary>
    public static List<string> Of(ParseResult r)
    {
        var errors = new List<string>();
        var command = r.CommandResult.Command;
        var unknownOptions = UnknownOptionTokens(r);
        var unmatched = r.UnmatchedTokens.ToList();

        foreach (var token in unknownOptions) errors.Add(UnknownOption(token, command, r.RootCommandResult.Command));
        var extras = unmatched.Where(t => !unknownOptions.Contains(t)).ToList();
        var needsCommand = command.Subcommands.Count > 0 && command.Action is null;
        if (extras.Count > 0)
        {
            if (needsCommand)
            {
                var typed = extras[0];
                var closest = Suggestions.Closest(typed, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
                errors.Add(Lang.T($"未知的命令“{typed}”。", $"Unknown command '{typed}'.") + Suggestions.Hint(closest)
                    + (closest.Count == 0 ? Lang.T($"可用的命令：{Commands(command)}", $" Commands: {Commands(command)}") : ""));
            }
            else
                errors.Add(Lang.T($"多余的参数：{string.Join(" ", extras.Select(e => "“" + e + "”"))}（{CommandLine(command)} 不接受这些参数）",
                    $"Unexpected argument(s): {string.Join(" ", extras.Select(e => "'" + e + "'"))}"));
        }
        else if (needsCommand && r.Errors.Any(e => e.SymbolResult is CommandResult))
            errors.Add(Lang.T($"缺少命令。可用的命令：{Commands(command)}", $"A command is required. Commands: {Commands(command)}"));

        foreach (var e in r.Errors)
        {
            switch (e.SymbolResult)
            {
                case CommandResult: break; // above
                case OptionResult o: errors.Add(OptionError(o)); break;
                case ArgumentResult a when unknownOptions.Count == 0 && extras.Count == 0:
                    errors.Add(a.Tokens.Count < a.Argument.Arity.MinimumNumberOfValues
                        ? Lang.T($"缺少参数 <{Help.Label(a.Argument)}>", $"Missing argument <{Help.Label(a.Argument)}>.")
                          + (a.Argument.Description is { Length: > 0 } d ? Lang.T($"：{d}", $": {d}") : "")
                        : Readable(e.Message));
                    break;
                case ArgumentResult: break; // explained by the unknown tokens
                default: errors.Add(Readable(e.Message)); break;
            }
        }
        return errors.Distinct().ToList();
    }

    private static string Commands(Command command) => string.Join(Lang.T("、", ", "), command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    /// <summary>Tokens that look like options (-x, --xyz) but name none: unmatched, or taken as a command's argument (a path) before any "--".</summary>
    private static List<string> UnknownOptionTokens(ParseResult r)
    {
        var tokens = r.Tokens.ToList();
        var doubleDash = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);
        var afterDoubleDash = new HashSet<object>(doubleDash < 0 ? Enumerable.Empty<Token>() : tokens.Skip(doubleDash + 1), ReferenceEqualityComparer.Instance);
        var taken = new List<string>();
        for (var c = r.CommandResult; c is not null; c = c.Parent as CommandResult)
            foreach (var a in c.Children.OfType<ArgumentResult>())
                foreach (var t in a.Tokens)
                    if (!afterDoubleDash.Contains(t) && LooksLikeOption(t.Value)) taken.Add(t.Value);
        foreach (var t in r.UnmatchedTokens)
            if (LooksLikeOption(t) && !taken.Contains(t)) taken.Add(t);
        return taken;
    }

    private static bool LooksLikeOption(string s) => s.Length > 1 && s[0] == '-' && !char.IsDigit(s[1]) && s[1] != '.';

    private static string UnknownOption(string token, Command command, Command root)
    {
        var name = token.Split('=', ':')[0];
        var here = OptionsOf(command).SelectMany(o => o.Aliases.Append(o.Name)).Where(n => n.StartsWith('-')).ToList();
        var message = Lang.T($"未知的选项“{token}”。", $"Unknown option '{token}'.");
        var closest = Suggestions.Closest(name, here);
        if (closest.Count > 0) return message + Suggestions.Hint(closest);
        // An option of another command (lint --jobs): say which.
        var owners = AllCommands(root).Where(c => c != command && c.Options.Any(o => o.Name == name || o.Aliases.Contains(name))).Select(c => CommandLine(c)).ToList();
        if (owners.Count > 0)
            return message + Lang.T($"{CommandLine(command)} 没有这个选项，它属于 {string.Join("、", owners)}。", $" {CommandLine(command)} has no such option; {string.Join(", ", owners)} has.");
        if (File.Exists(token) || Directory.Exists(token))
            return message + Lang.T($"如果它是文件名，请写成 .{Path.DirectorySeparatorChar}{token} 或放在 -- 之后。", $" If it is a file name, write .{Path.DirectorySeparatorChar}{token} or put it after --.");
        return message + Lang.T($"{CommandLine(command)} --help 列出全部选项。", $" '{CommandLine(command)} --help' lists the options.");
    }

    /// <summary>The options a command accepts: its own and the recursive ones of the commands above it.</summary>
    public static IEnumerable<Option> OptionsOf(Command command)
    {
        foreach (var o in command.Options) yield return o;
        for (var p = command.Parents.OfType<Command>().FirstOrDefault(); p is not null; p = p.Parents.OfType<Command>().FirstOrDefault())
            foreach (var o in p.Options.Where(o => o.Recursive)) yield return o;
    }

    public static IEnumerable<Command> AllCommands(Command root)
    {
        yield return root;
        foreach (var c in root.Subcommands)
            foreach (var d in AllCommands(c)) yield return d;
    }

    private static string OptionError(OptionResult o)
    {
        var option = o.Option;
        var name = o.IdentifierToken?.Value ?? option.Name;
        if (o.Implicit && o.Tokens.Count == 0 && option.Required)
            return Lang.T($"缺少必需的选项 {option.Name}", $"Option {option.Name} is required.")
                + (option.Description is { Length: > 0 } d ? Lang.T($"：{d}", $": {d}") : "");
        if (o.Tokens.Count == 0)
            return Lang.T($"选项 {name} 缺少值", $"Option {name} needs a value.");
        if (o.Tokens.Count > option.Arity.MaximumNumberOfValues)
            return Lang.T($"选项 {name} 只能给出一次（给出了 {o.Tokens.Count} 个值：{string.Join("、", o.Tokens.Select(t => t.Value))}）",
                $"Option {name} takes one value ({o.Tokens.Count} were given).");
        var value = string.Join(" ", o.Tokens.Select(t => t.Value));
        var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        if (choices.Count > 0)
        {
            var hint = Suggestions.Hint(Suggestions.Closest(value, choices));
            return Lang.T($"选项 {name} 的值“{value}”无效，可用：{string.Join("、", choices)}。", $"Invalid value '{value}' for {name}; use one of: {string.Join(", ", choices)}.") + hint;
        }
        var type = option.ValueType;
        var expected = type == typeof(int) || type == typeof(int?) ? Lang.T("整数", "a whole number")
            : type == typeof(double) || type == typeof(double?) ? Lang.T("数字", "a number")
            : Lang.T("有效的值", "a valid value");
        return Lang.T($"选项 {name} 的值“{value}”无效，应为{expected}", $"Invalid value '{value}' for {name}: expected {expected}.");
    }

    /// <summary>A parser message we have no words of our own for, its quotes made readable (“'x'” → “x”).</summary>
    private static string Readable(string message) => message.Replace("“'", "“").Replace("'”", "”").Replace("。.", "。");
}
