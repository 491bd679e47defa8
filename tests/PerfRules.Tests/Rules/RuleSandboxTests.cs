using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.Rules;

/// <summary>
/// Hostile rule files: forbidden names rejected at load at their exact YAML line:column, and
/// runaway evaluation stopped by the run-time budget as a rule failure while the run goes on.
/// </summary>
public class RuleSandboxTests
{
    private static string OneRule(string assert) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: project
            assert: '{{assert.Replace("'", "''")}}'
            message: 失败
        """;

    // The same with a list parameter (words) the assert may read.
    private static string OneRuleWithList(string assert) => $$"""
        ruleset: t
        rules:
          - id: T1
            scope: project
            params:
              words: [甲, 乙, 丙]
            assert: '{{assert.Replace("'", "''")}}'
            message: 失败
        """;

    // "    assert: '" is 13 characters: the expression starts at column 14 of line 5.
    private const int ExprColumn = 14;

    [TestCase("Environment.GetEnvironmentVariable(\"HOME\") != null", 0, "Environment", TestName = "Exact position: Environment")]
    [TestCase("project.Name != System.Environment.MachineName", 16, "System.Environment", TestName = "Exact position: System.Environment after other code")]
    [TestCase("System.IO.Directory.GetFiles(\"/\").Length > 0", 0, "System.IO", TestName = "Exact position: System.IO")]
    [TestCase("System.Diagnostics.Process.Start(\"sh\") != null", 0, "System.Diagnostics", TestName = "Exact position: Process")]
    [TestCase("nameof(project) != default(string) && typeof(Project).Name != \"\"", 38, "typeof", TestName = "Exact position: typeof after nameof/default")]
    [TestCase("nameof(System.IO.File) != \"\"", 7, "System.IO", TestName = "Exact position: nameof of a forbidden type")]
    [TestCase("default(System.Type) == null", 0, "System.Type", TestName = "Exact position: default of Type")]
    [TestCase("project.Indicators.First().GetType().Assembly != null", 0, "GetType", TestName = "Exact position: GetType reflection")]
    [TestCase("((Func<int>)(() => 1)).Method.Name != \"\"", 0, "System.Delegate", TestName = "Exact position: reflection through a delegate")]
    [TestCase("project.Indicators.Any(i => ((dynamic)i).Seq > 0)", 28, "dynamic", TestName = "Exact position: dynamic inside a lambda")]
    [TestCase("stackalloc byte[8].Length == 8", 0, "stackalloc", TestName = "Exact position: stackalloc")]
    [TestCase("sizeof(int) == 4", 0, "sizeof", TestName = "Exact position: sizeof")]
    [TestCase("new System.Threading.Thread(() => project.Name.Trim()) != null", 0, "System.Threading", TestName = "Exact position: threads")]
    [TestCase("System.Threading.Tasks.Task.Run(() => 1).Result == 1", 0, "System.Threading", TestName = "Exact position: tasks")]
    [TestCase("Type.GetType(\"System.IO.File\") != null", 0, "System.Type", TestName = "Exact position: reflection through Type")]
    [TestCase("AppContext.BaseDirectory != \"\"", 0, "AppContext", TestName = "Exact position: AppContext")]
    public void A_forbidden_name_is_rejected_at_its_exact_line_and_column(string assert, int offset, string mentioned)
    {
        var errors = RuleTestSupport.Errors(OneRule(assert), "hostile.yaml");
        var e = errors.OrderBy(x => x.Column).First();
        errors.ShouldContain(x => x.Message.Contains(mentioned), string.Join("\n", errors));
        (e.File, e.Line, e.Column).ShouldBe(("hostile.yaml", 5, ExprColumn + offset), string.Join("\n", errors));
    }

    [Test]
    public void An_unsafe_pointer_is_rejected_at_its_exact_position()
    {
        // "int*" is a pointer type: both the compiler (no unsafe context) and the allow-list object.
        var errors = RuleTestSupport.Errors(OneRule("project.Indicators.Count > 0 && default(int*) == null"));
        errors.ShouldAllBe(e => e.Line == 5);
        errors.Min(e => e.Column).ShouldBe(ExprColumn + 32); // the default(int*) after "… && "
    }

    private static Submission Doc(int projects = 1)
    {
        var doc = new Submission { Kind = SubmissionKind.ProjectTargets, Department = "示例局", SourceFile = "t.txt" };
        var unit = new FundingUnit { Name = "示例中心" };
        for (var i = 0; i < projects; i++) unit.Projects.Add(new Project { Name = "项目" + i, Span = SourceSpan.Line(i + 1, 1, 5) });
        doc.Units.Add(unit);
        return doc;
    }

    private static CompiledRuleSet Rules(string yaml, TimeSpan budget) =>
        RuleTestSupport.CompileText(yaml).WithOptions(RuleTestSupport.Options with { TimeBudget = budget });

    [Test]
    public void A_runaway_rule_is_stopped_within_its_budget_and_the_others_still_run()
    {
        var yaml = """
            ruleset: t
            rules:
              - id: LOOP
                scope: project
                assert: Enumerable.Range(0, 10000000).SelectMany(i => Enumerable.Range(0, 10000000)).Count(j => j < 0) > 0
                message: 不会到这里
              - id: OK
                scope: project
                assert: project.Name == "不存在"
                message: "{project.Name}"
            """;
        var rules = Rules(yaml, TimeSpan.FromMilliseconds(300));
        var findings = rules.Evaluate(Doc(projects: 3));

        var failed = findings.Where(f => f.RuleId == "LOOP").ShouldHaveSingleItem(); // stopped once, not once per project
        failed.IsRuleFailure.ShouldBeTrue();
        failed.Severity.ShouldBe(Severity.Error);
        failed.Message.ShouldContain("超出时间上限");
        failed.Evidence.ShouldContain(e => e.Value.Contains(nameof(RuleLimitExceededException)));
        findings.Count(f => f.RuleId == "OK").ShouldBe(3);
        findings.Where(f => f.RuleId == "OK").ShouldAllBe(f => !f.IsRuleFailure);
    }

    [TestCase("Enumerable.Range(0, int.MaxValue).Select(i => i).Count() > 0", "Enumerable.Range", TestName = "RunGuard: Range up to int.MaxValue")]
    [TestCase("Enumerable.Repeat(project.Name, int.MaxValue).Count() > 0", "Enumerable.Repeat", TestName = "RunGuard: Repeat")]
    [TestCase("new decimal[int.MaxValue].Length > 0", "大小", TestName = "RunGuard: huge array")]
    [TestCase("new string('x', int.MaxValue).Length > 0", "大小", TestName = "RunGuard: huge string")]
    [TestCase("project.Name.PadLeft(int.MaxValue).Length > 0", "大小", TestName = "RunGuard: huge padding")]
    [TestCase("new List<long>(int.MaxValue).Count >= 0", "大小", TestName = "RunGuard: huge capacity")]
    [TestCase("Enumerable.Range(0, 64).Aggregate(\"xxxxxxxx\", (s, i) => s + s).Length > 0", "大小", TestName = "RunGuard: exponential string growth")]
    [TestCase("new[] { 0 }.Zip(new[] { int.MaxValue }, Enumerable.Range).First().ToList().Count > 0", "Enumerable.Range", TestName = "RunGuard: Range as a method group")]
    public void A_huge_allocation_or_generator_becomes_a_rule_failure(string assert, string reason)
    {
        var rules = Rules(OneRule(assert), TimeSpan.FromMilliseconds(500));
        var f = rules.Evaluate(Doc()).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue();
        f.Message.ShouldContain(reason);
    }

    // Two from clauses make a pair object per element (24 bytes): with the allocation budget on, 256 MB of them take about
    // as long as the 500 ms given, so which limit stopped the rule depended on the machine's speed (memory won in a
    // whole-suite run). Without the allocation budget only the clock can stop it: the query's lambdas are ticked.
    [Test]
    public void A_runaway_query_in_query_syntax_is_stopped_by_the_clock()
    {
        var rules = RuleTestSupport.CompileText(OneRule(
                "(from i in Enumerable.Range(0, 10000000) from j in Enumerable.Range(0, 10000000) where i == j - 1 select i).Count() < 0"))
            .WithOptions(RuleTestSupport.Options with { TimeBudget = TimeSpan.FromMilliseconds(500), AllocationBudget = 0 });
        var f = rules.Evaluate(Doc()).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue();
        f.Message.ShouldContain("时间上限");
    }

    // Which lambdas get a budget tick. Simple bodies given to once-per-element operators do not
    // (the sequence feeding them ticks where it can be long); everything else still does.
    [TestCase("project.Indicators.Count(i => i.Level1Code == 1 || CodeTable.SameName(i.Level1.Name, \"产出指标\")) > 0", false, TestName = "Tick: simple Count predicate has none")]
    [TestCase("project.Indicators.Select(i => i.Seq).Max() > 0", false, TestName = "Tick: member read in Select has none")]
    [TestCase("project.Indicators.Where(i => i.Name + \"x\" != \"\").Any()", true, TestName = "Tick: string building is ticked")]
    [TestCase("project.Indicators.Count(i => project.Indicators.Any(j => j.Seq > i.Seq)) > 0", true, TestName = "Tick: a body with a lambda is ticked")]
    [TestCase("project.Indicators.Count(i => i.Name.ToList().Count > 0) > 0", true, TestName = "Tick: a body calling LINQ is ticked")]
    [TestCase("project.Indicators.Aggregate(0, (a, i) => a + i.Seq) > 0", true, TestName = "Tick: Aggregate is ticked")]
    [TestCase("project.Indicators.Join(project.Indicators, a => 1, b => 1, (a, b) => a.Seq).Count() > 0", true, TestName = "Tick: Join selectors are ticked")]
    [TestCase("project.Indicators.SelectMany(i => project.Indicators).Count() > 0", true, TestName = "Tick: SelectMany's collection selector is ticked")]
    [TestCase("project.Indicators.Count(i => new[] { i.Seq }.Length > 0) > 0", true, TestName = "Tick: a body creating an array is ticked")]
    // A list parameter is written out in the rule file like a literal: bounded, its simple predicates untouched.
    [TestCase("!param.List(\"words\").Any(w => project.Name.Contains(w))", false, TestName = "Tick: simple predicate over a list parameter has none")]
    [TestCase("param.List(\"words\").FirstOrDefault(w => project.Name.Contains(w)) == null", false, TestName = "Tick: FirstOrDefault over a list parameter has none")]
    [TestCase("param.List(\"words\").Count(w => project.Indicators.Any(i => i.Name.Contains(w))) == 0", true, TestName = "Tick: a body with a lambda over a list parameter is ticked")]
    [TestCase("param.List(\"words\").SelectMany(w => project.Indicators).Count() >= 0", true, TestName = "Tick: SelectMany over a list parameter is ticked")]
    public void Only_lambdas_that_can_run_long_or_allocate_are_ticked(string assert, bool ticked)
    {
        var source = PerfRules.Rules.Compilation.RoslynRuleCompiler.GuardedSource(RuleTestSupport.LoadText(
            assert.Contains("param.", StringComparison.Ordinal) ? OneRuleWithList(assert) : OneRule(assert)));
        var body = source[source.IndexOf("bool __assert", StringComparison.Ordinal)..];
        body = body[..body.IndexOf("if (__assert)", StringComparison.Ordinal)];
        body.Contains("RunGuard.Tick()", StringComparison.Ordinal).ShouldBe(ticked, body);
    }

    [Test]
    public void A_cross_product_under_untick_predicates_is_still_stopped()
    {
        // Count's predicate is not ticked, but SelectMany's selectors are: the loop still ends in time.
        var rules = Rules(OneRule("Enumerable.Range(0, 100000).SelectMany(i => project.Name).SelectMany(c => Enumerable.Range(0, 100000)).Count(j => j < 0) > 0"),
            TimeSpan.FromMilliseconds(300));
        var f = rules.Evaluate(Doc()).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue();
        f.Message.ShouldContain("时间上限");
    }

    // Lambdas applied to themselves, the recursive call in tail position: the body itself, a branch
    // of ?:, the right of &&, and a library method (Aggregate) that calls its selector last.
    private static readonly string[] Omegas =
    {
        "((Func<object, object>)(x => ((Func<object, object>)x)(x)))((Func<object, object>)(x => ((Func<object, object>)x)(x))) != null",
        "((Func<object, int>)(x => project.Name == null ? 1 : ((Func<object, int>)x)(x)))((Func<object, int>)(x => project.Name == null ? 1 : ((Func<object, int>)x)(x))) > 0",
        "((Func<object, bool>)(x => project.Name != null && ((Func<object, bool>)x)(x)))((Func<object, bool>)(x => project.Name != null && ((Func<object, bool>)x)(x)))",
        "((Func<object, object>)(x => new object[0].Aggregate(x, (a, b) => a, a => ((Func<object, object>)a)(a))))((Func<object, object>)(x => new object[0].Aggregate(x, (a, b) => a, a => ((Func<object, object>)a)(a)))) != null",
    };

    [TestCase(2.0, 0, TestName = "Stack: self-applied lambda with a budget")]
    [TestCase(0.0, 0, TestName = "Stack: self-applied lambda without a budget")]
    [TestCase(0.0, 1, TestName = "Stack: self-applied lambda through ?: without a budget")]
    [TestCase(0.0, 2, TestName = "Stack: self-applied lambda through && without a budget")]
    [TestCase(0.0, 3, TestName = "Stack: self-applied lambda through Aggregate without a budget")]
    public void A_lambda_applied_to_itself_is_stopped_not_a_stack_overflow(double seconds, int which)
    {
        // Without the check this kills the process (a stack overflow cannot be caught).
        var rules = Rules(OneRule(Omegas[which]), TimeSpan.FromSeconds(seconds));
        var doc = Doc(projects: 2);
        // Run on a thread-pool thread as audit does (smaller stack than the main thread).
        var findings = Task.Run(() => rules.Evaluate(doc)).GetAwaiter().GetResult();
        // Reported once and stopped for the rest of the document, like any budget stop.
        var f = findings.ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeTrue();
        f.Message.ShouldContain("递归过深");
        f.Message.ShouldNotContain("秒");
    }

    [Test]
    public void Bounded_generators_still_work_and_PR206_style_ranges_pass()
    {
        var rules = Rules(OneRule("Enumerable.Range(1, project.Name.Length).Sum() == 6 && Enumerable.Repeat(1, 3).Count() == 3 && new int[4].Length == 4 && \"a\".PadLeft(3).Length == 3 && new string('x', 2) == \"xx\""), TimeSpan.FromSeconds(2));
        rules.Evaluate(Doc()).ShouldBeEmpty(); // "项目0" has 3 characters: 1+2+3 == 6
    }

    [Test]
    public void Without_a_budget_a_short_rule_runs_as_before()
    {
        var rules = Rules(OneRule("project.Indicators.Select(i => i.Seq).DefaultIfEmpty().Max() > 0"), TimeSpan.Zero);
        var f = rules.Evaluate(Doc()).ShouldHaveSingleItem();
        f.IsRuleFailure.ShouldBeFalse();
    }

    /// <summary>
    /// The test process compiles in tiers (quick code first), where no call becomes a tail call.
    /// Fully optimised code (as a long audit runs it) would turn the calls above into loops at
    /// constant stack depth, stopped by nothing without a time budget: run them in a process
    /// that compiles everything optimised at once.
    /// </summary>
    [Test]
    public void A_lambda_applied_to_itself_is_stopped_in_fully_optimised_code()
    {
        var dir = Path.Combine(Path.GetTempPath(), "perfrules-omega-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var rules = new System.Text.StringBuilder("ruleset: t\nrules:\n");
            for (var i = 0; i < Omegas.Length; i++)
                rules.Append($"  - id: T{i}\n    scope: project\n    assert: '{Omegas[i].Replace("'", "''")}'\n    message: 失败\n");
            File.WriteAllText(Path.Combine(dir, "omega.yaml"), rules.ToString());
            var doc = Directory.GetFiles(TestPaths.Seeds, "003_*.txt").ShouldHaveSingleItem();
            var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
            env["DOTNET_TieredCompilation"] = "0";
            env["DOTNET_TieredPGO"] = "0";
            env["DOTNET_ReadyToRun"] = "0";
            var run = PerfRules.Tests.Packaging.ProcessRunner.Run(PerfRules.Tests.Packaging.ProcessRunner.Dotnet,
                new[] { Path.Combine(AppContext.BaseDirectory, "perfrules.dll"), "lint", "--rules", Path.Combine(dir, "omega.yaml"),
                        "--time-budget", "0", "--cache", Path.Combine(dir, "cache"), "--format", "json", doc },
                env, workingDirectory: dir, timeout: TimeSpan.FromMinutes(3));
            run.Code.ShouldBe(1, run.ToString());
            // Each rule stopped by the stack check, once (not by a clock: there is none).
            for (var i = 0; i < Omegas.Length; i++)
                run.Out.ShouldContain($"规则 T{i} 在", Case.Sensitive, run.ToString());
            run.Out.Split("递归过深").Length.ShouldBe(Omegas.Length + 1, run.Out);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    // Bodies whose type the guard must write out (or infer) when it passes their result through
    // RunGuard.Result: a constant converted to byte, null, a lambda, an anonymous type, query clauses.
    [TestCase("((Func<byte>)(() => 1))() == 1")]
    [TestCase("((Func<string?>)(() => null))() == null")]
    [TestCase("((Func<Func<int>>)(() => () => 2))()() == 2")]
    [TestCase("((Func<int?>)(() => project.Name.Length > 99 ? null : 3))() == 3")]
    [TestCase("((Func<(int A, string B)>)(() => (1, \"b\")))().A == 1")]
    [TestCase("project.Indicators.Select(i => new { i.Name, Pair = new[] { new { N = 1 } } }).Count() >= 0 && new[] { 1 }.Select(n => new { N = n }).First().N == 1")]
    [TestCase("(from n in new[] { 1, 2 } let m = new { N = n } where m.N > 0 orderby m.N select new { m.N }).Count() == 2")]
    [TestCase("(from a in new[] { 1 } from b in new[] { 2 } join c in new[] { 2 } on b equals c group a by c into g select g.Key).Single() == 2")]
    public void Ticked_bodies_pass_their_result_through_the_guard_and_still_compile(string assert)
    {
        var rules = Rules(OneRule(assert), TimeSpan.FromSeconds(5));
        rules.Evaluate(Doc()).ShouldBeEmpty(); // each assert holds
        var source = PerfRules.Rules.Compilation.RoslynRuleCompiler.GuardedSource(RuleTestSupport.LoadText(OneRule(assert)));
        var body = source[source.IndexOf("bool __assert", StringComparison.Ordinal)..];
        body = body[..body.IndexOf("if (__assert)", StringComparison.Ordinal)];
        var ticks = body.Split("RunGuard.Tick() ?").Length - 1;
        ticks.ShouldBeGreaterThan(0, body);
        (body.Split("RunGuard.Tick() ? global::PerfRules.Rules.Runtime.RunGuard.Result").Length - 1).ShouldBe(ticks, body);
    }
}
