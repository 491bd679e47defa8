using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerfRules.Model;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Weaves the run-time budget into user expressions after the allow-list has passed them. Only
/// nodes inside user expressions are touched:
/// <list type="bullet">
/// <item>every lambda body and query clause becomes <c>RunGuard.Tick() ? (body) : default!</c>
/// (keeps the body's type, costs one counter), except a simple body given to a once-per-element
/// operator over a bounded source (see <see cref="NeedsNoTick"/>), whose long string operands
/// tick through <c>RunGuard.Str</c> instead;</item>
/// <item>a sequence the rule built itself (an array of a chosen size, a let holding one, a
/// SelectMany…) ticks at every element wherever it is consumed (<c>RunGuard.Each</c>), so chains of
/// operators over it stop in time too;</item>
/// <item>Enumerable.Range/Repeat become the bounded, ticking <c>RunGuard.Range/Repeat</c>;</item>
/// <item>array sizes, collection capacities, string counts and pad widths pass through
/// <c>RunGuard.Size</c> with the bytes per element, so an allocation is checked before it is made;</item>
/// <item>calls that build long strings in one go (string +, interpolation, string.Concat, Join,
/// Format, Replace, Insert, a ToString format) go to size-checked forms in <c>RunGuard</c>.</item>
/// </list>
/// </summary>
internal sealed class GuardRewriter : CSharpSyntaxRewriter
{
    private const string B = "global::PerfRules.Rules.Runtime.RunGuard";
    private static readonly HashSet<string> SizeParameters = new(StringComparer.Ordinal) { "count", "capacity", "length", "totalWidth" };

    private readonly SemanticModel _model;
    private readonly IReadOnlyList<ExprSegment> _segments;
    /// <summary>Above zero inside the body of a lambda that is not ticked.</summary>
    private int _simple;

    private GuardRewriter(SemanticModel model, IReadOnlyList<ExprSegment> segments)
    {
        _model = model; _segments = segments;
    }

    public static SyntaxNode Rewrite(SemanticModel model, SyntaxNode root, IReadOnlyList<ExprSegment> segments) =>
        new GuardRewriter(model, segments).Visit(root);

    private bool InUserCode(SyntaxNode n) => _segments.Any(s => n.SpanStart >= s.Start && n.Span.End <= s.End);

    /// <summary>
    /// <c>RunGuard.Tick() ? RunGuard.Result&lt;T&gt;(body) : default!</c>, <paramref name="original"/>
    /// being the body before it was visited (the semantic model knows that one). Passing the result
    /// through a call the JIT cannot inline keeps a call in the body out of tail position: optimised
    /// code would otherwise turn a lambda applied to itself into a loop at constant stack depth, which
    /// the stack check never sees (and nothing stops without a time budget).
    /// </summary>
    private ExpressionSyntax Ticked(ExpressionSyntax body, ExpressionSyntax original)
    {
        var info = _model.GetTypeInfo(original);
        // The type the lambda returns, written out: the argument then converts as the body did
        // (constants, null, lambdas); an anonymous type cannot be written but is then inferred.
        var result = info.ConvertedType is { } t && Nameable(t) ? $"{B}.Result<{t.ToDisplayString(TypeFormat)}>"
            : info.Type is not null ? $"{B}.Result"
            : null;
        return result is null
            ? ParseExpression($"{B}.Tick() ? ({body.ToFullString()}\n) : default!")
            : ParseExpression($"{B}.Tick() ? {result}({body.ToFullString()}\n) : default!");
    }

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>A type C# lets one write: no anonymous type in it, no error.</summary>
    private static bool Nameable(ITypeSymbol t) => t switch
    {
        IErrorTypeSymbol or IDynamicTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol => false,
        IArrayTypeSymbol a => Nameable(a.ElementType),
        INamedTypeSymbol { IsAnonymousType: true } => false,
        INamedTypeSymbol n => n.TypeArguments.All(Nameable) && (n.ContainingType is null || Nameable(n.ContainingType)),
        _ => false,
    };

