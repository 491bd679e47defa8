using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>Compile errors and allow-list rejections point at the YAML line and column.</summary>
public class RuleCompilerTests
{
    private static string OneRule(string scope, string assert) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: {{scope}}
            assert: {{assert}}
            message: 失败
        """;

    [Test]
    public void A_misspelt_member_is_reported_at_its_yaml_line_and_column()
    {
        var errors = RuleTestSupport.Errors(OneRule("project", "project.Nmae == \"\""), "my-rules.yaml");
        var e = errors.ShouldHaveSingleItem();
        e.File.ShouldBe("my-rules.yaml");
        e.Line.ShouldBe(5);
        // "    assert: " is 12 characters; "project." 8 more: Nmae starts at column 21.
        e.Column.ShouldBe(21);
        e.Message.ShouldContain("CS1061");
        e.Message.ShouldContain("Nmae");
    }

    [Test]
    public void An_error_in_a_multi_line_block_expression_points_into_the_right_line()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                assert: |
                  project.Indicators.Count > 0 &&
                    project.Goall != null
                message: 失败
            """;
        var e = RuleTestSupport.Errors(yaml).ShouldHaveSingleItem();
        e.Line.ShouldBe(7);
        e.Column.ShouldBe(17); // "        project." is 16 characters
        e.Message.ShouldContain("Goall");
    }

    [Test]
    public void An_error_in_a_folded_plain_scalar_and_in_a_quoted_scalar_maps_back()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                when: project.Indicators.Count > 0
                  && project.Nmae != ""
                assert: "project.Name.Lenght > 0"
                message: 失败
            """;
        var errors = RuleTestSupport.Errors(yaml).OrderBy(e => e.Line).ToList();
        errors.Count.ShouldBe(2);
        (errors[0].Line, errors[0].Column).ShouldBe((6, 18)); // "      && project." is 17 characters
        (errors[1].Line, errors[1].Column).ShouldBe((7, 27)); // '    assert: "project.Name.' is 26 characters
    }

    [Test]
    public void Errors_in_let_values_and_message_holes_are_located_too()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: unit
                let:
                  n: unit.Projects.Cnt
                assert: "true"
                message: "单位 {unit.Nam} 有问题"
            """;
        var errors = RuleTestSupport.Errors(yaml).OrderBy(e => e.Line).ToList();
        (errors[0].Line, errors[0].Column).ShouldBe((6, 24));
        (errors[1].Line, errors[1].Column).ShouldBe((8, 24)); // '    message: "单位 {unit.' is 23 characters
    }

    [Test]
    public void A_type_error_is_reported()
    {
        var e = RuleTestSupport.Errors(OneRule("project", "project.Indicators.Count")).ShouldHaveSingleItem();
        e.Line.ShouldBe(5);
        e.Message.ShouldContain("CS0029"); // cannot convert int to bool
    }

    [Test]
    public void A_name_from_another_scope_is_unknown()
    {
        var e = RuleTestSupport.Errors(OneRule("unit", "project.Name != \"\"")).ShouldHaveSingleItem();
        e.Column.ShouldBe(13);
        e.Message.ShouldContain("CS0103");
    }

    // ---- the allow-list: one case per forbidden kind of thing ---------------------------------

    [TestCase("System.IO.File.Exists(\"/etc/passwd\")", "System.IO", TestName = "Forbids System.IO")]
    [TestCase("typeof(string).Name != \"\"", "typeof", TestName = "Forbids typeof")]
    [TestCase("project.GetType().Name != \"\"", "GetType", TestName = "Forbids GetType")]
    [TestCase("System.Reflection.Assembly.GetExecutingAssembly() != null", "System.Reflection", TestName = "Forbids reflection")]
    [TestCase("System.Diagnostics.Stopwatch.GetTimestamp() > 0", "System.Diagnostics", TestName = "Forbids System.Diagnostics")]
    [TestCase("Environment.ProcessorCount > 0", "Environment", TestName = "Forbids Environment")]
    [TestCase("AppDomain.CurrentDomain != null", "AppDomain", TestName = "Forbids AppDomain")]
    [TestCase("Activator.CreateInstance<List<int>>().Count == 0", "Activator", TestName = "Forbids Activator")]
    [TestCase("Console.Out != null", "Console", TestName = "Forbids Console")]
    [TestCase("GC.GetTotalMemory(false) > 0", "GC", TestName = "Forbids GC")]
    [TestCase("System.Runtime.InteropServices.Marshal.SizeOf<int>() > 0", "System.Runtime", TestName = "Forbids Marshal")]
    [TestCase("System.Threading.Thread.CurrentThread != null", "System.Threading", TestName = "Forbids threads")]
    [TestCase("System.Threading.Tasks.Task.CompletedTask != null", "System.Threading", TestName = "Forbids tasks")]
    [TestCase("((dynamic)project).Name != \"\"", "dynamic", TestName = "Forbids dynamic")]
    [TestCase("default(int*) == null", "指针", TestName = "Forbids pointers")]
    [TestCase("stackalloc int[1].Length == 1", "stackalloc", TestName = "Forbids stackalloc")]
    [TestCase("__reftype(__makeref(project)) != null", "__makeref", TestName = "Forbids makeref")]
    [TestCase("string.Concat(__arglist(1)) != null", "__arglist", TestName = "Forbids arglist")]
    [TestCase("(project.Name = \"x\") != \"\"", "赋值", TestName = "Forbids assignment")]
    [TestCase("project.Indicators.RemoveAll(i => true) >= 0", "修改集合", TestName = "Forbids collection mutators")]
    [TestCase("project.Indicators.Any(i => { return true; })", "语句块", TestName = "Forbids statement lambdas")]
    [TestCase("PerfRules.Yaml.CodeTableYaml.Parse(\"/etc/passwd\") != null", "PerfRules.Yaml", TestName = "Forbids the code table's YAML reader")]
    [TestCase("DateTime.Now.Year > 2000", "Now", TestName = "Forbids DateTime.Now")]
    [TestCase("new Random().Next() > 0", "Random", TestName = "Forbids Random")]
    public void A_forbidden_expression_is_rejected_at_load_with_its_position(string assert, string mentioned)
    {
        var errors = RuleTestSupport.Errors(OneRule("project", assert.Replace("\"", "\\\"") is var q ? $"\"{q}\"" : ""));
        // Pointers are also compile errors (no unsafe context): then there may be more than one.
        errors.ShouldAllBe(e => e.Line == 5 && e.Column >= 14 && e.Column <= 14 + assert.Length);
        errors.ShouldContain(e => e.Message.Contains(mentioned), string.Join("\n", errors));
    }

    [TestCase("project.Name != \"\" }", TestName = "Rejects a closing brace")]
    [TestCase("true; System.IO.File.Delete(\"x\")", TestName = "Rejects a statement")]
    [TestCase("true) || (false", TestName = "Rejects breaking out of the parentheses")]
    [TestCase("true /* unterminated", TestName = "Rejects an unterminated comment")]
    public void Something_that_is_not_one_expression_is_rejected(string assert)
    {
        var e = RuleTestSupport.Errors(OneRule("project", $"'{assert.Replace("'", "''")}'")).ShouldHaveSingleItem();
        e.Line.ShouldBe(5);
        e.Message.ShouldContain("不是一个 C# 表达式");
    }

    [Test]
    public void A_preprocessor_directive_is_rejected()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                assert: |
                  true
                  #if DEBUG
                  && false
                  #endif
                message: 失败
            """;
        var e = RuleTestSupport.Errors(yaml).ShouldHaveSingleItem();
        e.Line.ShouldBeInRange(6, 7);
    }

    [Test]
    public void A_trailing_line_comment_does_not_break_the_generated_code()
    {
        // The comment must not swallow the closing parenthesis: the rule still compiles and decides.
        var compiled = RuleTestSupport.CompileText(OneRule("project", "project.Name != \"\" // a comment"));
        PerfRules.Model.Submission Doc(string name) => new()
        {
            SourceFile = "x.txt",
            Units = { new PerfRules.Model.FundingUnit { Name = "u", Projects = { new PerfRules.Model.Project { Name = name } } } },
        };
        compiled.Evaluate(Doc("p")).ShouldBeEmpty();
        var f = compiled.Evaluate(Doc("")).ShouldHaveSingleItem();
        (f.RuleId, f.IsRuleFailure).ShouldBe(("T1", false));
    }

    [Test]
    public void Allowed_things_compile()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                let:
                  names: project.Indicators.Select(i => i.Name.Trim()).Where(n => n.Length > 0).ToList()
                  byLevel: project.Indicators.GroupBy(i => i.Level1Code).ToDictionary(g => g.Key ?? 0, g => g.Count())
                  total: Sum(project.Indicators.Select(i => i.Annual.Number))
                  rounded: Math.Round(total, 2, MidpointRounding.AwayFromZero)
                  tuple: "(a: names.Count, b: codes.Level2ByCode(11)?.Entry.Name)"
                  first: FirstDigit(23) + (int)char.GetNumericValue('7') + int.Parse("1")
                  span: TimeSpan.FromDays(1).TotalHours + new DateTime(2026, 1, 1).Month
                  anon: new { X = 1, Y = "y" }.Y
                  query: (from i in project.Indicators where i.Seq > 0 select i.Seq).Sum()
                  text: project.Name.Remove(0, 0).Insert(0, "").Replace("a", "b").ToUpperInvariant()
                assert: names.Count >= 0 && Near(rounded, total, 1m) && string.Equals("a", "A", StringComparison.OrdinalIgnoreCase)
                message: '{names.Count} {Fmt(total)} {tuple.b} {$"{first:D2}"} {project.Name ?? "无"}' 
            """;
        RuleTestSupport.CompileText(yaml).RuleSet.Rules.ShouldHaveSingleItem();
    }

    [Test]
    public void Every_error_of_a_file_is_reported_at_once()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                assert: project.A
                message: 失败
              - id: T2
                scope: unit
                assert: unit.B
                message: 失败
            """;
        var errors = RuleTestSupport.Errors(yaml);
        errors.Select(e => e.Line).Order().ShouldBe(new[] { 5, 9 });
    }
}
