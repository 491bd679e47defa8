using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Weaves the run-time budget into user expressions after the allow-list has passed them: every
/// lambda body and query clause becomes <c>Budget.Tick() ? (body) : default!</c> (keeps the body's
/// type, costs one clock read), Enumerable.Range/Repeat become the bounded, ticking
/// <c>Budget.Range/Repeat</c>, and array sizes, string/collection constructor counts and pad
/// widths pass through <c>Budget.Size</c>. Only nodes inside user expressions are touched.
/// </summary>
internal sealed class BudgetRewriter : CSharpSyntaxRewriter
{
    private const string B = "global::PerfRules.Rules.Runtime.Budget";
    private static readonly HashSet<string> SizeParameters = new(StringComparer.Ordinal) { "count", "capacity", "length", "totalWidth" };

    private readonly SemanticModel _model;
    private readonly IReadOnlyList<ExprSegment> _segments;

    private BudgetRewriter(SemanticModel model, IReadOnlyList<ExprSegment> segments)
    {
        _model = model; _segments = segments;
    }

    public static SyntaxNode Rewrite(SemanticModel model, SyntaxNode root, IReadOnlyList<ExprSegment> segments) =>
        new BudgetRewriter(model, segments).Visit(root);

    private bool InUserCode(SyntaxNode n) => _segments.Any(s => n.SpanStart >= s.Start && n.Span.End <= s.End);

    private static ExpressionSyntax Ticked(ExpressionSyntax body) =>
        ParseExpression($"{B}.Tick() ? ({body.ToFullString()}\n) : default!");

    private static ExpressionSyntax Sized(ExpressionSyntax size) => ParseExpression($"{B}.Size({size.ToFullString()}\n)");

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var inUser = InUserCode(node);
        var v = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return inUser && v.ExpressionBody is { } body ? v.WithExpressionBody(Ticked(body)) : v;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var inUser = InUserCode(node);
        var v = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return inUser && v.ExpressionBody is { } body ? v.WithExpressionBody(Ticked(body)) : v;
    }

    // Query clauses are lambdas too once lowered.
    public override SyntaxNode? VisitWhereClause(WhereClauseSyntax node)
    {
        var v = (WhereClauseSyntax)base.VisitWhereClause(node)!;
        return InUserCode(node) ? v.WithCondition(Ticked(v.Condition)) : v;
    }

    public override SyntaxNode? VisitSelectClause(SelectClauseSyntax node)
    {
        var v = (SelectClauseSyntax)base.VisitSelectClause(node)!;
        return InUserCode(node) ? v.WithExpression(Ticked(v.Expression)) : v;
    }

    public override SyntaxNode? VisitLetClause(LetClauseSyntax node)
    {
        var v = (LetClauseSyntax)base.VisitLetClause(node)!;
        return InUserCode(node) ? v.WithExpression(Ticked(v.Expression)) : v;
    }

    public override SyntaxNode? VisitFromClause(FromClauseSyntax node)
    {
        var v = (FromClauseSyntax)base.VisitFromClause(node)!;
        return InUserCode(node) ? v.WithExpression(Ticked(v.Expression)) : v;
    }

    public override SyntaxNode? VisitOrdering(OrderingSyntax node)
    {
        var v = (OrderingSyntax)base.VisitOrdering(node)!;
        return InUserCode(node) ? v.WithExpression(Ticked(v.Expression)) : v;
    }

    public override SyntaxNode? VisitGroupClause(GroupClauseSyntax node)
    {
        var v = (GroupClauseSyntax)base.VisitGroupClause(node)!;
        return InUserCode(node) ? v.WithGroupExpression(Ticked(v.GroupExpression)).WithByExpression(Ticked(v.ByExpression)) : v;
    }

    public override SyntaxNode? VisitJoinClause(JoinClauseSyntax node)
    {
        var v = (JoinClauseSyntax)base.VisitJoinClause(node)!;
        return InUserCode(node)
            ? v.WithInExpression(Ticked(v.InExpression)).WithLeftExpression(Ticked(v.LeftExpression)).WithRightExpression(Ticked(v.RightExpression))
            : v;
    }

    // Enumerable.Range / Repeat, called or used as a method group.
    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (InUserCode(node) && GeneratorName(node) is { } name)
            return ParseExpression($"{B}.{name}{(node.Name as GenericNameSyntax)?.TypeArgumentList.ToFullString()}").WithTriviaFrom(node);
        return base.VisitMemberAccessExpression(node);
    }

    public override SyntaxNode? VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        var v = (ArrayRankSpecifierSyntax)base.VisitArrayRankSpecifier(node)!;
        if (!InUserCode(node)) return v;
        return v.WithSizes(SeparatedList(v.Sizes.Select(s => s is OmittedArraySizeExpressionSyntax ? s : Sized(s))));
    }

    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        var v = (ArgumentSyntax)base.VisitArgument(node)!;
        if (!InUserCode(node) || !IsSizeArgument(node)) return v;
        return v.WithExpression(Sized(v.Expression));
    }

    private string? GeneratorName(MemberAccessExpressionSyntax node)
    {
        var info = _model.GetSymbolInfo(node);
        var m = (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
        if (m is null || m.ContainingType?.ToDisplayString() != "System.Linq.Enumerable") return null;
        return m.Name is "Range" or "Repeat" ? m.Name : null;
    }

    /// <summary>An int count, capacity or width given to a constructor (new string('x', n), new List&lt;T&gt;(n)) or to PadLeft/PadRight.</summary>
    private bool IsSizeArgument(ArgumentSyntax arg)
    {
        if (arg.Parent is not BaseArgumentListSyntax { Parent: { } call }) return false;
        var isCtor = call is BaseObjectCreationExpressionSyntax;
        if (!isCtor && call is not InvocationExpressionSyntax) return false;
        var info = _model.GetSymbolInfo(call);
        if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not IMethodSymbol m) return false;
        if (!isCtor && m.Name is not ("PadLeft" or "PadRight")) return false;
        var index = ((BaseArgumentListSyntax)arg.Parent).Arguments.IndexOf(arg);
        var p = arg.NameColon is { } nc
            ? m.Parameters.FirstOrDefault(x => x.Name == nc.Name.Identifier.ValueText)
            : index < m.Parameters.Length ? m.Parameters[index] : null;
        return p is { Type.SpecialType: SpecialType.System_Int32 } && SizeParameters.Contains(p.Name);
    }
}