    private static ExpressionSyntax Sized(ExpressionSyntax size, int unitBytes) =>
        ParseExpression($"{B}.Size({size.ToFullString()}\n, {unitBytes})");

    /// <summary>A call of a RunGuard method on one expression, built as a tree (its trivia stays where it was).</summary>
    private static ExpressionSyntax Wrap(string method, ExpressionSyntax e) =>
        InvocationExpression(ParseExpression($"{B}.{method}"), ArgumentList(SingletonSeparatedList(Argument(e))));

    // ---- lambdas ---------------------------------------------------------------------------

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var user = InUserCode(node);
        var simple = user && NeedsNoTick(node);
        if (simple) _simple++;
        try
        {
            var v = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
            return user && !simple && v.ExpressionBody is { } body ? v.WithExpressionBody(Ticked(body, node.ExpressionBody!)) : v;
        }
        finally { if (simple) _simple--; }
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var user = InUserCode(node);
        var simple = user && NeedsNoTick(node);
        if (simple) _simple++;
        try
        {
            var v = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
            return user && !simple && v.ExpressionBody is { } body ? v.WithExpressionBody(Ticked(body, node.ExpressionBody!)) : v;
        }
        finally { if (simple) _simple--; }
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
    /// A lambda given to a once-per-element operator is not ticked when the operator's source is
    /// bounded by the document (see <see cref="IsBounded"/>) and the body does a bounded amount of
    /// work that allocates nothing: member reads (auto-properties, or model properties known to be
    /// O(1)), operators on numbers, comparisons with null, a few pure calls — no nested lambda, no
    /// new object, no string building, no slices, no computed model property (those walk lists).
    /// Strings are the exception whose cost is their length: they pass through <c>RunGuard.Str</c>,
    /// which ticks for long ones. Checking the clock and the allocation counter costs more than
    /// such a body (PR201's test of one indicator), and it runs for every indicator of every document.
    /// </summary>
    private bool NeedsNoTick(LambdaExpressionSyntax lambda)
    {
        if (lambda.ExpressionBody is not { } body) return false;
        if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }) return false;
        if (Method(call) is not { } m) return false;
        var original = m.ReducedFrom ?? m;
        if (original.ContainingType?.ToDisplayString() != "System.Linq.Enumerable" || !OncePerElement.Contains(original.Name)) return false;
        if (!SequenceArguments(call, m).All(a => IsBounded(a.Expression, 0))) return false;
        foreach (var n in body.DescendantNodesAndSelf())
        {
            switch (n)
            {
                case AnonymousFunctionExpressionSyntax or QueryExpressionSyntax:
                case BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax:
                case AnonymousObjectCreationExpressionSyntax or CollectionExpressionSyntax or InterpolatedStringExpressionSyntax:
                case WithExpressionSyntax or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                case RangeExpressionSyntax or ListPatternSyntax or SlicePatternSyntax:
                    return false;
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.AddExpression)
                                                   && _model.GetTypeInfo(b).Type?.SpecialType == SpecialType.System_String:
                    return false;
                case BinaryExpressionSyntax b when !IsCheapOperator(b):
                    return false;
                case InvocationExpressionSyntax inv:
                    var callee = _model.GetSymbolInfo(inv).Symbol as IMethodSymbol;
                    if (callee is null || !IsBoundedCall(callee.ReducedFrom ?? callee)) return false;
                    break;
                case SimpleNameSyntax name when _model.GetSymbolInfo(name).Symbol is IPropertySymbol p && !IsCheapProperty(p):
                    return false;
            }
        }
        return true;
    }

    /// <summary>Calls that take time bounded by their scalar arguments, or by their strings' length (then checked by RunGuard.Str), and keep nothing.</summary>
    private static bool IsBoundedCall(IMethodSymbol m)
    {
        var type = m.ContainingType;
        if (type is null) return false;
        switch (type.ToDisplayString())
        {
            case "PerfRules.Model.CodeTable":
                return m.Name is "SameName" or "Level1ByCode" or "Level2ByCode" or "Level1ByName" or "Level2ByName" or "IsLevel1Name" or "IsLevel2Name";
            case "PerfRules.Rules.Runtime.RuleHelpers":
                return m.Name is "Near" or "FirstDigit" or "IsRate";
            case "PerfRules.Rules.RuleParams":
                return m.Name is "Number" or "Text" or "List"; // a dictionary lookup
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

    /// <summary>
    /// An operator whose cost does not depend on its operands' size: built-in ones (string
    /// equality is built in and checked through RunGuard.Str), a user-defined one only against null
    /// (a record's == compares every member), and never tuple equality.
    /// </summary>
    private bool IsCheapOperator(BinaryExpressionSyntax b)
    {
        if (_model.GetTypeInfo(b.Left).Type?.IsTupleType == true || _model.GetTypeInfo(b.Right).Type?.IsTupleType == true) return false;
        if (_model.GetSymbolInfo(b).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op) return true;
        if (NamespaceOf(op.ContainingType) == "System") return true; // decimal, DateTime, …
        return IsNullLiteral(b.Left) || IsNullLiteral(b.Right);
    }

    private static bool IsNullLiteral(ExpressionSyntax e) =>
        e.IsKind(SyntaxKind.NullLiteralExpression) || e.IsKind(SyntaxKind.DefaultLiteralExpression);

    /// <summary>Model properties that compute something in constant time (the others that are not auto-properties walk lists).</summary>
    private static readonly HashSet<string> CheapModelProperties = new(StringComparer.Ordinal)
    {
        "Line", "Level1Code", "Level2Code", "HasSources", "IsNumeric", "IsEmpty",
        // Indicator values defaulted on first read (one allocation at most, never a walk); values'
        // and indicators' fields kept packed (a span read makes one small object, never a walk).
        "Cycle", "Annual", "Kind", "Comparator", "Year", "Month", "Day",
        "Span", "Level1Span", "Level2Span", "NameSpan", "CycleSpan", "AnnualSpan",
    };

    private static readonly ConcurrentDictionary<string, bool> AutoProperties = new(StringComparer.Ordinal);

    /// <summary>A property read that costs constant time: a framework property, or a model auto-property (or one known to be O(1)).</summary>
    private static bool IsCheapProperty(IPropertySymbol p)
    {
        if (NamespaceOf(p.ContainingType) != "PerfRules.Model") return true;
        if (CheapModelProperties.Contains(p.Name)) return true;
        var typeName = MetadataName(p.ContainingType);
        return AutoProperties.GetOrAdd(typeName + "." + p.MetadataName, _ =>
        {
            // The compiler binds against this very PerfRules.Core: ask the runtime whether the getter is generated.
            try
            {
                var getter = typeof(Submission).Assembly.GetType(typeName)
                    ?.GetProperty(p.MetadataName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)?.GetMethod;
                return getter?.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) == true;
            }
            catch (AmbiguousMatchException)
            {
                return false;
            }
        });
    }

    private static string MetadataName(INamedTypeSymbol t) =>
        t.ContainingType is { } outer ? MetadataName(outer) + "+" + t.MetadataName : NamespaceOf(t) + "." + t.MetadataName;

    private static string NamespaceOf(ITypeSymbol t) =>
        t.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    // ---- bounded sources ---------------------------------------------------------------------

    /// <summary>Operators whose result has no more elements than their sources together.</summary>
    private static readonly HashSet<string> NonAmplifying = new(StringComparer.Ordinal)
    {
        "Where", "Select", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Order", "OrderDescending",
        "Distinct", "DistinctBy", "Skip", "SkipLast", "SkipWhile", "Take", "TakeLast", "TakeWhile", "Reverse", "Cast", "OfType",
        "AsEnumerable", "DefaultIfEmpty", "ToList", "ToArray", "ToHashSet", "ToDictionary", "ToLookup", "GroupBy", "Chunk",
        "Append", "Prepend", "Concat", "Union", "UnionBy", "Intersect", "IntersectBy", "Except", "ExceptBy", "Zip", "Index",
    };

    /// <summary>
    /// Whether a sequence (or any value) has a size bounded by the document or by the rule's text:
    /// the scope's variables and what is read from them, literals, collections written out
    /// element by element, list parameters (<c>param.List</c>: written out in the rule file), lets holding such, lambda parameters over such, and non-amplifying
    /// LINQ over such. A rule-sized array, a generator, SelectMany or Join is not: its
    /// consumers tick per element.
    /// </summary>
    private bool IsBounded(ExpressionSyntax? e, int depth)
    {
        if (e is null || depth > 16) return false;
        while (true)
        {
            switch (e)
            {
                case ParenthesizedExpressionSyntax p: e = p.Expression; continue;
                case CastExpressionSyntax c: e = c.Expression; continue;
                case PostfixUnaryExpressionSyntax pu when pu.IsKind(SyntaxKind.SuppressNullableWarningExpression): e = pu.Operand; continue;
                case CheckedExpressionSyntax ch: e = ch.Expression; continue;
            }
            break;
        }
        if (_model.GetConstantValue(e).HasValue) return true;
        switch (e)
        {
            case IdentifierNameSyntax or GenericNameSyntax:
                return _model.GetSymbolInfo(e).Symbol switch
                {
                    IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LambdaMethod } lambda } =>
                        LambdaParameterBounded(lambda, depth),
                    IParameterSymbol => true, // the scope's variables (doc, unit, project, …) and codes
                    ILocalSymbol local => local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } init }
                                          && IsBounded(init, depth + 1),
                    IPropertySymbol { IsStatic: true } or IFieldSymbol { IsStatic: true } => true,
                    _ => false,
                };
            case MemberAccessExpressionSyntax ma:
                return _model.GetSymbolInfo(ma).Symbol is IPropertySymbol { IsStatic: true } or IFieldSymbol { IsStatic: true }
                       || IsBounded(ma.Expression, depth + 1);
            case ConditionalAccessExpressionSyntax ca:
                return IsBounded(ca.Expression, depth + 1) && ca.WhenNotNull is MemberBindingExpressionSyntax or MemberAccessExpressionSyntax or ElementBindingExpressionSyntax;
            case ElementAccessExpressionSyntax ea:
                return IsBounded(ea.Expression, depth + 1);
            case ConditionalExpressionSyntax c:
                return IsBounded(c.WhenTrue, depth + 1) && IsBounded(c.WhenFalse, depth + 1);
            case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.CoalesceExpression):
                return IsBounded(b.Left, depth + 1) && IsBounded(b.Right, depth + 1);
            case InvocationExpressionSyntax inv:
                if (Method(inv) is not { } m) return false;
                var original = m.ReducedFrom ?? m;
                // A list parameter is a list written out in the rule file (or its overrides), like a literal.
                if (original.ContainingType?.ToDisplayString() == "PerfRules.Rules.RuleParams" && original.Name == "List") return true;
                return original.ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && NonAmplifying.Contains(original.Name)
                       && SequenceArguments(inv, m).All(a => IsBounded(a.Expression, depth + 1));
            case ObjectCreationExpressionSyntax oc:
                return oc.ArgumentList is null or { Arguments.Count: 0 } && oc.Initializer is null or { RawKind: (int)SyntaxKind.CollectionInitializerExpression };
            case ImplicitObjectCreationExpressionSyntax ioc:
                return ioc.ArgumentList.Arguments.Count == 0 && ioc.Initializer is null or { RawKind: (int)SyntaxKind.CollectionInitializerExpression };
            case ArrayCreationExpressionSyntax ac:
                return ac.Initializer is not null && ac.Type.RankSpecifiers.All(r => r.Sizes.All(s => s is OmittedArraySizeExpressionSyntax));
            case ImplicitArrayCreationExpressionSyntax:
                return true;
            case CollectionExpressionSyntax ce:
                return ce.Elements.All(x => x is ExpressionElementSyntax);
            default:
                return false;
        }
    }

    /// <summary>A lambda's parameter stands for an element of the LINQ call it is given to: bounded when that call's sources are.</summary>
    private bool LambdaParameterBounded(IMethodSymbol lambda, int depth) =>
        lambda.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } }
        && Method(call) is { } m
        && (m.ReducedFrom ?? m).ContainingType?.ToDisplayString() == "System.Linq.Enumerable"
        && SequenceArguments(call, m).All(a => IsBounded(a.Expression, depth + 1));

    private static bool IsSequence(IParameterSymbol p) =>
        !p.IsParams && p.Type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    /// <summary>The expressions a call takes as IEnumerable&lt;T&gt;: the receiver of an extension method, then the arguments.</summary>
    private IEnumerable<(ExpressionSyntax Expression, IParameterSymbol Parameter)> SequenceArguments(InvocationExpressionSyntax call, IMethodSymbol m)
    {
        if (m.ReducedFrom is { } from && IsSequence(from.Parameters[0]))
        {
            if (call.Expression is MemberAccessExpressionSyntax ma) yield return (ma.Expression, from.Parameters[0]);
            else if (call.Expression is MemberBindingExpressionSyntax && call.Parent?.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>() is { } ca)
                yield return (ca.Expression, from.Parameters[0]);
        }
        foreach (var arg in call.ArgumentList.Arguments)
            if (ParameterOf(arg, m) is { } p && IsSequence(p))
                yield return (arg.Expression, p);
    }

    private static bool IsGenerator(IMethodSymbol? m) =>
        m is not null && (m.ReducedFrom ?? m).ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && m.Name is "Range" or "Repeat";

    /// <summary>Already ticking at every element: Enumerable.Range/Repeat (rewritten to RunGuard's).</summary>
    private bool IsTicking(ExpressionSyntax e) => e is InvocationExpressionSyntax inv && IsGenerator(Method(inv));

    private bool NeedsEach(ExpressionSyntax e) => !IsBounded(e, 0) && !IsTicking(e);

    // ---- calls -----------------------------------------------------------------------------

    private IMethodSymbol? Method(SyntaxNode call)
    {
        var info = _model.GetSymbolInfo(call);
        return (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
    }

    private static IParameterSymbol? ParameterOf(ArgumentSyntax arg, IMethodSymbol m)
    {
        if (arg.NameColon is { } nc) return m.Parameters.FirstOrDefault(x => x.Name == nc.Name.Identifier.ValueText);
        var index = ((BaseArgumentListSyntax)arg.Parent!).Arguments.IndexOf(arg);
        if (index < m.Parameters.Length) return m.Parameters[index];
        return m.Parameters.LastOrDefault() is { IsParams: true } last ? last : null;
    }

    private bool IsString(ExpressionSyntax e) => _model.GetTypeInfo(e).Type?.SpecialType == SpecialType.System_String;

    private bool IsConstant(ExpressionSyntax e) => _model.GetConstantValue(e).HasValue;

    /// <summary>A string operand inside an unticked body whose length may be large.</summary>
    private bool IsLongStringOperand(ExpressionSyntax e) => _simple > 0 && IsString(e) && !IsConstant(e);

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var user = InUserCode(node);
        var m = user ? Method(node) : null;
        var v = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        if (m is null) return v;

        // The receiver of a LINQ extension call, when the rule built that sequence.
        if (m.ReducedFrom is { } from && IsSequence(from.Parameters[0])
            && node.Expression is MemberAccessExpressionSyntax receiver && v.Expression is MemberAccessExpressionSyntax vr
            && NeedsEach(receiver.Expression))
            v = v.WithExpression(vr.WithExpression(Wrap("Each", vr.Expression)));

        if (m.ContainingType?.SpecialType != SpecialType.System_String) return v;

        // A long string operand of a comparison in an unticked body.
        if (!m.IsStatic && node.Expression is MemberAccessExpressionSyntax s && v.Expression is MemberAccessExpressionSyntax vs && IsLongStringOperand(s.Expression))
            v = v.WithExpression(vs.WithExpression(Wrap("Str", vs.Expression)));

        // Split: its pieces are reserved from the receiver's length.
        if (!m.IsStatic && m.Name == "Split" && v.Expression is MemberAccessExpressionSyntax split)
            return v.WithExpression(split.WithExpression(Wrap("SplitSource", split.Expression)));

        // Calls that build a long string in one go: the size-checked forms take the same arguments.
        if (m.IsStatic && (m.Name is "Concat" or "Join" || (m.Name == "Format" && m.Parameters.FirstOrDefault()?.Type.SpecialType == SpecialType.System_String)))
            return v.WithExpression(ParseExpression($"{B}.{m.Name}").WithTriviaFrom(v.Expression));
        if (!m.IsStatic && m.Name is "Replace" or "Insert" && m.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String)
            && v.Expression is MemberAccessExpressionSyntax target)
            return InvocationExpression(ParseExpression($"{B}.{m.Name}"),
                ArgumentList(SeparatedList(new[] { Argument(target.Expression) }.Concat(v.ArgumentList.Arguments)))).WithTriviaFrom(v);
        return v;
    }

    public override SyntaxNode? VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
    {
        var v = (ConditionalAccessExpressionSyntax)base.VisitConditionalAccessExpression(node)!;
        if (!InUserCode(node)) return v;
        // x?.Where(…): the receiver is outside the call; Each(null) stays null.
        var first = node.WhenNotNull;
        while (first is MemberAccessExpressionSyntax or InvocationExpressionSyntax { Expression: not MemberBindingExpressionSyntax })
            first = first is MemberAccessExpressionSyntax ma ? ma.Expression : ((InvocationExpressionSyntax)first).Expression;
        if (first is not InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax } call || Method(call) is not { } m) return v;
        if (m.ReducedFrom is { } from && IsSequence(from.Parameters[0]) && NeedsEach(node.Expression))
            return v.WithExpression(Wrap("Each", v.Expression));
        if (m is { IsStatic: false, Name: "Split", ContainingType.SpecialType: SpecialType.System_String })
            return v.WithExpression(Wrap("SplitSource", v.Expression));
        return v;
    }

    public override SyntaxNode? VisitArgument(ArgumentSyntax node)
    {
        var v = (ArgumentSyntax)base.VisitArgument(node)!;
        if (!InUserCode(node) || node.Parent is not BaseArgumentListSyntax { Parent: { } call }) return v;
        if (call is ElementAccessExpressionSyntax)
            return IsLongStringOperand(node.Expression) ? v.WithExpression(Wrap("Str", v.Expression)) : v;
        if (call is not (BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax) || Method(call) is not { } m || ParameterOf(node, m) is not { } p) return v;

        if (SizeUnit(call, m, p) is { } unit) return v.WithExpression(Sized(v.Expression, unit));
        if (m.Name == "ToString" && p.Name == "format" && p.Type.SpecialType == SpecialType.System_String && !IsSmallConstantFormat(node.Expression))
            return v.WithExpression(Wrap("FormatSpec", v.Expression));
        if (IsSequence(p) && NeedsEach(node.Expression)) return v.WithExpression(Wrap("Each", v.Expression));
        if (p.Type.SpecialType == SpecialType.System_String && IsLongStringOperand(node.Expression)) return v.WithExpression(Wrap("Str", v.Expression));
        return v;
    }

    /// <summary>A constant format such as "D3" or "0.00": short, every number in it small; checked here rather than at run time.</summary>
    private bool IsSmallConstantFormat(ExpressionSyntax e)
    {
        if (_model.GetConstantValue(e) is not { HasValue: true, Value: string s } || s.Length > 32) return false;
        var run = 0L;
        foreach (var c in s + " ")
        {
            if (char.IsAsciiDigit(c)) { run = run * 10 + (c - '0'); if (run > 1000) return false; }
            else run = 0;
        }
        return true;
    }

    /// <summary>Bytes per unit of an int count, capacity or width given to a constructor (new string('x', n), new List&lt;T&gt;(n)) or to PadLeft/PadRight; null for other arguments.</summary>
    private int? SizeUnit(SyntaxNode call, IMethodSymbol m, IParameterSymbol p)
    {
        if (p.Type.SpecialType != SpecialType.System_Int32 || !SizeParameters.Contains(p.Name)) return null;
        if (call is InvocationExpressionSyntax)
            return m.Name is "PadLeft" or "PadRight" && m.ContainingType?.SpecialType == SpecialType.System_String ? sizeof(char) : null;
        var type = m.ContainingType;
        if (type is null) return null;
        if (type.SpecialType == SpecialType.System_String) return sizeof(char);
        var args = type.TypeArguments;
        return args.Length switch
        {
            0 => 8,
            1 => UnitBytes(args[0], 0) + (type.Name == "HashSet" ? 12 : 0),
            _ => args.Sum(a => UnitBytes(a, 0)) + 16, // a dictionary's entry and bucket
        };
    }

    /// <summary>About how many bytes one element of this type takes in an array.</summary>
    private static int UnitBytes(ITypeSymbol t, int depth)
    {
        switch (t.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte: return 1;
            case SpecialType.System_Char or SpecialType.System_Int16 or SpecialType.System_UInt16: return 2;
            case SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single: return 4;
            case SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double or SpecialType.System_DateTime: return 8;
            case SpecialType.System_Decimal: return 16;
        }
        if (t.IsReferenceType || t is ITypeParameterSymbol || depth > 8) return 8;
        if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u }) return UnitBytes(u, depth + 1);
        if (t.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && t is INamedTypeSymbol n) return UnitBytes(n.TypeArguments[0], depth + 1) + 8;
        var fields = t.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic).Sum(f => UnitBytes(f.Type, depth + 1));
        return Math.Max(fields, 8);
    }

    public override SyntaxNode? VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        var v = (ArrayRankSpecifierSyntax)base.VisitArrayRankSpecifier(node)!;
        if (!InUserCode(node) || node.Parent is not ArrayTypeSyntax { Parent: ArrayCreationExpressionSyntax creation }) return v;
        var unit = _model.GetTypeInfo(creation).Type is IArrayTypeSymbol a ? UnitBytes(a.ElementType, 0) : 8;
        return v.WithSizes(SeparatedList(v.Sizes.Select(s => s is OmittedArraySizeExpressionSyntax ? s : Sized(s, unit))));
    }

    // ---- strings -----------------------------------------------------------------------------

    public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        if (InUserCode(node) && IsConcatenation(node) && !IsConcatenation(node.Parent as ExpressionSyntax, leftOf: node))
        {
            // a + b + c: one size-checked Concat of every operand, in order (C# evaluates them so).
            var operands = new List<ExpressionSyntax>();
            Flatten(node, operands);
            return InvocationExpression(ParseExpression($"{B}.Concat"),
                ArgumentList(SeparatedList(operands.Select(o => Argument((ExpressionSyntax)Visit(o)!))))).WithTriviaFrom(node);
        }
        var v = (BinaryExpressionSyntax)base.VisitBinaryExpression(node)!;
        if (InUserCode(node) && (node.IsKind(SyntaxKind.EqualsExpression) || node.IsKind(SyntaxKind.NotEqualsExpression)))
        {
            if (IsLongStringOperand(node.Left)) v = v.WithLeft(Wrap("Str", v.Left));
            if (IsLongStringOperand(node.Right)) v = v.WithRight(Wrap("Str", v.Right));
        }
        return v;
    }

    /// <summary>A string + that is not a constant (a constant's size is the rule's text).</summary>
    private bool IsConcatenation(ExpressionSyntax? e, SyntaxNode? leftOf = null) =>
        e is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression) && (leftOf is null || b.Left == leftOf)
        && IsString(b) && !IsConstant(b);

    private void Flatten(ExpressionSyntax e, List<ExpressionSyntax> into)
    {
        if (IsConcatenation(e))
        {
            var b = (BinaryExpressionSyntax)e;
            Flatten(b.Left, into);
            into.Add(b.Right);
        }
        else into.Add(e);
    }

    public override SyntaxNode? VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node)
    {
        var v = (InterpolatedStringExpressionSyntax)base.VisitInterpolatedStringExpression(node)!;
        if (!InUserCode(node) || IsConstant(node) || _model.GetTypeInfo(node).ConvertedType?.SpecialType != SpecialType.System_String) return v;
        return Wrap("Interpolated", v);
    }

    // ---- query clauses are lambdas too once lowered --------------------------------------------

    /// <summary>The visited clause with its expressions ticked, when the clause is the rule's own code.</summary>
    private T Clause<T>(SyntaxNode original, SyntaxNode? visited, Func<T, T> tick) where T : SyntaxNode =>
        InUserCode(original) ? tick((T)visited!) : (T)visited!;

    public override SyntaxNode? VisitWhereClause(WhereClauseSyntax node) =>
        Clause<WhereClauseSyntax>(node, base.VisitWhereClause(node), v => v.WithCondition(Ticked(v.Condition, node.Condition)));

    public override SyntaxNode? VisitSelectClause(SelectClauseSyntax node) =>
        Clause<SelectClauseSyntax>(node, base.VisitSelectClause(node), v => v.WithExpression(Ticked(v.Expression, node.Expression)));

    public override SyntaxNode? VisitLetClause(LetClauseSyntax node) =>
        Clause<LetClauseSyntax>(node, base.VisitLetClause(node), v => v.WithExpression(Ticked(v.Expression, node.Expression)));

    public override SyntaxNode? VisitFromClause(FromClauseSyntax node) =>
        Clause<FromClauseSyntax>(node, base.VisitFromClause(node), v => v.WithExpression(Ticked(v.Expression, node.Expression)));

    public override SyntaxNode? VisitOrdering(OrderingSyntax node) =>
        Clause<OrderingSyntax>(node, base.VisitOrdering(node), v => v.WithExpression(Ticked(v.Expression, node.Expression)));

    public override SyntaxNode? VisitGroupClause(GroupClauseSyntax node) =>
        Clause<GroupClauseSyntax>(node, base.VisitGroupClause(node),
            v => v.WithGroupExpression(Ticked(v.GroupExpression, node.GroupExpression)).WithByExpression(Ticked(v.ByExpression, node.ByExpression)));

    public override SyntaxNode? VisitJoinClause(JoinClauseSyntax node) =>
        Clause<JoinClauseSyntax>(node, base.VisitJoinClause(node),
            v => v.WithInExpression(Ticked(v.InExpression, node.InExpression)).WithLeftExpression(Ticked(v.LeftExpression, node.LeftExpression)).WithRightExpression(Ticked(v.RightExpression, node.RightExpression)));

    // Enumerable.Range / Repeat, called or used as a method group.
    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (InUserCode(node) && GeneratorName(node) is { } name)
            return ParseExpression($"{B}.{name}{(node.Name as GenericNameSyntax)?.TypeArgumentList.ToFullString()}").WithTriviaFrom(node);
        return base.VisitMemberAccessExpression(node);
    }

    private string? GeneratorName(MemberAccessExpressionSyntax node)
    {
        var info = _model.GetSymbolInfo(node);
        var m = (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
        if (m is null || m.ContainingType?.ToDisplayString() != "System.Linq.Enumerable") return null;
        return m.Name is "Range" or "Repeat" ? m.Name : null;
    }
}
