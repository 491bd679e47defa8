using System.CommandLine;
using PerfRules.Cli;

namespace PerfRules.Tests.Cli;

/// <summary>--help of every command: Chinese description, usage, options and at least one example; English with --lang en.</summary>
public class HelpTests
{
    /// <summary>Every command line that names a command ("lint", "rules show", and "" for perfrules itself).</summary>
    public static IEnumerable<string> CommandLines()
    {
        var root = CliApp.Commands(TextWriter.Null, TextWriter.Null);
        return Usage.AllCommands(root).Select(c => Usage.CommandLine(c)["perfrules".Length..].Trim()).ToList();
    }

    private static bool HasChinese(string s) => s.Any(c => c is >= '\u4E00' and <= '\u9FFF');

    private static string[] Words(string line) => line.Length == 0 ? Array.Empty<string>() : line.Split(' ');

    [TestCaseSource(nameof(CommandLines))]
    public void Help_is_chinese_with_a_description_and_an_example(string line)
    {
        var (code, output, err) = CliRunner.RunPlain(Words(line).Append("--help").ToArray());
        code.ShouldBe(CliApp.Ok, err);
        err.ShouldBeEmpty();
        var lines = output.Split('\n');
        HasChinese(lines[0]).ShouldBeTrue("the first line is the command's Chinese description:\n" + output);
        output.ShouldContain("用法：\n  perfrules " + line);
        output.ShouldContain("选项：");
        output.ShouldContain("-h, --help");
        output.ShouldContain("示例：\n  perfrules " + (line.Length > 0 ? line.Split(' ')[0] : ""));
        foreach (var english in new[] { "Usage:", "Options:", "Description:", "Show help", "Arguments:", "[options]" })
            output.ShouldNotContain(english);
        // Columns fit a 100-column terminal, a Chinese character counting two.
        foreach (var l in lines) Help.DisplayWidth(l).ShouldBeLessThanOrEqualTo(100, l);
    }

    [TestCaseSource(nameof(CommandLines))]
    public void Every_option_and_argument_is_described(string line)
    {
        var root = CliApp.Commands(TextWriter.Null, TextWriter.Null);
        var command = Usage.AllCommands(root).Single(c => Usage.CommandLine(c) == ("perfrules " + line).Trim());
        foreach (var o in Usage.OptionsOf(command))
            HasChinese(o.Description ?? "").ShouldBeTrue($"{line} {o.Name}");
        foreach (var a in command.Arguments)
            HasChinese(a.Description ?? "").ShouldBeTrue($"{line} <{a.Name}>");
        HasChinese(command.Description ?? "").ShouldBeTrue(line);
        Help.ExamplesOf(command).ShouldNotBeEmpty(line);
    }

    [Test]
    public void Lang_en_gives_english_help()
    {
        var (code, output, _) = CliRunner.RunPlain("lint", "--help", "--lang", "en");
        code.ShouldBe(CliApp.Ok);
        output.ShouldContain("Usage:\n  perfrules lint <path>... [options]");
        output.ShouldContain("Options:");
        output.ShouldContain("Examples:");
        output.ShouldContain("--exclude <glob>");
        output.ShouldNotContain("用法：");
    }

    [Test]
    public void Short_and_windows_style_help_switches_work()
    {
        foreach (var h in new[] { "-h", "-?", "/?" })
        {
            var (code, output, _) = CliRunner.RunPlain("audit", h);
            code.ShouldBe(CliApp.Ok, h);
            output.ShouldContain("用法：\n  perfrules audit");
        }
    }

    [Test]
    public void Help_wraps_chinese_between_characters_and_never_starts_a_line_with_a_closing_mark()
    {
        var lines = Help.Wrap("输出格式：text、json、sarif、summary、html、junit、github、csv、xlsx（可多次给出，每个与一个 --output 按顺序对应）", 30);
        lines.Count.ShouldBeGreaterThan(1);
        foreach (var l in lines)
        {
            Help.DisplayWidth(l).ShouldBeLessThanOrEqualTo(30, l);
            "，。、；：）".ShouldNotContain(l[0]);
            "（“".ShouldNotContain(l[^1]);
        }
        // Nothing lost or added but the breaks.
        string.Concat(lines).Replace(" ", "").ShouldBe("输出格式：text、json、sarif、summary、html、junit、github、csv、xlsx（可多次给出，每个与一个--output按顺序对应）");
    }
}
