using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.Rules;

/// <summary>
/// Nothing from a rule file reaches the generated C# except through the allow-listed expression
/// path: names, versions, file names and ids never become code, every expression field (at:
/// included) is exactly one expression, and the generated tree holds only what the generator
/// writes. Each payload would create a marker file if it ran.
/// </summary>
[NonParallelizable]
public class RuleInjectionTests
{
    private string _marker = "";

    [SetUp]
    public void NewMarker() => _marker = Path.Combine(Path.GetTempPath(), "prm" + Guid.NewGuid().ToString("N")[..10]);

    [TearDown]
    public void RemoveMarker() { if (File.Exists(_marker)) File.Delete(_marker); }

    /// <summary>C# that writes the marker when the assembly is loaded. Short and without '/', so it also fits in a file name.</summary>
    private string Evil(string end) =>
        "public static class E" + Guid.NewGuid().ToString("N")[..4] + "{[System.Runtime.CompilerServices.ModuleInitializer]public static void I()=>"
        + "System.IO.File.WriteAllText(System.IO.Path.GetTempPath()+\"" + Path.GetFileName(_marker) + "\",\"\");}" + end;

    private static Submission Doc() => new()
    {
        SourceFile = "x.txt",
        Units = { new FundingUnit { Name = "u", Projects = { new Project { Name = "p1", Span = SourceSpan.Line(3, 1, 2) } } } },
    };

    /// <summary>Loads, compiles and runs; a refusal must be a RuleLoadException with a place. Either way the marker stays absent.</summary>
    private RuleLoadException? LoadAndRun(Func<RuleSet> load)
    {
        RuleLoadException? refused = null;
        try
        {
            var compiled = RuleSetCompiler.Compile(load(), RuleTestSupport.Options);
            compiled.Evaluate(Doc());
        }
        catch (RuleLoadException e)
        {
            refused = e;
            e.Errors.ShouldNotBeEmpty();
            e.Errors.ShouldAllBe(x => x.File.Length > 0 && x.Line >= 0);
        }
        File.Exists(_marker).ShouldBeFalse("code from the rule file ran");
        return refused;
    }

    private const string Body = """
        rules:
          - id: T1
            scope: project
            assert: project.Name != ""
            message: 失败
        """;

    [TestCase("\u2028")]
    [TestCase("\u2029")]
    [TestCase("\u0085")]
    public void A_rule_file_name_with_a_line_separator_never_becomes_code(string separator)
    {
        var name = "x" + separator + Evil(separator + "//") + ".yaml";
        var refused = LoadAndRun(() => RuleSetLoader.Load(new[] { new RuleFile(name, "ruleset: t\n" + Body) }));
        refused.ShouldBeNull(); // a strange file name is not an error: it just never reaches the code
    }

    [TestCase("version")]
    [TestCase("ruleset")]
    [TestCase("title")]
    [TestCase("basis")]
    public void A_name_or_version_with_a_line_separator_never_becomes_code(string field)
    {
        var payload = "1\u2028" + Evil("\u2028//");
        var yaml = field switch
        {
            "ruleset" => $"ruleset: \"t{Escape(payload)}\"\n" + Body,
            "version" => $"ruleset: t\nversion: \"{Escape(payload)}\"\n" + Body,
            _ => "ruleset: t\n" + Body + $"\n    {field}: \"{Escape(payload)}\"\n",
        };
        LoadAndRun(() => RuleSetLoader.Load(new[] { new RuleFile("t.yaml", yaml) }));
    }

    [Test]
    public void The_generated_source_holds_no_user_text_outside_expressions()
    {
        var set = RuleSetLoader.Load(new[]
        {
            new RuleFile("dir\u2028name/file-NAMEMARK.yaml", "ruleset: SETMARK\nversion: VERMARK\n" + Body.Replace("message: 失败", "title: TITLEMARK\n    message: MSGMARK")),
        });
        var source = RuleSourceGenerator.Generate(set).Text;
        foreach (var mark in new[] { "SETMARK", "VERMARK", "NAMEMARK", "TITLEMARK", "MSGMARK", "\u2028" })
            source.ShouldNotContain(mark);
        source.ShouldNotContain("//");
        source.ShouldNotContain("#");
    }

