using System.Reflection;
using System.Reflection.Metadata;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using PerfRules.Model;
using PerfRules.Rules;
using RuleSet = PerfRules.Rules.RuleSet;

namespace PerfRules.Engines.RulesEngine;

/// <summary>One user expression of a rule, bound: its syntax and the semantic model to read types and symbols from.</summary>
internal sealed record BoundExpr(Expr Expr, ExpressionSyntax Syntax, SemanticModel Model);

/// <summary>
/// Binds every per-document rule's expressions with Roslyn (no emit), in the scope's variables and
/// the same usings as the compiled engine, so the translation to Dynamic LINQ knows which name is
/// a helper, which argument was left to its default, what type a lambda body has. The set has
/// passed the compiled engine's allow-list already; this binding only serves the translation.
/// </summary>
internal static class RuleBinder
{
    private const string M = "global::PerfRules.Model.";

    public static Dictionary<Expr, BoundExpr> Bind(RuleSet set, IEnumerable<int> ruleIndexes)
    {
        var sb = new StringBuilder();
        var segments = new List<(int Start, Expr Expr)>();
        sb.Append("using System;\nusing System.Linq;\nusing System.Collections.Generic;\nusing PerfRules.Model;\nusing static PerfRules.Rules.Runtime.RuleHelpers;\n");
        sb.Append("namespace PerfRules.Bound\n{\n");
        foreach (var i in ruleIndexes)
        {
            var rule = set.Rules[i];
            sb.Append("static class Rule_").Append(i).Append("\n{\n    static void Check(").Append(Parameters(rule.Scope))
              .Append(", ").Append(M).Append("CodeTable codes, global::PerfRules.Rules.RuleParams param)\n    {\n");
            var n = 0;
            void Put(string name, Expr e)
            {
                sb.Append("        var ").Append(name).Append(" = (\n");
                segments.Add((sb.Length, e));
                sb.Append(e.Text).Append("\n);\n");
            }
            if (rule.When is { } w) Put("__w", w);
            foreach (var let in rule.Lets) Put(let.Name, let.Value);
            Put("__a", rule.Assert);
            foreach (var h in rule.Message.Holes.Concat(rule.Fix?.Holes ?? Enumerable.Empty<Expr>())) Put("__h" + n++, h);
            if (rule.At is { } at) Put("__at", at);
            sb.Append("    }\n}\n");
        }
        sb.Append("}\n");
        var tree = CSharpSyntaxTree.ParseText(sb.ToString(), new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None));
        var compilation = CSharpCompilation.Create("PerfRules.Bound", new[] { tree }, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        var bound = new Dictionary<Expr, BoundExpr>(ReferenceEqualityComparer.Instance);
        foreach (var (start, e) in segments)
        {
            var node = root.FindNode(new TextSpan(start, e.Text.Length));
            // The node spanning the text exactly, whatever trivia the expression carries.
            var expr = node.AncestorsAndSelf().OfType<ParenthesizedExpressionSyntax>().First().Expression;
            bound[e] = new BoundExpr(e, expr, model);
        }
        return bound;
    }

    /// <summary>The scope's variables, as the compiled engine declares them (RuleSourceGenerator.Signature).</summary>
    internal static string Parameters(RuleScope scope) => scope switch
    {
        RuleScope.Document => M + "Submission doc",
        RuleScope.Diagnostic => M + "Submission doc, " + M + "Diagnostic diagnostic",
        RuleScope.Unit => M + "Submission doc, " + M + "FundingUnit unit",
        RuleScope.Project => M + "Submission doc, " + M + "FundingUnit unit, " + M + "Project project",
        RuleScope.Indicator => M + "Submission doc, " + M + "FundingUnit? unit, " + M + "Project? project, " + M + "Indicator indicator",
        RuleScope.AmountRow => M + "Submission doc, " + M + "FundingUnit? unit, " + M + "Project? project, string rowKind, string name, " + M + "Amounts amounts",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        new[] { "System.Private.CoreLib", "System.Runtime", "System.Linq", "System.Collections" }
            .Select(n => Assembly.Load(new AssemblyName(n))).Append(typeof(Submission).Assembly)
            .Select(InMemoryReference).ToList());

    // As Core's compiler: a single-file executable has no assembly files to point Roslyn at.
    private static unsafe MetadataReference InMemoryReference(Assembly assembly)
    {
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
            throw new InvalidOperationException($"the metadata of {assembly.GetName().Name} is not available in this process");
        return AssemblyMetadata.Create(ModuleMetadata.CreateFromMetadata((IntPtr)blob, length)).GetReference(display: assembly.GetName().Name);
    }
}
