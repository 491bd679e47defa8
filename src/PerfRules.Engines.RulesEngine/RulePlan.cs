using System.Linq.Expressions;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Rules.Runtime;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;
using ReRule = RulesEngine.Models.Rule;
using Rule = PerfRules.Rules.Rule;

namespace PerfRules.Engines.RulesEngine;

/// <summary>
/// One YAML rule as RulesEngine runs it. Pass or fail comes from a RulesEngine workflow of its own:
/// <c>OrElse(!(when), assert)</c>, the lets the assert needs as the assert's LocalParams (nested
/// rules in Performance mode, so nothing runs past a false <c>when</c>). RulesEngine returns pass or
/// fail only: on a failure the lets (evidence), the message and fix holes and <c>at</c> are worked
/// out here, each a Dynamic LINQ lambda parsed by RulesEngine's own parser with the same settings.
/// </summary>
internal sealed class RulePlan
{
    private readonly global::RulesEngine.RulesEngine _engine;
    private readonly Func<object?[], RuleParameter[]> _parameters;
    private readonly Func<object?[], object?>[] _lets;
    private readonly Func<object?[], object?>[] _holes;
    private readonly Func<object?[], object?>? _at;

    public Rule Rule { get; }
    public int Index { get; }
    public string Workflow { get; }
    public ReRule Definition { get; }

    private RulePlan(Rule rule, int index, global::RulesEngine.RulesEngine engine, Func<object?[], RuleParameter[]> parameters,
        ReRule definition, Func<object?[], object?>[] lets, Func<object?[], object?>[] holes, Func<object?[], object?>? at)
    {
        Rule = rule; Index = index; _engine = engine; _parameters = parameters; Definition = definition;
        Workflow = WorkflowName(index); _lets = lets; _holes = holes; _at = at;
    }

    public static string WorkflowName(int index) => "rule" + index;

    /// <summary>The workflow's rule and the failure-side lambdas; a part Dynamic LINQ cannot take goes to <paramref name="errors"/>.</summary>
    public static RulePlan? Make(Rule rule, int index, Dictionary<Expr, BoundExpr> bound, global::RulesEngine.RulesEngine engine,
        RuleExpressionParser parser, List<RuleLoadError> errors)
    {
        var inputs = Inputs(rule.Scope);
        var ps = inputs.Select(i => Expression.Parameter(i.Type, i.Name)).ToList();
        var failed = false;

        string? Text(Expr e)
        {
            try { return DynamicLinqTranslator.Translate(bound[e]); }
            catch (UntranslatableException u)
            {
                Error(e, u.Offset, u.Message);
                return null;
            }
        }
        void Error(Expr e, int offset, string message)
        {
            var (line, col) = e.PositionAt(offset);
            errors.Add(new RuleLoadError(e.File, line, col, $"规则 {rule.Id} 不能用 RulesEngine 运行：{message}"));
            failed = true;
        }
        Func<object?[], object?>? Lambda(Expr e, string? text, IReadOnlyList<ParameterExpression> parameters)
        {
            if (text is null) return null;
            try
            {
                var body = parser.Parse(text, parameters.ToArray(), null!);
                return Compile(body, parameters);
            }
            catch (Exception x) when (x is not OutOfMemoryException)
            {
                Error(e, 0, $"Dynamic LINQ 无法解析（{x.Message}）：{text}");
                return null;
            }
        }

        var when = rule.When is { } w ? Text(w) : null;
        if (rule.When is { } w2 && when is not null) Lambda(w2, when, ps);
        var lets = new List<Func<object?[], object?>>();
        var letTexts = new List<string?>();
        foreach (var let in rule.Lets)
        {
            var text = Text(let.Value);
            letTexts.Add(text);
            var f = Lambda(let.Value, text, ps);
            if (f is null) return Fail();
            lets.Add(f);
            // Later parts see the let by name, typed as Dynamic LINQ typed it.
            var type = parser.Parse(text!, ps.ToArray(), null!).Type;
            ps.Add(Expression.Parameter(type, let.Name));
        }
        var assert = Text(rule.Assert);
        if (Lambda(rule.Assert, assert, ps) is null) return Fail();
        var holes = new List<Func<object?[], object?>>();
        foreach (var h in rule.Message.Holes.Concat(rule.Fix?.Holes ?? Enumerable.Empty<Expr>()))
            if (Lambda(h, Text(h), ps) is { } f) holes.Add(f);
        var at = rule.At is { } a ? Lambda(a, Text(a), ps) : null;
        if (failed) return null;

        var needed = LetDependencies.ForAssert(rule);
        var check = new ReRule
        {
            RuleName = rule.Id + ":assert",
            RuleExpressionType = RuleExpressionType.LambdaExpression,
            Expression = assert,
            LocalParams = rule.Lets.Select((l, k) => (l, k)).Where(x => needed[x.k])
                .Select(x => new ScopedParam { Name = x.l.Name, Expression = letTexts[x.k] }).ToList(),
        };
        var definition = when is null ? check : new ReRule
        {
            RuleName = rule.Id,
            Operator = "OrElse",
            Rules = new[]
            {
                new ReRule { RuleName = rule.Id + ":when", RuleExpressionType = RuleExpressionType.LambdaExpression, Expression = "!(" + when + ")" },
                check,
            },
        };
        if (when is null) check.RuleName = rule.Id;
        return new RulePlan(rule, index, engine, Parameters(rule.Scope), definition, lets.ToArray(), holes.ToArray(), at);

        RulePlan? Fail() { failed = true; return null; }
    }