    [Test]
    public void A_rule_id_with_a_trailing_newline_is_rejected_at_its_line()
    {
        var yaml = "ruleset: t\nrules:\n  - id: \"T1\\n\"\n    scope: project\n    assert: \"true\"\n";
        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("t.yaml", yaml) })).Errors.ShouldHaveSingleItem();
        (e.File, e.Line).ShouldBe(("t.yaml", 3));
        e.Message.ShouldContain("id");
    }

    [Test]
    public void A_let_name_with_a_trailing_newline_is_rejected()
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    let:\n      \"x\\n\": \"1\"\n    assert: \"true\"\n";
        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("t.yaml", yaml) })).Errors.ShouldHaveSingleItem();
        e.Line.ShouldBe(6);
    }

    [Test]
    public void A_let_name_that_is_a_keyword_is_rejected_at_its_line()
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    let:\n      class: \"1\"\n    assert: \"true\"\n";
        var e = RuleTestSupport.Errors(yaml).ShouldHaveSingleItem();
        e.Line.ShouldBe(6);
        e.Message.ShouldContain("class");
    }

    private static string AtRule(string at) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: project
            assert: Planted.Answer == 41
            message: 失败
            at: '{{at.Replace("'", "''")}}'
        """;

    [Test]
    public void An_at_expression_that_closes_the_method_and_declares_a_type_is_rejected_at_the_at_line()
    {
        // Declares a type in an allowed namespace, then reopens a method so the file still compiles.
        const string at = "null)); } } namespace PerfRules.Model { public static class Planted { public static int Answer => 42; } } "
            + "namespace PerfRules.Generated { public sealed class Extra { static object Z() { return ((object)(null";
        var errors = RuleTestSupport.Errors(AtRule(at));
        errors.ShouldContain(e => e.Line == 7, string.Join("\n", errors));
    }

    [Test]
    public void An_at_expression_with_a_recursive_method_is_rejected_not_a_stack_overflow()
    {
        const string at = "null)); } public static int R(int n) => R(n + 1); public static object Z() { return ((object)(null";
        var yaml = $$"""
            ruleset: t
            rules:
              - id: T1
                scope: project
                assert: project.Name == ""
                message: 失败
                at: '{{at}}'
            """;
        var errors = RuleTestSupport.Errors(yaml);
        errors.ShouldContain(e => e.Line == 7, string.Join("\n", errors));
    }

    [TestCase("doc.Span\n#if false\n)\n#endif", TestName = "at: with a preprocessor directive")]
    [TestCase("doc.Span; }", TestName = "at: with a statement end")]
    [TestCase("[System.Obsolete] () => doc.Span", TestName = "at: with an attribute on a lambda")]
    public void An_at_expression_that_is_not_one_expression_is_rejected(string at)
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: project.Name == \"\"\n    at: \""
                   + Escape(at) + "\"\n";
        var errors = RuleTestSupport.Errors(yaml);
        errors.ShouldAllBe(e => e.Line == 6, string.Join("\n", errors));
    }

    [Test]
    public void A_plain_at_expression_still_works()
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: project.Name == \"\"\n    at: SourceSpan.Line(9, 1, 4)\n";
        var f = RuleTestSupport.CompileText(yaml).Evaluate(Doc()).ShouldHaveSingleItem();
        f.Span!.StartLine.ShouldBe(9);
    }

    [TestCase("\u2028", "U+2028")]
    [TestCase("\u2029", "U+2029")]
    [TestCase("\u0085", "U+0085")]
    [TestCase("\uFEFF", "U+FEFF")]
    [TestCase("\u202E", "U+202E")]
    [TestCase("\u0001", "U+0001")]
    public void An_expression_with_a_line_separator_or_control_character_is_rejected_at_that_character(string c, string named)
    {
        // In a comment the separator would end the comment: what follows is code the user meant to hide.
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: \"true // note" + Escape(c) + " && true\"\n";
        var e = RuleTestSupport.Errors(yaml).ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((5, 26));
        e.Message.ShouldContain(named);
    }

    [TestCase("true /* #if DEBUG */", TestName = "Comment with a directive-like #")]
    [TestCase("true /// <summary/>", TestName = "Documentation comment")]
    public void A_comment_that_hides_directives_is_rejected(string assert)
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: \"" + Escape(assert) + "\"\n";
        RuleTestSupport.Errors(yaml).ShouldAllBe(e => e.Line == 5);
    }

    [Test]
    public void A_plain_trailing_comment_is_still_allowed()
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: project.Name != \"\" // the name is required\n";
        RuleTestSupport.CompileText(yaml).Evaluate(Doc()).ShouldBeEmpty();
    }

    [Test]
    public void A_rule_folder_whose_name_and_file_name_carry_code_loads_without_running_it()
    {
        var root = Directory.CreateTempSubdirectory("perfrules-inject-").FullName;
        try
        {
            var dir = Path.Combine(root, "r\u2028" + Evil("\u2028"));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "a\u2029" + Evil("\u2029") + ".yaml"), "ruleset: t\n" + Body);
            LoadAndRun(() => RuleSetLoader.LoadFolder(dir)).ShouldBeNull();
        }
        finally { Directory.Delete(root, true); }
    }

    // ---- every field × every hostile character ------------------------------------------------

    private static readonly string[] Fields =
    {
        "ruleset", "version", "description", "extends", "overrides", "id", "title", "severity", "scope", "basis", "rule description",
        "tags", "message text", "example", "let name", "when", "let value", "assert", "message hole", "at",
    };

    private static readonly string[] Expressions = { "when", "let value", "assert", "message hole", "at" };

    private static IEnumerable<TestCaseData> FieldCases() =>
        from field in Fields
        from c in new[] { "\u2028", "\u2029", "\u0085", "\uFEFF", "#" }
        select new TestCaseData(field, c).SetName($"Hostile {field} with U+{(int)c[0]:X4}");

    /// <summary>
    /// A rule file with the character (and C# after it) in one field: either refused with the
    /// file and a line, or loaded with neither the character nor the C# in the generated source.
    /// </summary>
    [TestCaseSource(nameof(FieldCases))]
    public void Every_field_with_a_hostile_character_is_refused_or_kept_out_of_the_code(string field, string c)
    {
        var code = "System.IO.File.WriteAllText(\"" + _marker + "\", \"\")";
        var text = Escape(Expressions.Contains(field) ? $"true // {c}{code} == null" : $"x{c}{Evil(c + "//")}");
        if (field == "message text") text = text.Replace("{", "{{").Replace("}", "}}"); // literal text, not holes
        string Q(string f, string plain) => f == field ? $"\"{text}\"" : plain;
        var yaml = $"""
            ruleset: {Q("ruleset", "t")}
            version: {Q("version", "1")}
            description: {Q("description", "d")}
            {(field == "extends" ? $"extends: {Q("extends", "")}" : "")}
            {(field == "overrides" ? $"overrides: {{ {Q("overrides", "")}: off }}" : "")}
            rules:
              - id: {Q("id", "T1")}
                title: {Q("title", "标题")}
                severity: {Q("severity", "error")}
                scope: {Q("scope", "project")}
                basis: {Q("basis", "依据")}
                description: {Q("rule description", "说明")}
                tags: [ {Q("tags", "t")} ]
                when: {Q("when", "\"true\"")}
                let:
                  {Q("let name", "v")}: {Q("let value", "\"1\"")}
                assert: {Q("assert", "project.Name != \"\"")}
                message: {(field == "message hole" ? $"\"失败{{{text}}}\"" : Q("message text", "失败"))}
                at: {Q("at", "project.Span")}
                examples:
                  valid: [ {Q("example", "\"kind: projectTargets\"")} ]
            """;
        RuleLoadException? refused = null;
        try
        {
            var set = RuleSetLoader.Load(new[] { new RuleFile("h.yaml", yaml) });
            var source = RuleSourceGenerator.Generate(set).Text;
            if (!Expressions.Contains(field))
            {
                source.ShouldNotContain(c);
                source.ShouldNotContain("ModuleInitializer");
            }
            RuleSetCompiler.Compile(set, RuleTestSupport.Options);
            Expressions.ShouldNotContain(field, "an expression with the character compiled");
        }
        catch (RuleLoadException e) { refused = e; }
        if (refused is not null)
            refused.Errors.ShouldAllBe(e => e.File == "h.yaml" && e.Line >= 1, string.Join("\n", refused.Errors));
        if (Expressions.Contains(field)) refused.ShouldNotBeNull();
        File.Exists(_marker).ShouldBeFalse();
    }

    // ---- the final check on the generated tree ------------------------------------------------

    private static (RuleSet Set, GeneratedSource Source) Generated()
    {
        var set = RuleTestSupport.LoadText("ruleset: t\n" + Body);
        return (set, RuleSourceGenerator.Generate(set));
    }

    [Test]
    public void The_generated_tree_passes_its_own_shape_check()
    {
        var (set, g) = Generated();
        GeneratedCodeCheck.Problem(g.Text, set, g).ShouldBeNull();
    }

    // Inserted after every user expression, so the segments still line up and only the member check can object.
    [TestCase("class", "    [System.Runtime.CompilerServices.ModuleInitializer] public static void Init() { }\n", TestName = "Shape: a module initializer")]
    [TestCase("class", "    static Rule_0() { }\n", TestName = "Shape: a static constructor")]
    [TestCase("class", "    public static int R(int n) => R(n + 1);\n", TestName = "Shape: an extra method")]
    [TestCase("class", "    public int this[int i] => i;\n", TestName = "Shape: an indexer")]
    [TestCase("class", "    public sealed class Nested { }\n", TestName = "Shape: a nested type")]
    [TestCase("class", "    [System.Obsolete] public static void X() { }\n", TestName = "Shape: an attribute")]
    [TestCase("namespace", "public static class Extra { }\n", TestName = "Shape: an extra class")]
    [TestCase("file", "namespace Other { class X { } }\n", TestName = "Shape: another namespace")]
    [TestCase("file", "#if true\n#endif\n", TestName = "Shape: a directive")]
    public void A_generated_tree_with_anything_the_generator_does_not_write_is_refused(string where, string insert)
    {
        var (set, g) = Generated();
        g.Text.ShouldEndWith("}\n\n}\n"); // the last rule class, then the namespace
        var at = where switch
        {
            "class" => g.Text.Length - "}\n\n}\n".Length,
            "namespace" => g.Text.Length - "}\n".Length,
            _ => g.Text.Length,
        };
        var tampered = g.Text.Insert(at, insert);
        GeneratedCodeCheck.Problem(tampered, set, g with { Text = tampered }).ShouldNotBeNull();
        GeneratedCodeCheck.Problem(g.Text, set, g).ShouldBeNull();
    }

    [Test]
    public void A_generated_check_that_declares_a_local_other_than_its_lets_is_refused()
    {
        var (set, g) = Generated();
        const string failed = "        return global::PerfRules.Rules.Runtime.RuleOutcome.Failed(";
        g.Text.ShouldContain(failed);
        var tampered = g.Text.Replace(failed, "        var sneaky = 1;\n" + failed);
        GeneratedCodeCheck.Problem(tampered, set, g with { Text = tampered }).ShouldNotBeNull();
    }

    [Test]
    public void A_generated_tree_whose_expression_spills_out_of_its_place_is_refused()
    {
        var (set, g) = Generated();
        var seg = g.Segments.ShouldHaveSingleItem();
        // The same length, but the text closes the parenthesis early: the expression no longer fills its slot.
        var text = seg.Expr.Text;
        var spilled = ("0)" + new string(' ', text.Length))[..text.Length];
        var tampered = g.Text[..seg.Start] + spilled + g.Text[seg.End..];
        GeneratedCodeCheck.Problem(tampered, set, g with { Text = tampered }).ShouldNotBeNull();
    }

    /// <summary>Escapes for a YAML double-quoted scalar.</summary>
    private static string Escape(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in s)
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when c < 0x20 || c is '\u0085' or '\u2028' or '\u2029' or '\uFEFF' || (c >= '\u202A' && c <= '\u202E') => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
