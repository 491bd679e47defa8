using System.Text;

namespace PerfRules.Rules.Compilation;

/// <summary>Where a rule expression sits in the generated source (for mapping errors back to YAML).</summary>
internal sealed record ExprSegment(int Start, int Length, Expr Expr, int RuleIndex)
{
    public int End => Start + Length;
}

/// <summary>The generated C# of one rule set and the position of every user expression in it.</summary>
internal sealed record GeneratedSource(string Text, IReadOnlyList<ExprSegment> Segments, IReadOnlyList<(int Start, int End)> RuleRanges);

/// <summary>
/// Writes one C# file per rule set: a class per rule whose static Check takes the scope's
/// variables as parameters and runs when → let → assert and formats the message holes (Evaluate
/// reads them from a target), and a runner that calls every rule of a scope on one object. Each expression is
/// placed alone between "(\n" and "\n)" so a trailing line comment cannot swallow the closing
/// parenthesis. Nothing else from the rule file is written: no comments, no names, no paths; a
/// rule id only as an escaped string literal, a let name only after its pattern and keyword checks.
/// <see cref="GeneratedCodeCheck"/> holds the generated tree to exactly this shape. Plain text
/// work: no Roslyn here.
/// </summary>
internal static class RuleSourceGenerator
{
    private const string Rt = "global::PerfRules.Rules.Runtime.";
    private const string M = "global::PerfRules.Model.";
    // The rule's parameters reach Check as this argument: data, never written into the source.
    private const string P = "global::PerfRules.Rules.RuleParams";

    public static GeneratedSource Generate(RuleSet set)
    {
        var sb = new StringBuilder();
        var segments = new List<ExprSegment>();
        var ranges = new List<(int, int)>();

        // No header comment and no #nullable: the compilation turns nullable on, and a comment is
        // where user text once slipped through (C# also ends a line at U+2028, U+2029 and U+0085).
        foreach (var u in Usings) sb.Append(u).Append('\n');
        sb.Append('\n');
        sb.Append("namespace PerfRules.Generated\n{\n");
        sb.Append("public sealed class RuleSetPrograms : ").Append(Rt).Append("RuleProgramFactory\n{\n");
        sb.Append("    public override ").Append(Rt).Append("RuleProgram[] Create() => new ").Append(Rt).Append("RuleProgram[]\n    {\n");
        for (var i = 0; i < set.Rules.Count; i++) sb.Append("        new Rule_").Append(i).Append("(),\n");
        sb.Append("    };\n\n");
        sb.Append("    public override ").Append(Rt).Append("ScopeRunner CreateRunner() => new RuleSetRunner();\n}\n\n");
        WriteRunner(sb, set);

        for (var i = 0; i < set.Rules.Count; i++)
        {
            var rule = set.Rules[i];
            var start = sb.Length;
            sb.Append("public sealed class Rule_").Append(i).Append(" : ").Append(Rt).Append("RuleProgram\n{\n");
            sb.Append("    public override string RuleId => ").Append(Literal(rule.Id)).Append(";\n\n");
            var (parameters, bindings) = Signature(rule.Scope);
            sb.Append("    public override ").Append(Rt).Append("RuleOutcome Evaluate(").Append(Rt).Append("RuleTarget __t, ")
              .Append(M).Append("CodeTable codes, ").Append(P).Append(" param) =>\n        Check(").Append(bindings).Append(", codes, param);\n\n");
            sb.Append("    public static ").Append(Rt).Append("RuleOutcome Check(").Append(parameters).Append(", ")
              .Append(M).Append("CodeTable codes, ").Append(P).Append(" param)\n    {\n");

            if (rule.When is { } when)
            {
                sb.Append("        bool __when = ");
                Embed(sb, when, i, segments);
                sb.Append(";\n        if (!__when) return ").Append(Rt).Append("RuleOutcome.Skipped;\n");
            }
            var needed = LetDependencies.ForAssert(rule);
            foreach (var let in rule.Lets.Where((_, k) => needed[k])) WriteLet(let);
            sb.Append("        bool __assert = ");
            Embed(sb, rule.Assert, i, segments);
            sb.Append(";\n        if (__assert) return ").Append(Rt).Append("RuleOutcome.Passed;\n");
            // The rest are only evidence and message: worked out for failing objects alone.
            foreach (var let in rule.Lets.Where((_, k) => !needed[k])) WriteLet(let);

            sb.Append("        return ").Append(Rt).Append("RuleOutcome.Failed(\n            new string[] {");
            foreach (var let in rule.Lets) sb.Append(' ').Append(Rt).Append("RuleValue.Format(").Append(let.Name).Append("),");
            sb.Append(" },\n            new string[] {\n");
            // The message's holes, then the fix's: one list, split again when the finding is built.
            foreach (var hole in rule.Message.Holes.Concat(rule.Fix?.Holes ?? Enumerable.Empty<Expr>()))
            {
                sb.Append("            ").Append(Rt).Append("RuleValue.Format(");
                Embed(sb, hole, i, segments);
                sb.Append("),\n");
            }
            sb.Append("            },\n            ");
            if (rule.At is { } at)
            {
                sb.Append("(").Append(M).Append("SourceSpan?)");
                Embed(sb, at, i, segments);
            }
            else sb.Append("null");
            sb.Append(");\n    }\n");
            if (rule.Match is { } match) WriteKey(match);
            sb.Append("}\n\n");
            ranges.Add((start, sb.Length));

            // A batch rule's grouping: KeyOf takes the variables of match.each and gives the object's key,
            // or null for an object that match.where leaves out.
            void WriteKey(BatchMatch match)
            {
                var (keyParameters, keyBindings) = Signature(match.Each);
                sb.Append("\n    public override object? Key(").Append(Rt).Append("RuleTarget __t, ")
                  .Append(M).Append("CodeTable codes, ").Append(P).Append(" param) =>\n        KeyOf(").Append(keyBindings).Append(", codes, param);\n\n");
                sb.Append("    public static object? KeyOf(").Append(keyParameters).Append(", ")
                  .Append(M).Append("CodeTable codes, ").Append(P).Append(" param)\n    {\n");
                if (match.Where is { } where)
                {
                    sb.Append("        bool __where = ");
                    Embed(sb, where, i, segments);
                    sb.Append(";\n        if (!__where) return null;\n");
                }
                sb.Append("        return (object?)");
                Embed(sb, match.Key, i, segments);
                sb.Append(";\n    }\n");
            }

            void WriteLet(LetBinding let)
            {
                sb.Append("        var ").Append(let.Name).Append(" = ");
                Embed(sb, let.Value, i, segments);
                sb.Append(";\n");
            }
        }
        sb.Append("}\n");
        return new GeneratedSource(sb.ToString(), segments, ranges);
    }


