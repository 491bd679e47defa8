using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>The YAML shape of rule files: errors with positions, splitting, extends and overrides.</summary>
public class RuleSetLoaderTests
{
    private static RuleLoadException LoadFails(params RuleFile[] files) =>
        Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(files));

    private static RuleFile F(string name, string text) => new(name, text);

    private const string Valid = """
        ruleset: district
        version: 2026.2
        rules:
          - id: D1
            title: 部门名称不能为空
            severity: warning
            scope: document
            assert: doc.Department != null
            message: 缺少部门名称
        """;

    [Test]
    public void A_rule_keeps_its_fields_and_positions()
    {
        var set = RuleSetLoader.Load(new[] { F("d.yaml", Valid) });
        set.Name.ShouldBe("district");
        set.Version.ShouldBe("2026.2");
        var r = set.Rules.ShouldHaveSingleItem();
        (r.Id, r.Title, r.Severity, r.Scope).ShouldBe(("D1", "部门名称不能为空", Severity.Warning, RuleScope.Document));
        (r.File, r.Line, r.Column).ShouldBe(("d.yaml", 4, 5));
        (r.Assert.Line, r.Assert.Column).ShouldBe((8, 13));
        r.Assert.Text.ShouldBe("doc.Department != null");
    }

    [Test]
    public void Invalid_yaml_is_reported_with_its_position()
    {
        var e = LoadFails(F("bad.yaml", "ruleset: x\nrules:\n  - id: [unclosed\n")).Errors.ShouldHaveSingleItem();
        e.File.ShouldBe("bad.yaml");
        e.Line.ShouldBeGreaterThanOrEqualTo(3);
        e.Message.ShouldStartWith("YAML 格式错误");
    }

    [Test]
    public void Unknown_keys_are_errors_at_the_key()
    {
        var text = Valid.Replace("    message: 缺少部门名称", "    mesage: 缺少部门名称") + "\nextra: 1\n";
        var errors = LoadFails(F("d.yaml", text)).Errors.OrderBy(e => e.Line).ToList();
        errors.Count.ShouldBe(2);
        (errors[0].Line, errors[0].Column).ShouldBe((9, 5));
        errors[0].Message.ShouldContain("mesage");
        (errors[1].Line, errors[1].Column).ShouldBe((10, 1));
        errors[1].Message.ShouldContain("extra");
    }

    [Test]
    public void Missing_id_assert_and_scope_are_errors_at_the_rule()
    {
        var text = """
            ruleset: x
            rules:
              - title: 没有 id
                scope: document
                assert: "true"
              - id: X2
                scope: document
              - id: X3
                assert: "true"
            """;
        var errors = LoadFails(F("x.yaml", text)).Errors;
        errors.Select(e => (e.Line, e.Column)).ShouldBe(new[] { (3, 5), (6, 5), (8, 5) });
        errors[0].Message.ShouldContain("id");
        errors[1].Message.ShouldContain("assert");
        errors[2].Message.ShouldContain("scope");
    }

    [Test]
    public void Bad_severity_and_scope_are_errors_at_the_value()
    {
        var text = Valid.Replace("severity: warning", "severity: fatal").Replace("scope: document", "scope: page");
        var errors = LoadFails(F("d.yaml", text)).Errors;
        errors.Select(e => (e.Line, e.Column)).ShouldBe(new[] { (6, 15), (7, 12) });
        errors[0].Message.ShouldContain("fatal");
        errors[1].Message.ShouldContain("page");
    }

    [Test]
    public void Duplicate_ids_are_errors_at_the_second_rule()
    {
        var text = Valid + "\n  - id: D1\n    scope: document\n    assert: \"true\"\n";
        var e = LoadFails(F("d.yaml", text)).Errors.ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((10, 5));
        e.Message.ShouldContain("重复");
    }

    [Test]
    public void A_missing_extends_target_is_an_error_at_the_extends_value()
    {
        var e = LoadFails(F("d.yaml", "ruleset: d\nextends: nowhere\nrules: []\n")).Errors.ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((2, 10));
        e.Message.ShouldContain("nowhere");
    }

    [Test]
    public void A_cycle_in_extends_is_an_error()
    {
        var errors = LoadFails(
            F("a.yaml", "ruleset: a\nextends: b\nrules: []\n"),
            F("b.yaml", "ruleset: b\nextends: a\nrules: []\n"),
            F("c.yaml", "ruleset: c\nextends: a\nrules: []\n")).Errors;
        errors.ShouldContain(e => e.Message.Contains("循环") && e.Line == 2);
    }

    [Test]
    public void Bad_let_names_and_message_braces_are_errors()
    {
        var text = """
            ruleset: x
            rules:
              - id: X1
                scope: project
                let:
                  project: doc.Units.Count
                  1st: "1"
                assert: "true"
                message: "未闭合 {project.Name"
            """;
        var errors = LoadFails(F("x.yaml", text)).Errors.OrderBy(e => e.Line).ToList();
        errors.Select(e => e.Line).ShouldBe(new[] { 6, 7, 9 });
        errors[2].Column.ShouldBe(19);
    }

    [Test]
    public void A_rule_set_split_over_files_takes_rules_in_file_name_order()
    {
        var set = RuleSetLoader.Load(new[]
        {
            F("b.yaml", "ruleset: s\nrules:\n  - { id: B1, scope: document, assert: \"true\" }\n"),
            F("a.yaml", "ruleset: s\nversion: '1'\nrules:\n  - { id: A1, scope: document, assert: \"true\" }\n"),
        }.OrderBy(f => f.Name, StringComparer.Ordinal));
        set.Rules.Select(r => r.Id).ShouldBe(new[] { "A1", "B1" });
        set.Version.ShouldBe("1");
        set.Files.Count.ShouldBe(2);
    }

    [Test]
    public void Files_of_one_set_must_agree_on_version()
    {
        var e = LoadFails(
            F("a.yaml", "ruleset: s\nversion: '1'\nrules: []\n"),
            F("b.yaml", "ruleset: s\nversion: '2'\nrules: []\n")).Errors.ShouldHaveSingleItem();
        e.File.ShouldBe("b.yaml");
        e.Message.ShouldContain("version");
    }

    [Test]
    public void Extending_core_inherits_its_rules_and_overrides_change_severity()
    {
        var text = """
            ruleset: district
            version: 2026.1-d
            extends: core
            overrides:
              PR202: { severity: off }
              PR201: warning
            rules:
              - id: D1
                scope: document
                assert: "true"
            """;
        var set = RuleSetLoader.Load(new[] { F("district.yaml", text) });
        set.Parent!.Name.ShouldBe("core");
        set.Rules[0].Id.ShouldBe("PR001");
        set.Rules[^1].Id.ShouldBe("D1");
        set.Find("PR202")!.Severity.ShouldBe(Severity.Off);
        set.Find("PR202")!.DeclaredSeverity.ShouldBe(Severity.Error);
        set.Find("PR201")!.Severity.ShouldBe(Severity.Warning);
        set.Files.Select(f => f.Name).ShouldContain("core.yaml");
        // The built-in set itself is untouched.
        RuleSetLoader.LoadBuiltin().Find("PR202")!.Severity.ShouldBe(Severity.Error);
    }

    [Test]
    public void Overriding_an_unknown_rule_or_redefining_an_inherited_one_is_an_error()
    {
        var text = """
            ruleset: district
            extends: core
            overrides:
              PR999: { severity: off }
            rules:
              - id: PR201
                scope: document
                assert: "true"
            """;
        var errors = LoadFails(F("district.yaml", text)).Errors.OrderBy(e => e.Line).ToList();
        errors.Count.ShouldBe(2);
        (errors[0].Line, errors[0].Column).ShouldBe((4, 3));
        errors[1].Line.ShouldBe(6);
        errors[1].Message.ShouldContain("overrides");
    }

    [Test]
    public void A_codes_extension_is_merged_into_the_code_table()
    {
        var text = """
            ruleset: district
            extends: core
            codes:
              level1:
                - code: 1
                  name: 产出指标
                  level2:
                    - { code: 15, name: 特色指标 }
            rules: []
            """;
        var set = RuleSetLoader.Load(new[] { F("district.yaml", text) });
        set.Codes.Level2ByCode(15)!.Value.Entry.Name.ShouldBe("特色指标");
        set.Codes.Level2ByCode(11).ShouldNotBeNull();
        RuleSetLoader.LoadBuiltin().Codes.Level2ByCode(15).ShouldBeNull();
    }

    [Test]
    public void LoadFolder_finds_the_leaf_set_and_skips_the_code_table()
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-rules-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "base.yaml"), "ruleset: base\nextends: core\nrules:\n  - { id: B1, scope: document, assert: \"true\" }\n");
            File.WriteAllText(Path.Combine(dir, "leaf.yaml"), "ruleset: leaf\nextends: base\nrules:\n  - { id: L1, scope: document, assert: \"true\" }\n");
            File.WriteAllText(Path.Combine(dir, "indicator-codes.yaml"), "codes: x\nversion: '1'\nlevel1: []\n");
            var set = RuleSetLoader.LoadFolder(dir);
            set.Name.ShouldBe("leaf");
            set.Rules.Select(r => r.Id).TakeLast(2).ShouldBe(new[] { "B1", "L1" });
            RuleSetLoader.LoadFolder(dir, "base").Rules[^1].Id.ShouldBe("B1");
            RuleSetLoader.LoadFile(Path.Combine(dir, "leaf.yaml")).Name.ShouldBe("leaf");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void The_builtin_set_loads_with_examples_as_yaml_text()
    {
        var set = RuleSetLoader.LoadBuiltin();
        set.Name.ShouldBe("core");
        set.Version.ShouldBe("2026.1");
        var ex = set.Find("PR101")!.InvalidExamples.ShouldHaveSingleItem();
        ex.File.ShouldBe("core.yaml");
        ex.Text.ShouldStartWith("kind: projectTargets\n");
        ex.Text.ShouldContain("  - name: 示例中心\n    amounts:");
        // An alias (*ok) reads as the anchored document, without the anchor.
        set.Find("PR202")!.ValidExamples[0].Text.ShouldStartWith("kind: projectTargets");
    }

    [Test]
    public void Errors_carry_a_file_line_column_string_form()
    {
        var e = LoadFails(F("x.yaml", "ruleset: x\nrules:\n  - { id: X1, scope: nowhere, assert: \"true\" }\n"));
        e.Errors[0].ToString().ShouldStartWith("x.yaml:3:");
        e.Message.ShouldContain("x.yaml:3:");
    }

    [Test]
    public void Positions_are_right_in_files_with_crlf_line_ends()
    {
        var text = "ruleset: t\r\nrules:\r\n  - id: T1\r\n    scope: project\r\n    assert: project.Nmae == \"\"\r\n";
        var e = RuleTestSupport.Errors(text).ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((5, 21));
    }

    [Test]
    public void A_duplicate_key_is_an_error()
    {
        var e = LoadFails(F("x.yaml", "ruleset: x\nruleset: y\nrules: []\n")).Errors.ShouldHaveSingleItem();
        e.Message.ShouldStartWith("YAML 格式错误");
        e.Line.ShouldBe(2);
    }

    private const string Reports = """
        ruleset: r
        rules:
          - id: R001
            title: 读取问题
            severity: warning
            reports: diagnostics
        """;

    [Test]
    public void Reports_diagnostics_stands_for_the_diagnostic_shape_with_the_rules_own_id()
    {
        var r = RuleSetLoader.Load(new[] { F("r.yaml", Reports) }).Rules.ShouldHaveSingleItem();
        r.Scope.ShouldBe(RuleScope.Diagnostic);
        r.When!.Text.ShouldBe("diagnostic.RuleId == \"R001\"");
        r.Assert.Text.ShouldBe("false");
        r.Message.Source.Text.ShouldBe("{diagnostic.Message}");
        // Compile errors would point at the reports: value.
        (r.When.Line, r.When.Column).ShouldBe((6, 14));
    }

    [Test]
    public void A_reports_rule_reports_only_the_diagnostics_with_its_id_and_their_message()
    {
        var compiled = RuleTestSupport.CompileText(Reports);
        var doc = new PerfRules.Model.Submission { SourceFile = "x.txt", Department = "示例局" };
        doc.Diagnostics.Add(new PerfRules.Model.Diagnostic("R001", "第 3 行读不出来", new PerfRules.Model.SourceSpan(3, 1, 3, 4)));
        doc.Diagnostics.Add(new PerfRules.Model.Diagnostic("R002", "别的问题", null));
        var f = compiled.Evaluate(doc).ShouldHaveSingleItem();
        (f.RuleId, f.Severity, f.Message, f.Span!.StartLine).ShouldBe(("R001", Severity.Warning, "第 3 行读不出来", 3));
    }

    [Test]
    public void A_reports_rule_may_not_also_write_the_keys_it_stands_for()
    {
        var errors = LoadFails(F("r.yaml", Reports + "\n    scope: document\n    assert: \"true\"\n")).Errors.OrderBy(e => e.Line).ToList();
        errors.Count.ShouldBe(2);
        (errors[0].Line, errors[0].Column).ShouldBe((7, 5));
        errors[0].Message.ShouldContain("reports: diagnostics");
        errors[0].Message.ShouldContain("scope");
        errors[1].Message.ShouldContain("assert");
        var bad = LoadFails(F("r.yaml", Reports.Replace("reports: diagnostics", "reports: findings"))).Errors.ShouldHaveSingleItem();
        (bad.Line, bad.Message).ShouldBe((6, "reports“findings”无效（只能是 diagnostics）"));
    }

    [Test]
    public void Every_builtin_rule_says_how_to_fix_what_it_finds()
    {
        var rules = RuleSetLoader.LoadBuiltin().Rules;
        rules.Where(r => r.Fix is null).Select(r => r.Id).ShouldBeEmpty();
        rules.Single(r => r.Id == "PR101").Fix!.Source.Text.ShouldBe("总计应为 {Money(sources, doc.MoneyUnit)}（各资金来源之和），或核对各资金来源的金额");
    }

    [Test]
    public void A_builtin_rule_without_a_fix_is_a_load_error_at_the_rule()
    {
        var files = RuleSetLoader.BuiltinFiles();
        var core = files.Single(f => f.Name == "core.yaml");
        var lines = core.Content.Split('\n').ToList();
        var id = lines.IndexOf("  - id: PR202");
        lines.RemoveAt(lines.FindIndex(id, l => l.StartsWith("    fix:", StringComparison.Ordinal)));
        var without = files.Select(f => ReferenceEquals(f, core) ? new RuleFile(f.Name, string.Join("\n", lines)) : f).ToList();

        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.LoadBuiltin(without)).Errors.ShouldHaveSingleItem();
        (e.File, e.Line, e.Column).ShouldBe(("core.yaml", id + 1, 5));
        e.Message.ShouldBe("内置规则 PR202 缺少 fix（告诉用户如何改正）");
        // A user's rule set may leave fix out.
        RuleSetLoader.Load(without, "core").Find("PR202")!.Fix.ShouldBeNull();
    }

    [Test]
    public void A_fix_is_a_template_like_the_message_and_its_errors_have_positions()
    {
        var text = "ruleset: x\nrules:\n  - id: X1\n    scope: document\n    assert: \"true\"\n    fix: \"写明 {doc.Department\"\n";
        var e = LoadFails(F("x.yaml", text)).Errors.ShouldHaveSingleItem();
        (e.Line, e.Column).ShouldBe((6, 14));
        e.Message.ShouldContain("没有对应的“}”");
    }

    [Test]
    public void The_builtin_rules_are_in_id_order_so_their_file_sections_match_rules_list()
    {
        var ids = RuleSetLoader.LoadBuiltin().Rules.Select(r => r.Id).ToList();
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        // The seven reading-problem rules share their shape through reports: diagnostics.
        var text = File.ReadAllText(Path.Combine(TestPaths.Rules, "core.yaml"));
        System.Text.RegularExpressions.Regex.Matches(text, @"^    reports: diagnostics$", System.Text.RegularExpressions.RegexOptions.Multiline).Count.ShouldBe(7);
        text.ShouldNotContain("when: diagnostic.RuleId");
    }
}
