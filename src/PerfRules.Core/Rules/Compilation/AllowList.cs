using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// What a rule expression may reach. Checked on the bound tree: every symbol and type met in a
/// user expression must be in the model, RuleHelpers, System.Linq, System.Collections.Generic or
/// a short list of pure System types. Rule expressions are also pure: no assignment, no ++/--,
/// no statement blocks, no collection mutators.
/// </summary>
internal static class AllowList
{
    public readonly record struct Violation(int Position, string Message);

    private const string Allowed = "只能使用模型（PerfRules.Model）、RuleHelpers、System.Linq、System.Collections.Generic、Math、string、数值和日期等类型";

    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal)
    {
        "PerfRules.Model", "System.Linq", "System.Collections.Generic",
    };

    /// <summary>Namespaces that may be named on the way to an allowed one (System.Linq.Enumerable).</summary>
    private static readonly HashSet<string> PathNamespaces = new(StringComparer.Ordinal)
    {
        "System", "System.Collections", "PerfRules", "PerfRules.Rules", "PerfRules.Rules.Runtime",
    };

    private static readonly HashSet<string> SystemTypes = new(StringComparer.Ordinal)
    {
        "Object", "String", "Char", "Boolean", "Byte", "SByte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64",
        "Single", "Double", "Decimal", "Nullable`1", "Math", "MathF", "StringComparison", "StringComparer",
        "StringSplitOptions", "MidpointRounding", "TimeSpan", "DateTime", "DateOnly", "TimeOnly", "DayOfWeek",
        "Index", "Range", "Array", "IComparable", "IComparable`1", "IEquatable`1", "IFormattable",
        "Predicate`1", "Comparison`1", "Converter`2",
        "ValueTuple", "ValueTuple`1", "ValueTuple`2", "ValueTuple`3", "ValueTuple`4", "ValueTuple`5", "ValueTuple`6",
        "ValueTuple`7", "ValueTuple`8",
        "Func`1", "Func`2", "Func`3", "Func`4", "Func`5", "Func`6", "Func`7", "Func`8", "Func`9",
    };

    /// <summary>
    /// Members of allowed types that still leak the outside world or build model objects of a size
    /// the rule chooses (the runtime assumes model objects come from the document). The code table
    /// reads files and parses YAML in PerfRules.Yaml (CodeTableYaml), a namespace rules cannot name.
    /// </summary>
    private static readonly HashSet<string> DeniedMembers = new(StringComparer.Ordinal)
    {
        "System.Object.GetType", "System.DateTime.Now", "System.DateTime.UtcNow", "System.DateTime.Today",
        "PerfRules.Model.DepartmentDocs..ctor", "PerfRules.Model.DepartmentDocs.Group",
    };

    /// <summary>
    /// System.Linq.Enumerable: only the operators reviewed against the budget (generators are
    /// rewritten to bounded ones, every other operator's cost follows its input). A member a new
    /// framework adds (InfiniteSequence, Sequence, Shuffle in .NET 10) is denied until reviewed.
    /// </summary>
    private static readonly HashSet<string> EnumerableMembers = new(StringComparer.Ordinal)
    {
        "Aggregate", "AggregateBy", "All", "Any", "Append", "AsEnumerable", "Average", "Cast", "Chunk", "Concat", "Contains",
        "Count", "CountBy", "DefaultIfEmpty", "Distinct", "DistinctBy", "ElementAt", "ElementAtOrDefault", "Empty", "Except",
        "ExceptBy", "First", "FirstOrDefault", "GroupBy", "GroupJoin", "Index", "Intersect", "IntersectBy", "Join", "Last",
        "LastOrDefault", "LeftJoin", "LongCount", "Max", "MaxBy", "Min", "MinBy", "OfType", "Order", "OrderBy",
        "OrderByDescending", "OrderDescending", "Prepend", "Range", "Repeat", "Reverse", "RightJoin", "Select", "SelectMany",
        "SequenceEqual", "Single", "SingleOrDefault", "Skip", "SkipLast", "SkipWhile", "Sum", "Take", "TakeLast", "TakeWhile",
        "ThenBy", "ThenByDescending", "ToArray", "ToDictionary", "ToHashSet", "ToList", "ToLookup", "TryGetNonEnumeratedCount",
        "Union", "UnionBy", "Where", "Zip",
    };

    /// <summary>
    /// System.String: the reviewed members. Those that build long strings (Concat, Join, Format,
    /// Replace, Insert, PadLeft/PadRight, the constructor) are rewritten to size-checked forms.
    /// </summary>
    private static readonly HashSet<string> StringMembers = new(StringComparer.Ordinal)
    {
        ".ctor", "this[]", "Chars", "Length", "Empty", "op_Equality", "op_Inequality", "op_Addition",
        "Compare", "CompareOrdinal", "CompareTo", "Concat", "Contains", "EndsWith", "Equals", "Format", "IndexOf", "IndexOfAny",
        "Insert", "IsNullOrEmpty", "IsNullOrWhiteSpace", "Join", "LastIndexOf", "LastIndexOfAny", "PadLeft", "PadRight", "Remove",
        "Replace", "Split", "StartsWith", "Substring", "ToCharArray", "ToLower", "ToLowerInvariant", "ToString", "ToUpper",
        "ToUpperInvariant", "Trim", "TrimEnd", "TrimStart",
    };

    /// <summary>Collection methods that change the collection (rules must not change the submission).</summary>
    private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "Clear", "Insert", "InsertRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange",
        "RemoveWhere", "Reverse", "Sort", "TryAdd", "Push", "Pop", "TryPop", "Enqueue", "Dequeue", "TryDequeue",
        "ForEach", "EnsureCapacity", "TrimExcess", "CopyTo", "UnionWith", "IntersectWith", "ExceptWith",
        "SymmetricExceptWith", "AddFirst", "AddLast", "AddBefore", "AddAfter", "RemoveFirst", "RemoveLast",
        "SetValue", "Fill", "Resize",
    };

    /// <summary>The first thing in the expression that is not allowed, or null.</summary>
    public static Violation? FirstViolation(SemanticModel model, SyntaxNode root, ExprSegment seg)
    {
        var span = new Microsoft.CodeAnalysis.Text.TextSpan(seg.Start, seg.Length);
        var nodes = root.DescendantNodes(span).Where(n => span.Contains(n.Span)).ToList();

        // Forbidden syntax first: it says more than the types it produces.
        foreach (var node in nodes)
            if ((SyntaxViolation(node) ?? UncheckableCall(model, node)) is { } message) return new Violation(node.SpanStart, message);

        // Then symbols and types. The leftmost, innermost offender names the culprit best
        // (project.GetType, not the MemberInfo.Name read from its result).
        Violation? best = null;
        var bestKey = (Start: int.MaxValue, Length: int.MaxValue);
        foreach (var node in nodes)
        {
            var key = (Start: node.SpanStart, Length: node.Span.Length);
            if (key.Start > bestKey.Start || (key.Start == bestKey.Start && key.Length >= bestKey.Length)) continue;
            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            var found = symbol is null ? null : SymbolViolation(symbol);
            if (found is null && node is ExpressionSyntax expr)
            {
                var type = model.GetTypeInfo(expr);
                found = TypeViolation(type.Type) ?? TypeViolation(type.ConvertedType);
            }
            if (found is null) continue;
            best = new Violation(node.SpanStart, found);
            bestKey = key;
        }
        return best;
    }

    private static string? SyntaxViolation(SyntaxNode node) => node switch
    {
        AssignmentExpressionSyntax => "表达式中不能赋值（规则不能修改数据）",
        PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.PreIncrementExpression) || p.IsKind(SyntaxKind.PreDecrementExpression)
            => "表达式中不能使用 ++ 或 --（规则不能修改数据）",
        PostfixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.PostIncrementExpression) || p.IsKind(SyntaxKind.PostDecrementExpression)
            => "表达式中不能使用 ++ 或 --（规则不能修改数据）",
        TypeOfExpressionSyntax => "不允许使用 typeof（反射）",
        SizeOfExpressionSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or StackAllocArrayCreationExpressionSyntax
            or ImplicitStackAllocArrayCreationExpressionSyntax => "不允许使用指针、sizeof 或 stackalloc（不安全代码）",
        PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.AddressOfExpression) || p.IsKind(SyntaxKind.PointerIndirectionExpression)
            => "不允许使用指针（不安全代码）",
        MemberAccessExpressionSyntax m when m.IsKind(SyntaxKind.PointerMemberAccessExpression) => "不允许使用指针（不安全代码）",
        MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax or RefExpressionSyntax
            => "不允许使用 __makeref、__reftype、__refvalue 或 ref",
        ExpressionSyntax e when e.IsKind(SyntaxKind.ArgListExpression) => "不允许使用 __arglist",
        AnonymousMethodExpressionSyntax or BlockSyntax => "表达式中不能有语句块（lambda 只能写成 x => 表达式）",
        AwaitExpressionSyntax => "表达式中不能使用 await",
        AttributeListSyntax => "表达式中不能有特性（[…]）",
        ArrayRankSpecifierSyntax r when r.Rank > 1 => "不允许使用多维数组（请用数组的数组）",
        SpreadElementSyntax => "集合表达式中不允许使用 ..（展开）",
        _ => null,
    };

    /// <summary>
    /// Replace and Insert on a string are rewritten to forms that check the result's size from
    /// the receiver; after ?. the receiver cannot be reached, so that form is refused.
    /// </summary>
    private static string? UncheckableCall(SemanticModel model, SyntaxNode node)
    {
        if (node is not MemberBindingExpressionSyntax binding) return null;
        if (model.GetSymbolInfo(binding).Symbol is not IMethodSymbol { ContainingType.SpecialType: SpecialType.System_String } m) return null;
        return m.Name is "Replace" or "Insert" && m.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String)
            ? $"不能对字符串的 {m.Name} 使用 ?.（无法预先检查结果的大小），请先判断是否为 null"
            : null;
    }

    private static string? SymbolViolation(ISymbol symbol)
    {
        switch (symbol)
        {
            case INamespaceSymbol ns:
                var name = ns.ToDisplayString();
                return ns.IsGlobalNamespace || Namespaces.Contains(name) || PathNamespaces.Contains(name) ? null : Forbidden(name);
            case IAliasSymbol alias:
                return alias.Name == "global" ? null : Forbidden(alias.Name);
            case ITypeSymbol t:
                return TypeViolation(t);
            case IMethodSymbol m when m.MethodKind is MethodKind.AnonymousFunction or MethodKind.LambdaMethod:
                return m.Parameters.Select(p => TypeViolation(p.Type)).FirstOrDefault(v => v is not null) ?? TypeViolation(m.ReturnType);
            case IMethodSymbol m:
                return MemberViolation(m)
                    ?? m.TypeArguments.Select(TypeViolation).FirstOrDefault(v => v is not null)
                    ?? TypeViolation(m.ReturnType);
            case IPropertySymbol p:
                return MemberViolation(p) ?? TypeViolation(p.Type);
            case IFieldSymbol f:
                return MemberViolation(f) ?? TypeViolation(f.Type);
            case ILocalSymbol l:
                return TypeViolation(l.Type);
            case IParameterSymbol p:
                return TypeViolation(p.Type);
            case IRangeVariableSymbol:
                return null;
            case IDiscardSymbol d:
                return TypeViolation(d.Type);
            default:
                return Forbidden(symbol.ToDisplayString());
        }
    }

    private static string? MemberViolation(ISymbol member)
    {
        var type = member.ContainingType;
        if (type is null) return Forbidden(member.ToDisplayString());
        var full = NamespaceOf(type) + "." + type.OriginalDefinition.MetadataName;
        if (DeniedMembers.Contains(full + "." + member.Name)) return Forbidden(member.ToDisplayString());
        if (full == "System.Linq.Enumerable" && !EnumerableMembers.Contains(member.Name))
            return $"规则中不允许使用“{member.ToDisplayString()}”（System.Linq 中只能使用已审查的运算符，新的框架 API 在审查前一律不允许）";
        if (type.SpecialType == SpecialType.System_String && !StringMembers.Contains(member.Name))
            return $"规则中不允许使用“{member.ToDisplayString()}”（string 只能使用已审查的成员）";
        if (member is IMethodSymbol && Mutators.Contains(member.Name)
            && (NamespaceOf(type) == "System.Collections.Generic" || type.SpecialType == SpecialType.System_Array))
            return $"不允许调用会修改集合的方法“{member.ToDisplayString()}”（规则不能修改数据）";
        return TypeViolation(type);
    }

    private static string? TypeViolation(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return null;
            case { TypeKind: TypeKind.Error } or { SpecialType: SpecialType.System_Void }:
                return null;
            case { TypeKind: TypeKind.Dynamic }:
                return "不允许使用 dynamic";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "不允许使用指针（不安全代码）";
            case IArrayTypeSymbol a:
                return TypeViolation(a.ElementType);
            case ITypeParameterSymbol:
                return null;
            case INamedTypeSymbol n:
                if (n.IsAnonymousType) return null;
                var outer = n.OriginalDefinition;
                while (outer.ContainingType is not null) outer = outer.ContainingType;
                var ns = NamespaceOf(outer);
                var ok = Namespaces.Contains(ns)
                    || (ns == "System" && SystemTypes.Contains(outer.MetadataName))
                    || (ns == "PerfRules.Rules.Runtime" && outer.MetadataName == "RuleHelpers")
                    || (ns == "PerfRules.Rules" && outer.MetadataName == "RuleParams");
                if (!ok) return Forbidden(n.ToDisplayString());
                return n.TypeArguments.Select(TypeViolation).FirstOrDefault(v => v is not null);
            default:
                return Forbidden(type.ToDisplayString());
        }
    }

    private static string NamespaceOf(ITypeSymbol t) =>
        t.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    private static string Forbidden(string what) => $"规则中不允许使用“{what}”（{Allowed}）";
}
