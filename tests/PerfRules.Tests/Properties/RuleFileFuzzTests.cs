using System.Text;
using PerfRules.Fuzz;
using PerfRules.Model;
using PerfRules.Rules.Compilation;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.Properties;

/// <summary>
/// The rule-file fuzzer: generated rule YAML whose every field, file name and folder name carries
/// line separators (U+2028, U+2029, NEL), a byte order mark, '#', quotes, backslashes, comment
/// ends and C# that would write a marker file if it ever ran. Each case either loads into a
/// sandboxed program (and runs) or fails with a RuleLoadException naming the file and a line;
/// no other exception, no crash, and the marker never appears.
/// </summary>
[NonParallelizable]
public class RuleFileFuzzTests
{
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("PERFRULES_RULE_FUZZ_CASES"), out var n) && n > 0 ? n : 200;

    private static Submission Doc() => new()
    {
        Kind = SubmissionKind.ProjectTargets,
        SourceFile = "fuzz.txt",
        Department = "示例局",
        Units = { new FundingUnit { Name = "u", Projects = { new Project { Name = "p", Span = SourceSpan.Line(1, 1, 2) } } } },
    };

    [Test]
    public void Hostile_rule_files_load_sandboxed_or_fail_with_a_place_and_never_run_code()
    {
        var marker = Path.Combine(Path.GetTempPath(), "perfrules-fuzz-marker-" + Guid.NewGuid().ToString("N"));
        var fuzzer = new RuleFileFuzzer(Path.GetFileName(marker));
        var root = Directory.CreateTempSubdirectory("perfrules-rule-fuzz-").FullName;
        var options = RuleTestSupport.Options with { UseDiskCache = false, TimeBudget = TimeSpan.FromSeconds(0.5) };
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        try
        {
            for (var i = 0; i < Cases; i++)
            {
                var c = fuzzer.Generate(FuzzHarness.CaseRandom(11, i));
                var where = c.FileName;
                try
                {
                    RuleSet set;
                    if (c.FolderName is { } folder)
                    {
                        var dir = Path.Combine(root, i.ToString(), folder);
                        Directory.CreateDirectory(dir);
                        where = Path.Combine(dir, c.FileName);
                        File.WriteAllText(where, c.Text);
                        set = RuleSetLoader.LoadFolder(dir);
                    }
                    else set = RuleSetLoader.Load(new[] { new RuleFile(c.FileName, c.Text) });
                    RuleSetCompiler.Compile(set, options).Evaluate(Doc());
                    loaded++;
                }
                catch (RuleLoadException e)
                {
                    refused++;
                    if (e.Errors.Count == 0) failures.Add($"case {i}: a RuleLoadException without errors");
                    foreach (var x in e.Errors.Where(x => x.File != where || x.Line < 1).Take(1))
                        failures.Add($"case {i}: error without its file and line: {x}");
                }
                catch (Exception e)
                {
                    failures.Add($"case {i} ({c.Mode}): {e.GetType().Name}: {e.Message}\n{c.Text}");
                }
                if (File.Exists(marker))
                {
                    failures.Add($"case {i} ({c.Mode}): code from the rule file ran\n{c.FileName}\n{c.Text}");
                    File.Delete(marker);
                }
            }
        }
        finally { Directory.Delete(root, true); }

        failures.ShouldBeEmpty(string.Join("\n\n", failures.Take(5)));
        // Both outcomes are exercised: hostile names load, hostile expressions are refused.
        TestContext.Out.WriteLine($"{Cases} cases: {loaded} loaded, {refused} refused");
        loaded.ShouldBeGreaterThan(Cases / 10);
        refused.ShouldBeGreaterThan(Cases / 10);
    }
}

/// <summary>Generates hostile rule files (see <see cref="RuleFileFuzzTests"/>).</summary>
internal sealed class RuleFileFuzzer(string markerName)
{
    public sealed record Case(string Mode, string FileName, string? FolderName, string Text);

    private static readonly string[] Breakers =
    {
        "\u2028", "\u2029", "\u0085", "\uFEFF", "#", "#if false", "#endif", "\n#define X\n", "\"", "'", "\\", "*/", "/*", "//",
        "}", "{", "{{", "}}", ")", "(", ";", "\r\n", "\t", ": ", "- ", "&a ", "*a", "!!str ", "\u202E", "\0", "`", "$\"",
    };

    private static readonly string[] ValidExpressions =
    {
        "project.Name != \"\"", "true", "project.Indicators.Count >= 0", "!string.IsNullOrEmpty(project.Name)",
        "project.Name.Length > 0 // note",
    };

