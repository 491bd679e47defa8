using PerfRules.Ingest;
using PerfRules.Rules;

namespace PerfRules.Tests.Rules;

/// <summary>The department scope: rules over all of one department's submissions in a run.</summary>
public class DepartmentScopeTests
{
    private static readonly SubmissionReader Reader = new();

    [Test]
    public void PR108_compares_seed_002s_project_expenditure_with_seed_000s_total()
    {
        var docs = new[] { Reader.ReadFile(TestPaths.Seed("000")).One(), Reader.ReadFile(TestPaths.Seed("002")).One() };
        var found = RuleTestSupport.Builtin.EvaluateDepartments(docs);
        // PR108 on the amounts; PR515 on two indicators the tables share with other targets (fixtures/golden/README.md).
        found.Select(x => x.RuleId).ShouldBe(new[] { "PR108", "PR515" });
        var f = found[0];
        f.File.ShouldBe(TestPaths.Seed("002"));
        f.Department.ShouldBe("广州市协作办公室");
        f.Evidence.Select(e => e.Value).ShouldBe(new[] { "270,769.27", "266,954.05", "3,815.22" });
        // Neither table states its budget year: the message says so.
        f.Message.ShouldEndWith("（允许误差 ±0.005 万元；两类表都没有写明预算年度，按同一年度核对）");
        // PR515 points at the first differing indicator's annual value in 002's grid (line 21).
        (found[1].File, found[1].Span!.StartLine).ShouldBe((TestPaths.Seed("002"), 21));

        // One table alone has nothing to compare with; per-document evaluation never runs department rules.
        RuleTestSupport.Builtin.EvaluateDepartments(docs.Take(1)).ShouldBeEmpty();
        RuleTestSupport.Builtin.Evaluate(docs[1]).ShouldNotContain(x => x.RuleId == "PR108");
    }

    [Test]
    public void A_department_rule_sees_every_document_of_its_department_and_only_those()
    {
        var compiled = RuleTestSupport.CompileText("""
            ruleset: t
            rules:
              - id: D1
                scope: department
                let:
                  count: department.Documents.Count
                assert: count == 1
                message: "{department.Name} 有 {count} 份文档"
            """);
        var docs = new[] { "甲", "乙", "甲" }.Select((d, i) => CanonicalReader.Parse($"department: {d}\n", $"f{i}.yaml")).ToList();
        var found = compiled.EvaluateDepartments(docs);
        found.ShouldHaveSingleItem().Message.ShouldBe("甲 有 2 份文档");
        found[0].File.ShouldBe("f0.yaml");
        // The loader knows the scope name, and a let may not shadow the scope variable.
        RuleTestSupport.Errors("""
            ruleset: t
            rules:
              - { id: D2, scope: department, let: { department: "1" }, assert: "true" }
            """).ShouldContain(e => e.Message.Contains("重名"));
    }
}