    private static void Embed(StringBuilder sb, Expr expr, int rule, List<ExprSegment> segments)
    {
        sb.Append("(\n");
        segments.Add(new ExprSegment(sb.Length, expr.Text.Length, expr, rule));
        sb.Append(expr.Text);
        sb.Append("\n)");
    }

    /// <summary>The scope's variables as parameters of Check, and how Evaluate reads them from a target.</summary>
    private static (string Parameters, string Bindings) Signature(RuleScope scope) => scope switch
    {
        RuleScope.Document => (M + "Submission doc", "__t.Doc"),
        RuleScope.Diagnostic => (M + "Submission doc, " + M + "Diagnostic diagnostic", "__t.Doc, __t.Diagnostic!"),
        RuleScope.Unit => (M + "Submission doc, " + M + "FundingUnit unit", "__t.Doc, __t.Unit!"),
        RuleScope.Project => (M + "Submission doc, " + M + "FundingUnit unit, " + M + "Project project", "__t.Doc, __t.Unit!, __t.Project!"),
        RuleScope.Indicator => (M + "Submission doc, " + M + "FundingUnit? unit, " + M + "Project? project, " + M + "Indicator indicator",
            "__t.Doc, __t.Unit, __t.Project, __t.Indicator!"),
        RuleScope.AmountRow => (M + "Submission doc, " + M + "FundingUnit? unit, " + M + "Project? project, string rowKind, string name, " + M + "Amounts amounts",
            "__t.Doc, __t.Unit, __t.Project, __t.RowKind, __t.RowName, __t.Amounts!"),
        RuleScope.Department => (M + "Submission doc, " + M + "DepartmentDocs department", "__t.Doc, __t.Department!"),
        RuleScope.Batch => (M + "BatchGroup group, " + M + "BatchItem item", "__t.Group!, __t.Item!"),
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    /// <summary>The runner method of each per-document scope, and the argument names it passes to Check.</summary>
    private static readonly (RuleScope Scope, string Method, string Arguments)[] RunnerScopes =
    {
        (RuleScope.Document, "RunDocument", "doc"),
        (RuleScope.Diagnostic, "RunDiagnostic", "doc, diagnostic"),
        (RuleScope.AmountRow, "RunAmountRow", "doc, unit, project, rowKind, name, amounts"),
        (RuleScope.Unit, "RunUnit", "doc, unit"),
        (RuleScope.Project, "RunProject", "doc, unit, project"),
        (RuleScope.Indicator, "RunIndicator", "doc, unit, project, indicator"),
    };

    /// <summary>
    /// One method per scope that runs every rule in force of that scope on one object, in rule
    /// order: direct calls the JIT can inline, instead of a virtual call per rule per object. A
    /// failure or an exception goes to the sink, which builds the finding. One try covers all the
    /// rules (a try per rule costs the JIT's optimisation of every body); after an exception the
    /// switch resumes at the rule after the one that threw.
    /// </summary>
    private static void WriteRunner(StringBuilder sb, RuleSet set)
    {
        sb.Append("public sealed class RuleSetRunner : ").Append(Rt).Append("ScopeRunner\n{\n");
        foreach (var (scope, method, arguments) in RunnerScopes)
        {
            var rules = Enumerable.Range(0, set.Rules.Count)
                .Where(i => set.Rules[i].Scope == scope && set.Rules[i].Severity != Severity.Off).ToList();
            var order = "__" + method;
            sb.Append("    private static readonly int[] ").Append(order).Append(" = { ").Append(string.Join(", ", rules)).Append(" };\n\n");
            sb.Append("    public override void ").Append(method).Append('(').Append(Signature(scope).Parameters).Append(", ")
              .Append(M).Append("CodeTable codes, ").Append(Rt).Append("RuleSink sink)\n    {\n");
            if (rules.Count > 0)
            {
                sb.Append("        int __at = 0;\n        while (true)\n        {\n            try\n            {\n");
                sb.Append("                bool[] skip = sink.Skip;\n                ").Append(P).Append("[] ps = sink.Params;\n                switch (__at)\n                {\n");
                for (var k = 0; k < rules.Count; k++)
                {
                    var i = rules[k];
                    sb.Append("                    case ").Append(k).Append(":\n");
                    sb.Append("                        __at = ").Append(k).Append(";\n");
                    sb.Append("                        if (!skip[").Append(i).Append("]) { var o = Rule_").Append(i).Append(".Check(").Append(arguments)
                      .Append(", codes, ps[").Append(i).Append("]); if (o.IsFailure) sink.Failed(").Append(i).Append(", o); }\n");
                    sb.Append(k + 1 < rules.Count ? $"                        goto case {k + 1};\n" : "                        break;\n");
                }
                sb.Append("                }\n                return;\n            }\n");
                sb.Append("            catch (global::System.Exception e)\n            {\n");
                sb.Append("                sink.Threw(").Append(order).Append("[__at], e);\n");
                sb.Append("                if (++__at == ").Append(rules.Count).Append(") return;\n");
                sb.Append("            }\n        }\n");
            }
            sb.Append("    }\n\n");
        }
        sb.Append("}\n\n");
    }

    /// <summary>The using directives of every generated file, in order (the shape check compares them).</summary>
    internal static readonly string[] Usings =
    {
        "using System;", "using System.Linq;", "using System.Collections.Generic;", "using PerfRules.Model;",
        "using static PerfRules.Rules.Runtime.RuleHelpers;",
    };

    /// <summary>The names of the runner's methods and order fields (the shape check expects exactly these).</summary>
    internal static IEnumerable<string> RunnerMethods => RunnerScopes.Select(s => s.Method);

    /// <summary>
    /// A C# string literal of any text: printable ASCII as itself (a quote or backslash escaped),
    /// everything else (line separators, controls, any non-ASCII) as \uXXXX.
    /// </summary>
    internal static string Literal(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c >= ' ' && c <= '~') sb.Append(c);
            else sb.Append("\\u").Append(((int)c).ToString("X4"));
        }
        return sb.Append('"').ToString();
    }
}