    private string Code(Random rng) => rng.Next(4) switch
    {
        0 => "public static class Evil { [System.Runtime.CompilerServices.ModuleInitializer] public static void Init() => "
             + $"System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), \"{markerName}\"), \"ran\"); }}",
        1 => $"System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), \"{markerName}\"), \"ran\") == null",
        2 => $"null)); }} static Evil() {{ System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), \"{markerName}\"), \"ran\"); }} static object Z() {{ return ((object)(null",
        _ => "} } namespace PerfRules.Model { public static class Planted { public static int R(int n) => R(n + 1); } } namespace X { class Y {",
    };

    /// <summary>A hostile value: code between breakers, or a valid value with breakers spliced in.</summary>
    private string Hostile(Random rng, string valid)
    {
        var sb = new StringBuilder();
        var parts = rng.Next(1, 5);
        for (var k = 0; k < parts; k++)
            sb.Append(rng.Next(3) switch
            {
                0 => Breakers[rng.Next(Breakers.Length)],
                1 => Code(rng),
                _ => valid,
            });
        return sb.ToString();
    }

    private static string Quote(Random rng, string value)
    {
        if (rng.Next(4) == 0) return value.Replace("\n", " "); // raw: also fuzzes the YAML reader
        var sb = new StringBuilder("\"");
        foreach (var c in value)
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when c is '\u0085' or '\u2028' or '\u2029' or '\uFEFF' or '\u202E' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return sb.Append('"').ToString();
    }

    private static string SafeName(string s, int max)
    {
        var name = new string(s.Where(c => c is not ('/' or '\0')).ToArray());
        while (Encoding.UTF8.GetByteCount(name) > max) name = name[..^1];
        return name.Length == 0 ? "x" : name;
    }

    public Case Generate(Random rng)
    {
        // "names": only names, titles and file names are hostile (the expressions are valid, so
        // the set compiles and the names must stay out of the code); "all": every field.
        var mode = rng.Next(3) == 0 ? "names" : "all";
        string Expr() => mode == "names" || rng.Next(5) == 0 ? ValidExpressions[rng.Next(ValidExpressions.Length)] : Hostile(rng, ValidExpressions[rng.Next(ValidExpressions.Length)]);
        string Name(string valid) => rng.Next(4) == 0 ? valid : Hostile(rng, valid);

        var sb = new StringBuilder();
        if (rng.Next(8) == 0) sb.Append('\uFEFF');
        sb.Append("ruleset: ").Append(Quote(rng, Name("fuzz"))).Append('\n');
        sb.Append("version: ").Append(Quote(rng, Name("1"))).Append('\n');
        if (rng.Next(6) == 0) sb.Append("description: ").Append(Quote(rng, Name("d"))).Append('\n');
        sb.Append("rules:\n");
        var rules = rng.Next(1, 3);
        for (var r = 0; r < rules; r++)
        {
            var id = mode == "names" || rng.Next(3) > 0 ? "F" + r : Hostile(rng, "F" + r);
            sb.Append("  - id: ").Append(Quote(rng, id)).Append('\n');
            sb.Append("    title: ").Append(Quote(rng, Name("标题"))).Append('\n');
            sb.Append("    scope: project\n");
            if (rng.Next(2) == 0) sb.Append("    when: ").Append(Quote(rng, Expr())).Append('\n');
            if (rng.Next(2) == 0) sb.Append("    let:\n      v: ").Append(Quote(rng, Expr())).Append('\n');
            sb.Append("    assert: ").Append(Quote(rng, Expr())).Append('\n');
            if (rng.Next(2) == 0)
                sb.Append("    message: ").Append(Quote(rng, Name("消息") + (rng.Next(2) == 0 ? "{" + Expr() + "}" : ""))).Append('\n');
            if (rng.Next(3) == 0)
                sb.Append("    at: ").Append(Quote(rng, mode == "names" ? "project.Span" : Hostile(rng, "project.Span"))).Append('\n');
            if (rng.Next(3) == 0) sb.Append("    basis: ").Append(Quote(rng, Name("依据"))).Append('\n');
            if (rng.Next(3) == 0) sb.Append("    tags: [").Append(Quote(rng, Name("t"))).Append("]\n");
            if (rng.Next(4) == 0)
                sb.Append("    examples:\n      valid:\n        - ").Append(Quote(rng, Name("kind: projectTargets"))).Append('\n');
        }

        var fileName = (rng.Next(3) == 0 ? "rules" : SafeName(Hostile(rng, "r"), 120)) + ".yaml";
        string? folder = rng.Next(4) == 0 ? SafeName(Hostile(rng, "dir"), 120) : null;
        if (folder is "." or "..") folder = "dir";
        return new Case(mode, folder is null ? fileName : SafeName(fileName, 200), folder, sb.ToString());
    }
}
