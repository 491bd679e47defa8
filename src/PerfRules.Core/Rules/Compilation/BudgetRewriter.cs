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
        var tick = InUserCode(node) && !NeedsNoTick(node);
        var v = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return tick && v.ExpressionBody is { } body ? v.WithExpressionBody(Ticked(body)) : v;
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var tick = InUserCode(node) && !NeedsNoTick(node);
        var v = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return tick && v.ExpressionBody is { } body ? v.WithExpressionBody(Ticked(body)) : v;
    }

    /// <summary>
    /// LINQ operators that call their lambda once per element of the source and keep nothing of
    /// its result from one call to the next (unlike Aggregate, or Join's pair selector).
    /// </summary>
    private static readonly HashSet<string> OncePerElement = new(StringComparer.Ordinal)
    {
        "Count", "LongCount", "Any", "All", "Where", "Select", "Sum", "Min", "Max", "Average", "MinBy", "MaxBy",
        "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault",
        "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending",
    };

    /// <summary>
    /// A lambda given to a once-per-element operator whose body does a bounded amount of work and
    /// allocates nothing (member reads, operators, comparisons, a few pure calls; no nested lambda,
    /// no new object, no string building) is not ticked: it is called once per element of a
    /// sequence, and producing that sequence ticks wherever it can be long (a generator, a lambda
    /// that returns a sequence). Checking the clock and the allocation counter costs more than such
    /// a body (PR201's test of one indicator), and it runs for every indicator of every document.
    /// This assumes model properties do O(1) or per-row work, which they do.
    /// </summary>
    private bool NeedsNoTick(LambdaExpressionSyntax lambda)
    {
        if (lambda.ExpressionBody is not { } body) return false;
        if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }) return false;
        var info = _model.GetSymbolInfo(call);
        if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not IMethodSymbol m) return false;
        m = m.ReducedFrom ?? m;
        if (m.ContainingType?.ToDisplayString() != "System.Linq.Enumerable" || !OncePerElement.Contains(m.Name)) return false;
        foreach (var n in body.DescendantNodesAndSelf())
        {
            switch (n)
            {
                case AnonymousFunctionExpressionSyntax or QueryExpressionSyntax:
                case BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax:
                case AnonymousObjectCreationExpressionSyntax or CollectionExpressionSyntax or InterpolatedStringExpressionSyntax:
                case WithExpressionSyntax or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                    return false;
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.AddExpression)
                                                   && _model.GetTypeInfo(b).Type?.SpecialType == SpecialType.System_String:
                    return false;
                case InvocationExpressionSyntax inv:
                    var callee = _model.GetSymbolInfo(inv).Symbol as IMethodSymbol;
                    if (callee is null || !IsBoundedCall(callee.ReducedFrom ?? callee)) return false;
                    break;
            }
        }
        return true;
    }

    /// <summary>Calls that take time bounded by their (scalar or single-string) arguments and keep nothing.</summary>
    private static bool IsBoundedCall(IMethodSymbol m)
    {
        var type = m.ContainingType;
        if (type is null) return false;
        switch (type.ToDisplayString())
        {
            case "PerfRules.Model.CodeTable":
                return m.Name is "SameName" or "Level1ByCode" or "Level2ByCode" or "Level1ByName" or "Level2ByName" or "IsLevel1Name" or "IsLevel2Name";
            case "PerfRules.Rules.RuleHelpers":
                return m.Name is "Near" or "FirstDigit" or "IsRate";
            case "System.Math" or "System.MathF" or "char":
                return true;
        }
        if (type.SpecialType == SpecialType.System_String)
            return m.Name is "StartsWith" or "EndsWith" or "Contains" or "Equals" or "IndexOf" or "LastIndexOf" or "CompareTo"
                or "IsNullOrEmpty" or "IsNullOrWhiteSpace" or "Compare" or "CompareOrdinal";
        // Numbers and their nullable forms: comparisons only.
        var numeric = type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double
            || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        return numeric && m.Name is "Equals" or "CompareTo" or "GetValueOrDefault";
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
