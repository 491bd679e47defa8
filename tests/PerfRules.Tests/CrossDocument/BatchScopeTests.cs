using PerfRules.Engines.NRules;
using PerfRules.Ingest;
using PerfRules.Rules;
using PerfRules.Rules.Compilation;
using PerfRules.Rules.Runtime;
using PerfRules.Rules.Runtime.CrossDocument;
using PerfRules.Tests.Rules;

namespace PerfRules.Tests.CrossDocument;

/// <summary>
/// Scope batch (match: each/where/key): the loader's errors at their YAML places, the sandbox in the
/// new fields, and the grouping itself under both cross-document engines (NRules and the reference).
/// </summary>
public class BatchScopeTests
{
    public static IEnumerable<ICrossDocumentEngine> Engines => new ICrossDocumentEngine[] { NRulesCrossDocumentEngine.Instance, ReferenceCrossDocumentEngine.Instance };

    private const string DuplicateNames = """
        ruleset: t
        rules:
          - id: B1
            title: 同名项目
            scope: batch
            match:
              each: project
              where: project.Name != "跳过"
              key: NameKey(project.Name)
            let:
              others: group.Others(item).Select(o => o.FileName).ToList()
            assert: group.Count == 1
            message: "{item.Name} 共 {group.Count} 处，另见 {Places(group.Others(item))}"
        """;

    private static CompiledRuleSet Compile(string yaml, ICrossDocumentEngine engine) =>
        RuleSetCompiler.Compile(RuleTestSupport.LoadText(yaml), RuleTestSupport.Options with { CrossDocument = engine });

    private static Model.Submission Doc(string file, string department, params string[] projects) =>
        CanonicalReader.Parse($"kind: projectTargets\ndepartment: {department}\nunits: [ {{ name: 中心, projects: [ {string.Join(", ", projects.Select(p => "{ name: " + p + " }"))} ] }} ]\n", file);

    [TestCaseSource(nameof(Engines))]
    public void A_batch_rule_groups_the_objects_of_the_run_by_key_and_reports_each_member(ICrossDocumentEngine engine)
    {
        var rules = Compile(DuplicateNames, engine);
        var docs = new[] { Doc("a.yaml", "甲", "会展业务费", "跳过"), Doc("b.yaml", "乙", "会展 业务费", "培训费"), Doc("c.yaml", "丙", "跳过") };
        var found = rules.EvaluateDepartments(docs);
        // 会展业务费 and 会展 业务费 share a key (white space ignored); 跳过 is left out by where; 培训费 is alone.
        found.Select(f => (f.File, f.Project, f.Message)).ShouldBe(new (string, string?, string)[]
        {
            ("a.yaml", "会展业务费", "会展业务费 共 2 处，另见 b.yaml 第 3 行（乙 › 中心 › 会展 业务费）"),
            ("b.yaml", "会展 业务费", "会展 业务费 共 2 处，另见 a.yaml 第 3 行（甲 › 中心 › 会展业务费）"),
        });
        found[0].Evidence.ShouldHaveSingleItem().Value.ShouldBe("b.yaml");
        found[0].Fingerprint.ShouldNotBe(found[1].Fingerprint);
        // Per-document evaluation never runs a batch rule.
        rules.Evaluate(docs[0]).ShouldBeEmpty();
    }

    [TestCaseSource(nameof(Engines))]
    public void Members_of_a_group_given_equal_texts_share_them_and_each_text_is_what_its_member_is_given(ICrossDocumentEngine engine)
    {
        // Twelve copies of one project: every member past the first few (whose documents are among the first three
        // places) gets the same message and evidence, made once; each still says what filtering the group gives.
        var rules = Compile("""
            ruleset: t
            rules:
              - id: B3
                scope: batch
                match: { each: project, key: NameKey(project.Name) }
                let:
                  others: FilePaths(group.InOtherDocuments(item, 3))
                  elsewhere: group.CountInOtherDocuments(item)
                assert: group.Documents == 1
                message: "{item.Name} 另见 {Places(group.InOtherDocuments(item, 3), elsewhere)}"
                fix: "核对 {group.Documents} 份"
            """, engine);
        var docs = Enumerable.Range(0, 12).Select(k => Doc($"d{k:00}.yaml", "甲", "会展业务费")).ToArray();
        var found = rules.EvaluateDepartments(docs).OrderBy(f => f.File, StringComparer.Ordinal).ToList();
        found.Count.ShouldBe(12);
        for (var k = 0; k < 12; k++)
        {
            var others = Enumerable.Range(0, 12).Where(d => d != k).Take(3).ToList();
            found[k].Message.ShouldBe("会展业务费 另见 " + string.Join("；", others.Select(d => $"d{d:00}.yaml 第 3 行（甲 › 中心 › 会展业务费）")) + " 等 11 处");
            found[k].Fix.ShouldBe("核对 12 份");
            found[k].Evidence.Select(e => e.Value).ShouldBe(new[] { string.Join("、", others.Select(d => $"d{d:00}.yaml › 甲 › 中心 › 会展业务费")), "11" });
        }
        var late = found.Skip(3).ToList();
        late.Select(f => f.Message).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
        late.Select(f => f.Fix).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
        late.Select(f => f.Evidence[0]).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
        late.Select(f => f.Fingerprint).Distinct().Count().ShouldBe(late.Count);
    }