    /// <summary>
    /// Runs the rule on one object (its scope's variables, then codes and param). A false assert
    /// gives the failure with evidence, holes and place, worked out in Dynamic LINQ; an exception
    /// (the rule's own, or the guard's) goes to the caller, as the compiled rule's does.
    /// </summary>
    public RuleOutcome Evaluate(object?[] inputs)
    {
        List<RuleResultTree> results;
        try
        {
            var task = _engine.ExecuteAllRulesAsync(Workflow, _parameters(inputs));
            // RulesEngine completes synchronously for lambda rules: the rule runs on this thread, under its guard.
            results = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (Original(e) is { } original && !ReferenceEquals(original, e))
        {
            // RulesEngine wraps what the rule threw: the finding names the rule's own exception, as the compiled engine's does.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(original);
            throw;
        }
        var result = results[0];
        if (result.IsSuccess) return RuleOutcome.Passed;
        if (!string.IsNullOrEmpty(result.ExceptionMessage)) throw new InvalidOperationException(result.ExceptionMessage);

        var values = new List<object?>(inputs);
        var evidence = new string[_lets.Length];
        for (var k = 0; k < _lets.Length; k++)
        {
            var v = _lets[k](values.ToArray());
            values.Add(v);
            evidence[k] = RuleValue.Format(v);
        }
        var all = values.ToArray();
        var holes = new string[_holes.Length];
        for (var k = 0; k < holes.Length; k++) holes[k] = RuleValue.Format(_holes[k](all));
        return RuleOutcome.Failed(evidence, holes, _at?.Invoke(all) as SourceSpan);
    }

    /// <summary>The exception a rule expression threw, under RulesEngine's and reflection's wrappers.</summary>
    private static Exception Original(Exception e)
    {
        while (e is global::RulesEngine.Exceptions.RuleException or System.Reflection.TargetInvocationException or AggregateException
               && e.InnerException is { } inner)
            e = inner;
        return e;
    }

    private static Func<object?[], object?> Compile(Expression body, IReadOnlyList<ParameterExpression> ps)
    {
        var args = Expression.Parameter(typeof(object?[]), "args");
        var lambda = Expression.Lambda(body, ps);
        var call = Expression.Invoke(lambda, ps.Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.Type)));
        return Expression.Lambda<Func<object?[], object?>>(Expression.Convert(call, typeof(object)), args).Compile();
    }

    /// <summary>The scope's variables, then codes and param: RulesEngine's inputs and the lambdas' parameters.</summary>
    internal static (string Name, Type Type)[] Inputs(RuleScope scope)
    {
        (string, Type)[] vars = scope switch
        {
            RuleScope.Document => new[] { ("doc", typeof(Submission)) },
            RuleScope.Diagnostic => new[] { ("doc", typeof(Submission)), ("diagnostic", typeof(Diagnostic)) },
            RuleScope.Unit => new[] { ("doc", typeof(Submission)), ("unit", typeof(FundingUnit)) },
            RuleScope.Project => new[] { ("doc", typeof(Submission)), ("unit", typeof(FundingUnit)), ("project", typeof(Project)) },
            RuleScope.Indicator => new[] { ("doc", typeof(Submission)), ("unit", typeof(FundingUnit)), ("project", typeof(Project)), ("indicator", typeof(Indicator)) },
            RuleScope.AmountRow => new[] { ("doc", typeof(Submission)), ("unit", typeof(FundingUnit)), ("project", typeof(Project)), ("rowKind", typeof(string)), ("name", typeof(string)), ("amounts", typeof(Amounts)) },
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
        };
        return vars.Append(("codes", typeof(CodeTable))).Append(("param", typeof(RuleParams))).ToArray();
    }

    /// <summary>RulesEngine's inputs, typed by the scope (a null unit is still a FundingUnit).</summary>
    private static Func<object?[], RuleParameter[]> Parameters(RuleScope scope)
    {
        var inputs = Inputs(scope);
        return values =>
        {
            var ps = new RuleParameter[inputs.Length];
            for (var k = 0; k < ps.Length; k++) ps[k] = Typed(inputs[k].Name, inputs[k].Type, values[k]);
            return ps;
        };
    }

    private static RuleParameter Typed(string name, Type type, object? value) => type switch
    {
        _ when type == typeof(Submission) => RuleParameter.Create(name, (Submission?)value),
        _ when type == typeof(Diagnostic) => RuleParameter.Create(name, (Diagnostic?)value),
        _ when type == typeof(FundingUnit) => RuleParameter.Create(name, (FundingUnit?)value),
        _ when type == typeof(Project) => RuleParameter.Create(name, (Project?)value),
        _ when type == typeof(Indicator) => RuleParameter.Create(name, (Indicator?)value),
        _ when type == typeof(Amounts) => RuleParameter.Create(name, (Amounts?)value),
        _ when type == typeof(string) => RuleParameter.Create(name, (string?)value),
        _ when type == typeof(CodeTable) => RuleParameter.Create(name, (CodeTable?)value),
        _ => RuleParameter.Create(name, (RuleParams?)value),
    };
}
