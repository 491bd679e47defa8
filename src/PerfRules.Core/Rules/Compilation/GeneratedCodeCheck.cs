using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// The last check before a generated rule set is compiled: its syntax tree must have exactly the
/// shape <see cref="RuleSourceGenerator"/> writes — the usings, one namespace, the runner, the
/// factory and one class per rule, each with exactly its known members, no attributes (so no
/// module initializer), no constructors, no local functions, no directives — and every user
/// expression must fill exactly its own parenthesised slot. Whatever slipped past the earlier
/// checks is refused here rather than compiled.
/// </summary>
internal static class GeneratedCodeCheck
{
    private const string Rt = "global::PerfRules.Rules.Runtime.";

    /// <summary>Parses and checks a generated text (tests).</summary>
    public static string? Problem(string text, RuleSet set, GeneratedSource generated) =>
        Problem(CSharpSyntaxTree.ParseText(text, RoslynRuleCompiler.ParseOptions), set, generated, checkSegments: true);

    /// <summary>What is wrong with the tree (in Chinese), or null when it has the generator's shape.</summary>
    /// <param name="checkSegments">Whether the tree's positions are those of <paramref name="generated"/> (not after the budget rewrite).</param>
    public static string? Problem(SyntaxTree tree, RuleSet set, GeneratedSource generated, bool checkSegments)
    {
        var root = (CompilationUnitSyntax)tree.GetRoot();
        if (root.ContainsDirectives) return "预处理指令";
        if (checkSegments && root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return "无法解析";
        if (root.AttributeLists.Count > 0 || root.Externs.Count > 0) return "程序集特性或 extern";
        if (root.Usings.Count != RuleSourceGenerator.Usings.Length
            || root.Usings.Select(u => u.ToString()).Where((u, i) => u != RuleSourceGenerator.Usings[i]).Any())
            return "using 指令";
        if (root.Members.Count != 1 || root.Members[0] is not NamespaceDeclarationSyntax ns
            || ns.Name.ToString() != "PerfRules.Generated" || ns.Usings.Count > 0 || ns.Externs.Count > 0 || ns.AttributeLists.Count > 0)
            return "命名空间";

        var expected = new List<(string Name, string Base)>
        {
            ("RuleSetPrograms", Rt + "RuleProgramFactory"), ("RuleSetRunner", Rt + "ScopeRunner"),
        };
        expected.AddRange(Enumerable.Range(0, set.Rules.Count).Select(i => ($"Rule_{i}", Rt + "RuleProgram")));
        if (ns.Members.Count != expected.Count) return "类型的个数";
        for (var i = 0; i < expected.Count; i++)
        {
            if (ns.Members[i] is not ClassDeclarationSyntax cls || cls.Identifier.ValueText != expected[i].Name) return $"类型 {expected[i].Name}";
            if ((ClassProblem(cls, expected[i].Base) ?? MembersProblem(cls, set, i - 2)) is { } problem) return $"类型 {expected[i].Name}：{problem}";
        }

        // Inside method bodies and expressions: nothing that declares code or carries attributes.
        foreach (var node in root.DescendantNodes())
            if (node is AttributeListSyntax or LocalFunctionStatementSyntax or BaseTypeDeclarationSyntax { Parent: not NamespaceDeclarationSyntax }
                or UnsafeStatementSyntax or FixedStatementSyntax or DelegateDeclarationSyntax)
                return $"不应出现的声明或特性（{node.Kind()}）";

        return checkSegments ? SegmentsProblem(root, generated) : null;
    }

    private static string? ClassProblem(ClassDeclarationSyntax cls, string baseType)
    {
        if (cls.AttributeLists.Count > 0) return "特性";
        if (cls.Modifiers.ToString() != "public sealed") return "修饰符";
        if (cls.TypeParameterList is not null || cls.ConstraintClauses.Count > 0) return "类型参数";
        if (cls.BaseList is not { Types.Count: 1 } b || b.Types[0].ToString() != baseType) return "基类";
        return null;
    }

    /// <summary>The members each generated class has, in order, and nothing else.</summary>
    private static string? MembersProblem(ClassDeclarationSyntax cls, RuleSet set, int ruleIndex)
    {
        var classMembers = cls.Members;
        switch (cls.Identifier.ValueText)
        {
            case "RuleSetPrograms":
                return Expect(classMembers, Method("Create", "public override"), Method("CreateRunner", "public override"));
            case "RuleSetRunner":
            {
                var shape = new List<Func<MemberDeclarationSyntax, bool>>();
                foreach (var m in RuleSourceGenerator.RunnerMethods)
                {
                    shape.Add(Field("__" + m));
                    shape.Add(Method(m, "public override"));
                }
                return Expect(classMembers, shape.ToArray());
            }
            default:
                var rule = set.Rules[ruleIndex];
                var id = RuleSourceGenerator.Literal(rule.Id);
                var ruleShape = new List<Func<MemberDeclarationSyntax, bool>>
                {
                    x => x is PropertyDeclarationSyntax { AttributeLists.Count: 0, AccessorList: null, ExpressionBody.Expression: LiteralExpressionSyntax literal } p
                         && p.Identifier.ValueText == "RuleId" && p.Modifiers.ToString() == "public override" && literal.Token.Text == id,
                    Method("Evaluate", "public override"),
                    x => Method("Check", "public static")(x) && LocalsAreLets((MethodDeclarationSyntax)x, rule),
                };
                // A batch rule also gives each object its key (match.key, after match.where).
                if (rule.Match is { } match)
                {
                    ruleShape.Add(Method("Key", "public override"));
                    ruleShape.Add(x => Method("KeyOf", "public static")(x) && Locals((MethodDeclarationSyntax)x).SequenceEqual(match.Where is null ? Array.Empty<string>() : new[] { "__where" }));
                }
                return Expect(classMembers, ruleShape.ToArray());
        }
    }

    /// <summary>
    /// The let names are the one identifier a rule file chooses (checked against an ASCII
    /// identifier pattern and the keywords): Check declares exactly them, once each, plus its own.
    /// </summary>
    private static bool LocalsAreLets(MethodDeclarationSyntax check, Rule rule)
    {
        var declared = check.Body?.Statements.OfType<LocalDeclarationStatementSyntax>()
            .SelectMany(d => d.Declaration.Variables).Select(v => v.Identifier.ValueText).ToList() ?? new List<string>();
        var expected = rule.Lets.Select(l => l.Name).Append("__assert");
        if (rule.When is not null) expected = expected.Append("__when");
        return declared.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Locals(MethodDeclarationSyntax method) =>
        method.Body?.Statements.OfType<LocalDeclarationStatementSyntax>().SelectMany(d => d.Declaration.Variables).Select(v => v.Identifier.ValueText)
        ?? Enumerable.Empty<string>();

    private static Func<MemberDeclarationSyntax, bool> Method(string name, string modifiers) =>
        x => x is MethodDeclarationSyntax { AttributeLists.Count: 0, TypeParameterList: null, ExplicitInterfaceSpecifier: null } m
             && m.Identifier.ValueText == name && m.Modifiers.ToString() == modifiers
             && m.ParameterList.Parameters.All(p => p.AttributeLists.Count == 0 && p.Default is null);

    private static Func<MemberDeclarationSyntax, bool> Field(string name) =>
        x => x is FieldDeclarationSyntax { AttributeLists.Count: 0 } f
             && f.Modifiers.ToString() == "private static readonly" && f.Declaration.Type.ToString() == "int[]"
             && f.Declaration.Variables.Count == 1 && f.Declaration.Variables[0].Identifier.ValueText == name;

    private static string? Expect(SyntaxList<MemberDeclarationSyntax> members, params Func<MemberDeclarationSyntax, bool>[] shape)
    {
        if (members.Count != shape.Length) return "成员的个数";
        for (var i = 0; i < shape.Length; i++)
            if (!shape[i](members[i])) return $"第 {i + 1} 个成员";
        return null;
    }

    /// <summary>
    /// Each user expression was written as "(\n" + text + "\n)": the parenthesis before it must be
    /// a parenthesised expression whose closing parenthesis is the one after it, so the text is
    /// one expression that stays in its slot. Comments may only be inside such slots.
    /// </summary>
    private static string? SegmentsProblem(CompilationUnitSyntax root, GeneratedSource generated)
    {
        foreach (var seg in generated.Segments)
        {
            var open = root.FindToken(seg.Start - 2);
            if (!open.IsKind(SyntaxKind.OpenParenToken) || open.SpanStart != seg.Start - 2
                || open.Parent is not ParenthesizedExpressionSyntax p
                || p.CloseParenToken.IsMissing || p.CloseParenToken.SpanStart != seg.End + 1)
                return $"表达式越出了它的位置（{seg.Expr.File}:{seg.Expr.Line}）";
        }
        foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.IsKind(SyntaxKind.WhitespaceTrivia) || trivia.IsKind(SyntaxKind.EndOfLineTrivia)) continue;
            var span = trivia.Span;
            if (!generated.Segments.Any(s => new TextSpan(s.Start, s.Length).Contains(span))) return $"表达式之外的注释或其他内容（{trivia.Kind()}）";
        }
        return null;
    }
}
