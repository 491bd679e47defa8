using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;
using System.Text;

namespace PerfRules.Cli;

/// <summary>
/// `--help` of every command, written by us in the run's language (System.CommandLine's own help
/// is English, or half-translated under a Chinese locale): the description, usage, arguments,
/// options, subcommands and examples, in columns that count a Chinese character as two.
/// A command gets its examples with <see cref="Examples{T}"/>.
/// </summary>
internal static class Help
{
    private const int Width = 100;
    private const int MaxFirstColumn = 34;

    private static readonly ConditionalWeakTable<Command, List<(string Line, string What)>> ExampleTable = new();

    /// <summary>Adds examples to a command's help: the command line, and what it does.</summary>
    public static T Examples<T>(this T command, params (string Line, string What)[] examples) where T : Command
    {
        ExampleTable.GetOrCreateValue(command).AddRange(examples);
        return command;
    }

    public static IReadOnlyList<(string Line, string What)> ExamplesOf(Command command) =>
        ExampleTable.TryGetValue(command, out var list) ? list : Array.Empty<(string, string)>();

    /// <summary>Our help for --help, -h and -?, and the help and version options described in the run's language.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption help)
            {
                help.Description = Lang.T("显示帮助（用法、选项和示例）", "Show help (usage, options and examples)");
                help.Action = new Printer();
            }
            else if (option is VersionOption)
                option.Description = Lang.T("显示版本号", "Show the version");
        }
    }

    private sealed class Printer : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
            return CliApp.Ok;
        }
    }

    /// <summary>The name shown for an argument: its help name, else its name.</summary>
    public static string Label(Argument argument) => argument.HelpName ?? argument.Name;

    public static void Write(Command command, TextWriter o)
    {
        var line = Usage.CommandLine(command);
        if (command.Description is { Length: > 0 } description)
        {
            foreach (var l in Wrap(description, Width)) o.WriteLine(l);
            o.WriteLine();
        }

        o.WriteLine(Lang.T("用法：", "Usage:"));
        var usage = new StringBuilder("  ").Append(line);
        foreach (var a in command.Arguments.Where(a => !a.Hidden))
            usage.Append(' ').Append(a.Arity.MinimumNumberOfValues == 0 ? $"[<{Label(a)}>]" : $"<{Label(a)}>").Append(a.Arity.MaximumNumberOfValues > 1 ? "..." : "");
        if (command.Subcommands.Count > 0) usage.Append(Lang.T(" <命令>", " <command>"));
        usage.Append(Lang.T(" [选项]", " [options]"));
        o.WriteLine(usage.ToString());

        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => ($"<{Label(a)}>", a.Description ?? "")).ToList();
        Section(o, Lang.T("参数：", "Arguments:"), arguments);

        var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, c.Description ?? "")).ToList();
        Section(o, Lang.T("命令：", "Commands:"), commands);

        var options = Usage.OptionsOf(command).Where(x => !x.Hidden).Distinct().Select(x => (OptionLabel(x), OptionText(x))).ToList();
        Section(o, Lang.T("选项：", "Options:"), options);

        var examples = ExamplesOf(command);
        if (examples.Count > 0)
        {
            o.WriteLine();
            o.WriteLine(Lang.T("示例：", "Examples:"));
            foreach (var (example, what) in examples)
            {
                o.WriteLine("  " + example);
                foreach (var l in Wrap(what, Width - 6)) o.WriteLine("      " + l);
            }
        }
        if (command.Subcommands.Count > 0)
        {
            o.WriteLine();
            o.WriteLine(Lang.T($"每个命令的说明：{line} <命令> --help", $"Help on a command: {line} <command> --help"));
        }
    }

    private static string OptionLabel(Option option)
    {
        var names = option.Aliases.Append(option.Name).Where(n => !n.StartsWith('/') && n != "-?").Distinct()
            .OrderBy(n => n.StartsWith("--", StringComparison.Ordinal) ? 1 : 0).ThenBy(n => n.Length);
        var label = string.Join(", ", names);
        if (option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0) return label;
        var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        var value = option.HelpName ?? (choices.Count is > 0 and <= 5 ? string.Join("|", choices) : Lang.T("值", "value"));
        return $"{label} <{value}>";
    }

    private static string OptionText(Option option)
    {
        var text = option.Description ?? "";
        if (option.Required) text += Lang.T("（必需）", " (required)");
        return text;
    }

    private static void Section(TextWriter o, string title, IReadOnlyList<(string First, string Second)> rows)
    {
        if (rows.Count == 0) return;
        o.WriteLine();
        o.WriteLine(title);
        var first = Math.Min(MaxFirstColumn, rows.Max(r => DisplayWidth(r.First))) + 2;
        foreach (var (label, text) in rows)
        {
            var wrapped = Wrap(text, Width - 2 - first);
            var start = "  " + label;
            if (DisplayWidth(label) > first - 2)
            {
                o.WriteLine(start);
                start = "";
            }
            for (var i = 0; i < Math.Max(1, wrapped.Count); i++)
            {
                var head = i == 0 && start.Length > 0 ? start + new string(' ', 2 + first - DisplayWidth(start)) : new string(' ', 2 + first);
                o.WriteLine((head + (i < wrapped.Count ? wrapped[i] : "")).TrimEnd());
            }
        }
    }

    /// <summary>Columns a terminal gives the text: East Asian wide and full-width characters take two.</summary>
    public static int DisplayWidth(string s)
    {
        var w = 0;
        foreach (var c in s) w += Wide(c) ? 2 : 1;
        return w;
    }

    private static bool Wide(char c) =>
        c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6';

    /// <summary>Lines of at most <paramref name="width"/> columns: Chinese breaks between any two characters, other text at spaces.</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0;
            foreach (var word in Words(paragraph))
            {
                var w = DisplayWidth(word);
                if (lineWidth > 0 && lineWidth + w > width && word != " ")
                {
                    lines.Add(line.ToString().TrimEnd());
                    line.Clear();
                    lineWidth = 0;
                }
                if (lineWidth == 0 && word == " ") continue;
                line.Append(word);
                lineWidth += w;
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    private const string NoLineStart = "，。、；：）」』》！？”…";
    private const string NoLineEnd = "（「『《“";

    // A wide character is a word of its own, other text runs to a space, a quoted "…" is one word;
    // closing punctuation sticks to the word before it, opening punctuation to the word after.
    private static IEnumerable<string> Words(string s)
    {
        var raw = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            if (s[i] == ' ') i++;
            else if (s[i] == '"' && s.IndexOf('"', i + 1) is var close and > 0) i = close + 1;
            else if (Wide(s[i])) i++;
            else
            {
                i++; // at least one character: a lone '"' too
                while (i < s.Length && s[i] != ' ' && s[i] != '"' && !Wide(s[i])) i++;
            }
            raw.Add(s[start..i]);
        }
        var words = new List<string>();
        var pending = "";
        foreach (var w in raw)
        {
            if (w.Length == 1 && NoLineStart.Contains(w[0]) && words.Count > 0 && pending.Length == 0) words[^1] += w;
            else if (w.Length == 1 && NoLineEnd.Contains(w[0])) pending += w;
            else
            {
                words.Add(pending + w);
                pending = "";
            }
        }
        if (pending.Length > 0) words.Add(pending);
        return words;
    }
}