    [TestCaseSource(nameof(Engines))]
    public void A_key_that_throws_is_a_rule_failure_on_its_object_and_the_run_goes_on(ICrossDocumentEngine engine)
    {
        var rules = Compile("""
            ruleset: t
            rules:
              - id: B2
                scope: batch
                match: { each: project, key: "project.Name.Length > 3 ? project.Name : project.Name.Substring(9)" }
                assert: group.Count == 1
            """, engine);
        var found = rules.EvaluateDepartments(new[] { Doc("a.yaml", "甲", "短", "很长的项目名称", "很长的项目名称") });
        found.Count(f => f.IsRuleFailure).ShouldBe(1);
        found.Single(f => f.IsRuleFailure).Message.ShouldContain("ArgumentOutOfRangeException");
        found.Count(f => !f.IsRuleFailure).ShouldBe(2);
    }

    [TestCase("batch", new[] { "PR108", "PR109", "PR110" })]
    [TestCase("seeds", new[] { "PR108", "PR515" })]
    public void The_engines_give_the_same_findings_on_a_run(string folder, string[] rules)
    {
        var reader = new SubmissionReader();
        var docs = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, folder)).Order(StringComparer.Ordinal).Select(f => reader.ReadFile(f).One()).ToList();
        var nrules = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = NRulesCrossDocumentEngine.Instance }).EvaluateDepartments(docs);
        var reference = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = ReferenceCrossDocumentEngine.Instance }).EvaluateDepartments(docs);
        nrules.ShouldBe(reference);
        nrules.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ShouldBe(rules);
    }

    [Test]
    public void Loader_errors_in_match_name_the_yaml_line()
    {
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                assert: "true"
            """).ShouldContain(e => e.Line == 3 && e.Message.Contains("缺少 match"));
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match: { each: row, key: "1" }
                assert: "true"
            """).ShouldContain(e => e.Line == 5 && e.Message.Contains("match.each“row”无效"));
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match:
                  each: project
                  group: x
                assert: "true"
            """).ShouldContain(e => e.Line == 7 && e.Message.Contains("未知的键“group”"));
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match:
                  each: unit
                assert: "true"
            """).ShouldContain(e => e.Message.Contains("match 缺少 key"));
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: project
                match: { each: project, key: project.Name }
                assert: "true"
            """).ShouldContain(e => e.Line == 5 && e.Message.Contains("match 只用于 scope 为 batch"));
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - { id: B0, scope: batch, match: { each: unit, key: unit.Name }, assert: "true" }
              - id: B1
                scope: batch
                match: { each: unit, key: unit.Name }
                yields: [B0]
                assert: "true"
            """).ShouldContain(e => e.Line == 7 && e.Message.Contains("不支持 yields"));
        // group and item are the scope's variables: a let may not take their names.
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - { id: B1, scope: batch, match: { each: unit, key: unit.Name }, let: { item: "1" }, assert: "true" }
            """).ShouldContain(e => e.Message.Contains("重名"));
    }

    [Test]
    public void Compile_errors_and_the_sandbox_in_match_are_reported_at_their_yaml_place()
    {
        // A type error in the key: its line in the YAML.
        var errors = RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match:
                  each: project
                  key: project.NoSuchMember
                assert: group.Count == 1
            """);
        errors.ShouldContain(e => e.Line == 7 && e.Message.Contains("NoSuchMember"));
        // Outside the allow-list in where and in key: refused, at the line and column of the call.
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match:
                  each: document
                  where: System.IO.File.Exists(doc.SourceFile)
                  key: doc.Department
                assert: group.Count == 1
            """).ShouldContain(e => e.Line == 7 && e.Column >= 14);
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match:
                  each: unit
                  key: unit.GetType().Name
                assert: group.Count == 1
            """).ShouldContain(e => e.Line == 7);
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match: { each: unit, key: unit.Name }
                assert: group.Items.Any(i => System.Environment.ProcessorCount > 0)
            """).ShouldContain(e => e.Line == 6);
        // The variables of match.each only: a unit has no project in scope.
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - id: B1
                scope: batch
                match:
                  each: unit
                  key: project.Name
                assert: group.Count == 1
            """).ShouldContain(e => e.Line == 7 && e.Message.Contains("project"));
    }

    [Test]
    public void A_batch_item_makes_its_place_once()
    {
        // A failing group of n members gives n findings that each list the other members' places:
        // made per read, that was n² strings (issue 17).
        var items = Enumerable.Range(0, 3).Select(k => new Model.BatchItem
        {
            File = $"/data/{k}.txt", Path = "甲局 › 中心 › 会展业务费", Span = new Model.SourceSpan(k + 2, 1, k + 2, 5), LinesAreTheFile = true,
            Department = k == 2 ? "乙局" : "甲局", Document = k,
        }).ToList();
        var group = new Model.BatchGroup("key", items);

        items[1].Place.ShouldBe("1.txt 第 3 行（甲局 › 中心 › 会展业务费）");
        items[1].Place.ShouldBeSameAs(items[1].Place);
        items[1].FileName.ShouldBeSameAs(items[1].FileName);
        new Model.BatchItem { File = "/data/x.xlsx", Path = "", Span = new Model.SourceSpan(4, 1, 4, 2) }.Place.ShouldBe("x.xlsx");
        group.Documents.ShouldBe(3);
        group.Departments.ShouldBe(new[] { "甲局", "乙局" });
    }

    [TestCaseSource(nameof(Engines))]
    public void PR109_and_PR110_name_five_other_places_and_count_the_rest(ICrossDocumentEngine engine)
    {
        // Eight copies of one table, under two departments: each copy's findings list five others and say how many
        // there are, so a batch of n copies gives findings that grow with n, not n².
        var docs = Enumerable.Range(0, 8).Select(k => Doc($"{k}.yaml", k % 2 == 0 ? "甲局" : "乙局", "会展业务费")).ToList();
        var found = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = engine }).EvaluateDepartments(docs);

        var pr109 = found.Where(f => f.RuleId == "PR109").ToList();
        pr109.Count.ShouldBe(8);
        var first = pr109.Single(f => f.File == "0.yaml");
        first.Message.ShouldContain("在本批次的 8 份项目支出绩效目标表中出现");
        first.Message.ShouldEndWith("：另见 1.yaml 第 3 行（乙局 › 中心 › 会展业务费）；2.yaml 第 3 行（甲局 › 中心 › 会展业务费）；"
            + "3.yaml 第 3 行（乙局 › 中心 › 会展业务费）；4.yaml 第 3 行（甲局 › 中心 › 会展业务费）；5.yaml 第 3 行（乙局 › 中心 › 会展业务费） 等 7 处");
        first.Evidence.Single(e => e.Name == "elsewhere").Value.ShouldBe("7");
        pr109.Single(f => f.File == "7.yaml").Message.ShouldContain("：另见 0.yaml 第 3 行");

        // PR110: 中心 is under 甲局 in four copies and 乙局 in four: four others in other departments, all listed.
        var pr110 = found.Where(f => f.RuleId == "PR110").ToList();
        pr110.Count.ShouldBe(8);
        var unit = pr110.Single(f => f.File == "0.yaml");
        unit.Message.ShouldNotContain(" 等 ");
        unit.Evidence.Single(e => e.Name == "elsewhere").Value.ShouldBe("4");

        // Two copies: both places, no count.
        var two = RuleTestSupport.Builtin.WithOptions(RuleTestSupport.Builtin.Options with { CrossDocument = engine })
            .EvaluateDepartments(docs.Take(2).ToList()).Where(f => f.RuleId == "PR109").ToList();
        two.Single(f => f.File == "0.yaml").Message.ShouldEndWith("：另见 1.yaml 第 3 行（乙局 › 中心 › 会展业务费）");
    }
}
