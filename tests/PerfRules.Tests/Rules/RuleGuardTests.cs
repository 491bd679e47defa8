using System.Text;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using PerfRules.Runs;

namespace PerfRules.Tests.Rules;

/// <summary>
/// The holes a hostile review found in the run-time budget and at load time: unbounded framework
/// generators, untick predicates over long strings, single calls that allocate far past the
/// budget, expressions and YAML deep enough to overflow the stack, alias bombs. Each case is
/// proved by its outcome (the finding, the error, the bytes allocated), never by wall-clock time.
/// </summary>
public class RuleGuardTests
{
    private static string OneRule(string assert, string? let = null) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: project
        {{(let is null ? "" : "    let:\n      big: '" + let.Replace("'", "''") + "'\n")}}    assert: '{{assert.Replace("'", "''")}}'
            message: 失败
        """;

    private static Submission Doc()
    {
        var doc = new Submission { Kind = SubmissionKind.ProjectTargets, Department = "示例局", SourceFile = "t.txt" };
        doc.Units.Add(new FundingUnit { Name = "示例中心", Projects = { new Project { Name = "项目", Span = SourceSpan.Line(1, 1, 5) } } });
        return doc;
    }

    private const long Budget64 = 64L * 1024 * 1024;

    private static CompiledRuleSet Rules(string yaml, double seconds = 0.3, long allocation = Budget64) =>
        RuleTestSupport.CompileText(yaml).WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.FromSeconds(seconds), AllocationBudget = allocation });

    /// <summary>Runs the rule on this thread and returns its one finding and the bytes this thread allocated meanwhile.</summary>
    private static (Finding Finding, long Allocated) RunOne(CompiledRuleSet rules, Submission? doc = null)
    {
        doc ??= Doc();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var findings = rules.Evaluate(doc);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (findings.ShouldHaveSingleItem(), allocated);
    }

    // ---- load time --------------------------------------------------------------------------

    [TestCase("Enumerable.InfiniteSequence(0, 1).Take(3).Count() > 0", "InfiniteSequence", TestName = "Denied: Enumerable.InfiniteSequence")]
    [TestCase("Enumerable.Sequence(0, int.MaxValue, 1).Count() > 0", "Sequence", TestName = "Denied: Enumerable.Sequence")]
    [TestCase("Enumerable.Shuffle(project.Indicators).Count() >= 0", "Shuffle", TestName = "Denied: Enumerable.Shuffle")]
    [TestCase("string.Create(3, 0, (s, x) => s.Fill(\'a\')) != null", "Create", TestName = "Denied: string.Create")]
    [TestCase("PerfRules.Yaml.CodeTableYaml.Parse(project.Name) != null", "PerfRules.Yaml", TestName = "Denied: CodeTableYaml.Parse")]
    [TestCase("new int[2, 2].Length > 0", "多维数组", TestName = "Denied: multi-dimensional arrays")]
    [TestCase("((int[])[.. new[] { 1 }, .. new[] { 2 }]).Length > 0", "..", TestName = "Denied: spreads in collection expressions")]
    [TestCase("project.Name?.Replace(\"a\", \"b\") != null", "Replace", TestName = "Denied: ?.Replace")]
    public void A_member_the_budget_cannot_bound_is_rejected_at_load(string assert, string mentioned)
    {
        var errors = RuleTestSupport.Errors(OneRule(assert));
        errors.ShouldContain(e => e.Line == 5 && e.Message.Contains(mentioned), string.Join("\n", errors));
    }

    [Test]
    public void Twenty_thousand_nested_negations_are_a_load_error_not_a_stack_overflow()
    {
        var e = RuleTestSupport.Errors(OneRule(new string('!', 20_000) + "true")).ShouldHaveSingleItem();
        (e.File, e.Line).ShouldBe(("test.yaml", 5));
        e.Message.ShouldContain("过长");
    }

    [Test]
    public void Deep_nesting_within_the_length_limit_is_a_load_error()
    {
        var e = RuleTestSupport.Errors(OneRule(new string('(', 2_000) + "true" + new string(')', 2_000))).ShouldHaveSingleItem();
        e.Line.ShouldBe(5);
        e.Message.ShouldContain("嵌套");
    }

    [Test]
    public void A_long_chain_of_operators_within_the_length_limit_is_a_load_error()
    {
        var e = RuleTestSupport.Errors(OneRule(string.Join("+", Enumerable.Repeat("1", 3_000)) + " > 0")).ShouldHaveSingleItem();
        e.Line.ShouldBe(5);
        e.Message.ShouldContain("嵌套");
    }

    [Test]
    public void Fifty_thousand_terms_are_a_load_error()
    {
        var e = RuleTestSupport.Errors(OneRule(string.Join("+", Enumerable.Repeat("1", 50_000)) + " > 0")).ShouldHaveSingleItem();
        e.Line.ShouldBe(5);
        e.Message.ShouldContain("过长");
    }

    [Test]
    public void A_rule_file_nested_100000_deep_is_a_load_error_not_a_stack_overflow()
    {
        var yaml = "ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: \"true\"\n    tags: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        // On a pool thread, as in the service (a smaller stack than the main thread's).
        var e = Task.Run(() => Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("deep.yaml", yaml) })))
            .GetAwaiter().GetResult();
        e.Errors.ShouldContain(x => x.File == "deep.yaml" && x.Line == 6 && x.Message.Contains("嵌套"));
    }

    [Test]
    public void A_text_example_nested_100000_deep_is_a_load_error()
    {
        var yaml = OneRule("true") + "\n    examples:\n      valid:\n        - \"" + new string('[', 100_000) + "\"\n";
        var e = Should.Throw<RuleLoadException>(() => RuleTestSupport.LoadText(yaml)).Errors.ShouldHaveSingleItem();
        e.Line.ShouldBe(9);
        e.Message.ShouldContain("嵌套");
    }

    [Test]
    public void Brackets_in_quoted_text_and_comments_are_not_nesting()
    {
        var yaml = OneRule("project.Name != \"\"") + "\n    title: \"" + new string('[', 100) + "\"\n    # " + new string('{', 100) + "\n";
        RuleTestSupport.LoadText(yaml).Rules.ShouldHaveSingleItem().Title.ShouldBe(new string('[', 100));
    }

    [Test]
    public void An_alias_bomb_under_examples_is_a_load_error()
    {
        var sb = new StringBuilder("ruleset: t\nrules:\n  - id: T1\n    scope: project\n    assert: \"true\"\n    examples:\n      valid:\n");
        sb.Append("        - &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 12; i++)
            sb.Append($"        - &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))).Append("]\n");
        var e = Should.Throw<RuleLoadException>(() => RuleSetLoader.Load(new[] { new RuleFile("bomb.yaml", sb.ToString()) }));
        e.Errors.ShouldContain(x => x.File == "bomb.yaml" && x.Line >= 9 && x.Message.Contains("别名"), string.Join("\n", e.Errors));
    }

    [Test]
    public void A_few_aliases_in_examples_still_work()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: T1
                scope: project
                assert: project.Name != ""
                examples:
                  valid:
                    - &ok
                      kind: projectTargets
                      units:
                        - name: u
                          projects:
                            - name: p
                  invalid: []
              - id: T2
                scope: project
                assert: project.Name != ""
                examples:
                  valid: [ *ok ]
            """;
        var set = RuleTestSupport.LoadText(yaml);
        set.Find("T2")!.ValidExamples.ShouldHaveSingleItem().Text.ShouldBe(set.Find("T1")!.ValidExamples.ShouldHaveSingleItem().Text);
    }

    // ---- run time: ticks where the cost depends on the input ---------------------------------

    [Test]
    public void A_long_string_compared_in_a_simple_predicate_is_stopped_within_the_budget()
    {
        var (f, _) = RunOne(Rules(OneRule("new int[10000000].Count(i => big.Contains(\"b\")) > 0", let: "new string('a', 1000000)")));
        f.IsRuleFailure.ShouldBeTrue(f.Message);
        f.Message.ShouldContain("时间上限");
    }

    [Test]
    public void A_long_string_compared_against_document_objects_is_stopped_within_the_budget()
    {
        // The source is the document's own list (no tick of its own): the long operand ticks instead.
        var doc = Doc();
        var project = doc.Units[0].Projects[0];
        for (var i = 0; i < 200_000; i++) project.Indicators.Add(new Indicator { Seq = i + 1, Name = "指标" });
        var (f, _) = RunOne(Rules(OneRule("project.Indicators.Count(i => big.Contains(i.Name)) > 0", let: "new string('a', 1000000)")), doc);
        f.IsRuleFailure.ShouldBeTrue(f.Message);
        f.Message.ShouldContain("时间上限");
    }

    [Test]
    public void A_chain_of_operators_over_a_big_array_is_stopped_within_the_budget()
    {
        var chain = "big" + string.Concat(Enumerable.Repeat(".ToList()", 60)) + ".Count > 0";
        var (f, _) = RunOne(Rules(OneRule(chain, let: "new int[10000000]")));
        f.IsRuleFailure.ShouldBeTrue(f.Message);
        f.Message.ShouldMatch("时间上限|内存上限");
    }

    // ---- run time: one call cannot allocate far past the budget --------------------------------

    [TestCase("string.Format(string.Concat(Enumerable.Repeat(\"{0,999999}\", 50)), 1).Length > 0", null, TestName = "Alloc: string.Format widths")]
    [TestCase("string.Join(\",\", Enumerable.Repeat(big, 100)).Length > 0", "new string('a', 1000000)", TestName = "Alloc: string.Join")]
    [TestCase("string.Join(\",\", new[] { big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big }).Length > 0", "new string('a', 1000000)", TestName = "Alloc: string.Join of an array")]
    [TestCase("string.Concat(Enumerable.Repeat(big, 100)).Length > 0", "new string('a', 1000000)", TestName = "Alloc: string.Concat")]
    [TestCase("Join(new[] { big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big }).Length > 0", "new string('a', 1000000)", TestName = "Alloc: RuleHelpers.Join")]
    [TestCase("big.Replace(\"a\", \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\").Length > 0", "new string('a', 1000000)", TestName = "Alloc: Replace")]
    [TestCase("(big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big).Length > 0", "new string('a', 2000000)", TestName = "Alloc: string +")]
    [TestCase("$\"{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}{big}\".Length > 0", "new string('a', 2000000)", TestName = "Alloc: interpolation")]
    [TestCase("$\"{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}{1,999999}\".Length > 0", null, TestName = "Alloc: interpolation widths")]
    [TestCase("big.Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Insert(0, big).Length > 0", "new string('a', 2000000)", TestName = "Alloc: Insert")]
    [TestCase("1.ToString(\"D99999999\").Length > 0", null, TestName = "Alloc: a format precision")]
    [TestCase("big.Split('a').Length > 0", "new string('a', 9000000)", TestName = "Alloc: Split into millions of pieces")]
    [TestCase("big?.Split('a').Length > 0", "new string('a', 9000000)", TestName = "Alloc: ?.Split into millions of pieces")]
    [TestCase("new decimal[10000000].Length > 0", null, TestName = "Alloc: an array of wide elements")]
    [TestCase("new List<decimal>(10000000).Capacity > 0", null, TestName = "Alloc: a list capacity")]
    public void A_single_call_cannot_allocate_far_past_the_budget(string assert, string? let)
    {
        var (f, allocated) = RunOne(Rules(OneRule(assert, let), seconds: 30));
        f.IsRuleFailure.ShouldBeTrue(f.Message);
        f.Message.ShouldMatch("内存上限|大小");
        allocated.ShouldBeLessThan(Budget64 + 48L * 1024 * 1024);
    }

    [Test]
    public void A_concatenation_of_big_arrays_is_stopped_by_the_allocation_budget()
    {
        // Concat of arrays would be materialised by ToArray in one allocation; the rule's own
        // arrays tick at every element instead, so the budget (16 MB here) stops it early.
        const long budget = 16L * 1024 * 1024;
        var (f, allocated) = RunOne(Rules(OneRule("big.Concat(big).Concat(big).Concat(big).ToArray().Length > 0", "new int[2000000]"), seconds: 300, allocation: budget));
        f.IsRuleFailure.ShouldBeTrue(f.Message);
        f.Message.ShouldContain("内存上限");
        allocated.ShouldBeLessThan(budget + 48L * 1024 * 1024);
    }

    [Test]
    public void Values_in_messages_and_evidence_are_capped()
    {
        var rules = Rules(OneRule("false", let: "new string('a', 1000000)"), seconds: 30);
        var f = rules.Evaluate(Doc()).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeFalse();
        f.Evidence.ShouldHaveSingleItem().Value.Length.ShouldBeLessThanOrEqualTo(RuleValue.MaxChars + 1);
    }

    [Test]
    public void Ordinary_string_work_still_runs()
    {
        var rules = Rules(OneRule(
            "string.Join(\"、\", project.Name, \"x\") == \"项目、x\" && string.Concat(\"a\", 1, 'b') == \"a1b\" && (\"a\" + 1 + project.Name) == \"a1项目\" "
            + "&& $\"{project.Name,3}|{7:D3}\" == \" 项目|007\" && project.Name.Replace(\"项\", \"x\") == \"x目\" && string.Format(\"{0}-{1,2}\", 1, 2) == \"1- 2\" "
            + "&& \"ab\".Insert(1, \"-\") == \"a-b\" && 7.ToString(\"D3\") == \"007\" && string.Join(\",\", new List<int> { 1, 2 }) == \"1,2\" "
            + "&& new[] { 1, 2 }.Concat(new[] { 3 }).Sum() == 6 && Enumerable.Range(1, 3).Reverse().First() == 3"), seconds: 30);
        rules.Evaluate(Doc()).ShouldBeEmpty();
    }

    // ---- cooperative cancellation ------------------------------------------------------------

    // About 10^9 steps: stopped at once when cancelled, and ends on its own (a failed test, not a hung run) if it is not.
    private const string Runaway = "Enumerable.Range(0, 10000000).SelectMany(i => Enumerable.Range(0, 100)).Count(j => j < 0) > 0";

    [Test]
    public void A_cancelled_token_stops_a_runaway_rule_without_a_time_budget()
    {
        using var cts = new CancellationTokenSource();
        var rules = RuleTestSupport.CompileText(OneRule(Runaway))
            .WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.Zero, Cancellation = cts.Token });
        cts.CancelAfter(200);
        Should.Throw<OperationCanceledException>(() => rules.Evaluate(Doc()));
    }

    [Test]
    public void Evaluate_with_a_token_stops_a_runaway_rule_under_a_long_budget()
    {
        using var cts = new CancellationTokenSource();
        var rules = Rules(OneRule(Runaway), seconds: 600);
        cts.CancelAfter(200);
        Should.Throw<OperationCanceledException>(() => rules.Evaluate(Doc(), cts.Token));
        // The same set goes on working for the next caller, with no budget left behind on the thread.
        Rules(OneRule("project.Name == \"x\""), seconds: 600).Evaluate(Doc()).ShouldHaveSingleItem().IsRuleFailure.ShouldBeFalse();
    }

    [Test]
    public void The_linter_passes_its_cancellation_to_a_running_rule()
    {
        // The service's hand-off: CheckAll(inputs, token) with the request's token.
        var rules = RuleTestSupport.CompileText(OneRule(Runaway)).WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.FromSeconds(60) });
        var linter = new Linter(rules);
        var bytes = File.ReadAllBytes(TestPaths.Seed("001"));
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(200);
        Should.Throw<OperationCanceledException>(() => linter.CheckAll(new[] { (bytes, "001.txt") }, cts.Token));
    }

    [Test]
    public void An_already_cancelled_token_runs_nothing()
    {
        var rules = Rules(OneRule("project.Name == \"x\""));
        Should.Throw<OperationCanceledException>(() => rules.Evaluate(Doc(), new CancellationToken(canceled: true)));
    }

    [Test]
    public void A_token_that_is_not_cancelled_changes_nothing()
    {
        using var cts = new CancellationTokenSource();
        var rules = Rules(OneRule("project.Name == \"x\""));
        rules.Evaluate(Doc(), cts.Token).ShouldHaveSingleItem().IsRuleFailure.ShouldBeFalse();
    }
}
