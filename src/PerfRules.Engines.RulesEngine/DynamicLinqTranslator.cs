using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfRules.Engines.RulesEngine;

/// <summary>A construct Dynamic LINQ cannot run: where (offset in the expression) and why, in Chinese.</summary>
internal sealed class UntranslatableException(int offset, string reason) : Exception(reason)
{
    public int Offset { get; } = offset;
}

/// <summary>
/// Turns a bound C# rule expression into the Dynamic LINQ text RulesEngine runs. What the note on
/// engines calls mechanical is done here: the null-forgiving <c>!</c> dropped, helpers qualified
/// (<c>RuleHelpers.Near</c>), omitted optional arguments written out, <c>?.</c> as <c>np(…)</c>, casts as
/// <c>decimal?(x)</c>, anonymous objects as <c>new (x as A)</c>. The run-time budget goes in as in the
/// compiled engine: every lambda body ticks (<see cref="DynamicGuard.Pass{T}"/>), Enumerable.Range
/// and Repeat become RunGuard's bounded, ticking ones (through DynamicGuard), string building goes to RunGuard's
/// size-checked forms. Anything not listed here is refused (<see cref="UntranslatableException"/>):
/// a whitelist, like the allow-list, not a blacklist.
/// </summary>
internal sealed class DynamicLinqTranslator
{
    private const string Guard = "RunGuard";
    private readonly SemanticModel _model;
    private readonly int _origin;

    private DynamicLinqTranslator(SemanticModel model, int origin) { _model = model; _origin = origin; }

    public static string Translate(BoundExpr e) => new DynamicLinqTranslator(e.Model, e.Syntax.SpanStart).T(e.Syntax);

    private UntranslatableException No(SyntaxNode n, string what) => new(n.SpanStart - _origin, $"RulesEngine（Dynamic LINQ）不支持{what}");

    private string T(ExpressionSyntax e)
    {
        switch (e)
        {
            case ParenthesizedExpressionSyntax p:
                return "(" + T(p.Expression) + ")";
            case LiteralExpressionSyntax lit:
                return Literal(lit);
            case IdentifierNameSyntax id:
                return Identifier(id);
            case PredefinedTypeSyntax pt:
                return pt.Keyword.Text;
            case MemberAccessExpressionSyntax ma when HiddenEnumConstant(ma) is { } name:
                // Inside a lambda Dynamic LINQ reads a bare name as a member of the parameter first
                // (TargetValue.Comparator hides the enum Comparator): compare with the member's name instead.
                if (ma.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression })
                    return Quote(name);
                throw No(ma, $"在 lambda 中使用与参数成员同名的枚举“{ma}”，请改用 == 比较或放到 lambda 外的 let 中");
            case MemberAccessExpressionSyntax ma when ma.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                if (ma.Name is GenericNameSyntax) throw No(ma.Name, "泛型成员（<…>）");
                return Receiver(ma.Expression) + "." + ma.Name.Identifier.ValueText;
            case InvocationExpressionSyntax inv:
                return Invocation(inv);
            case PostfixUnaryExpressionSyntax post when post.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                return T(post.Operand);
            case PrefixUnaryExpressionSyntax pre when pre.Kind() is SyntaxKind.LogicalNotExpression or SyntaxKind.UnaryMinusExpression or SyntaxKind.UnaryPlusExpression:
                return pre.OperatorToken.Text + "(" + T(pre.Operand) + ")";
            case BinaryExpressionSyntax bin:
                return Binary(bin);
            case ConditionalExpressionSyntax c:
                return "(" + T(c.Condition) + " ? " + T(c.WhenTrue) + " : " + T(c.WhenFalse) + ")";
            case ConditionalAccessExpressionSyntax ca:
                return "np(" + ConditionalAccess(ca, T(ca.Expression)) + ")";
            case CastExpressionSyntax cast when _model.GetTypeInfo(cast.Type).Type is { IsReferenceType: true } to
                                                && SymbolEqualityComparer.Default.Equals(to, _model.GetTypeInfo(cast.Expression).Type):
                return T(cast.Expression); // (string?)s: nullability only
            case CastExpressionSyntax cast:
                return TypeName(cast.Type) + "(" + T(cast.Expression) + ")";
            case SimpleLambdaExpressionSyntax l:
                return Lambda(l.Parameter.Identifier.ValueText, l.Body, l);
            case ParenthesizedLambdaExpressionSyntax pl when pl.ParameterList.Parameters.Count == 1 && pl.ParameterList.Parameters[0].Type is null:
                return Lambda(pl.ParameterList.Parameters[0].Identifier.ValueText, pl.Body, pl);
            case ParenthesizedLambdaExpressionSyntax pl:
                throw No(pl, "多参数或带类型的 lambda（如 Aggregate((a, b) => …)）");
            case ImplicitArrayCreationExpressionSyntax arr:
                return "new[] { " + string.Join(", ", arr.Initializer.Expressions.Select(T)) + " }";
            case ArrayCreationExpressionSyntax arr when arr.Initializer is { } init && arr.Type.RankSpecifiers.All(r => r.Sizes.All(s => s is OmittedArraySizeExpressionSyntax)):
                return "new[] { " + string.Join(", ", init.Expressions.Select(T)) + " }";
            case AnonymousObjectCreationExpressionSyntax anon:
                return "new (" + string.Join(", ", anon.Initializers.Select(Member)) + ")";
            case ElementAccessExpressionSyntax ea when ea.ArgumentList.Arguments.Count == 1 && ea.ArgumentList.Arguments[0].Expression is not (PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } or RangeExpressionSyntax):
                return T(ea.Expression) + "[" + T(ea.ArgumentList.Arguments[0].Expression) + "]";
            case InterpolatedStringExpressionSyntax:
                throw No(e, "字符串内插（$\"…\"），请改用 + 连接");
            case IsPatternExpressionSyntax:
                throw No(e, "is 模式，请改用 == 比较");
            case SwitchExpressionSyntax:
                throw No(e, "switch 表达式，请改用 ?: 或辅助函数");
            case QueryExpressionSyntax:
                throw No(e, "查询语法（from … select），请改用 Where/Select 方法");
            case TupleExpressionSyntax:
                throw No(e, "元组，请改用辅助函数或匿名对象");
            case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax:
                throw No(e, "new 创建对象或集合初始化（new List<T> { … }），请改用 new[] { … } 或辅助函数");
            default:
                throw No(e, $"这种表达式（{e.Kind()}）");
        }
    }

    /// <summary>The member name of an enum constant whose type name a lambda parameter's member hides; else null.</summary>
    private string? HiddenEnumConstant(MemberAccessExpressionSyntax ma)
    {
        if (_model.GetSymbolInfo(ma).Symbol is not IFieldSymbol { ContainingType.TypeKind: TypeKind.Enum } field) return null;
        var typeName = field.ContainingType.Name;
        foreach (var lambda in ma.Ancestors().OfType<LambdaExpressionSyntax>())
        {
            var ps = lambda is SimpleLambdaExpressionSyntax sl ? new[] { sl.Parameter } : ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters.ToArray();
            foreach (var p in ps)
                if (_model.GetDeclaredSymbol(p) is IParameterSymbol { Type: var t } && t.GetMembers(typeName).Length > 0) return field.Name;
        }
        return null;
    }

    private string Member(AnonymousObjectMemberDeclaratorSyntax m)
    {
        var value = T(m.Expression);
        var name = m.NameEquals?.Name.Identifier.ValueText
            ?? (m.Expression as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText
            ?? (m.Expression as IdentifierNameSyntax)?.Identifier.ValueText
            ?? throw No(m, "没有名字的匿名对象成员");
        return value + " as " + name;
    }

    private string Lambda(string parameter, CSharpSyntaxNode body, SyntaxNode lambda)
    {
        if (body is not ExpressionSyntax b) throw No(lambda, "语句 lambda");
        // Every body ticks: the time and allocation budget is checked at each element, as in the compiled engine.
        return parameter + " => DynamicGuard.Pass(" + T(b) + ")";
    }

    /// <summary>The receiver of a member: a type by its Dynamic LINQ name, else the value.</summary>
    private string Receiver(ExpressionSyntax e)
    {
        if (_model.GetSymbolInfo(e).Symbol is INamedTypeSymbol type) return TypeName(type, e);
        return T(e);
    }

    private string Identifier(IdentifierNameSyntax id)
    {
        var symbol = _model.GetSymbolInfo(id).Symbol;
        switch (symbol)
        {
            case INamedTypeSymbol type:
                return TypeName(type, id);
            case IFieldSymbol or IPropertySymbol or IMethodSymbol when symbol.IsStatic && IsHelpers(symbol.ContainingType):
                return "RuleHelpers." + id.Identifier.ValueText;
            case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol:
                return id.Identifier.ValueText;
            case IFieldSymbol or IPropertySymbol when !symbol.IsStatic:
                return id.Identifier.ValueText;
            default:
                throw No(id, $"名字“{id.Identifier.ValueText}”");
        }
    }

    private static bool IsHelpers(INamedTypeSymbol? t) => t?.ToDisplayString() == "PerfRules.Rules.Runtime.RuleHelpers";

    private string TypeName(INamedTypeSymbol type, SyntaxNode at)
    {
        if (type.SpecialType != SpecialType.None && type.SpecialType != SpecialType.System_Nullable_T)
            return type.ToDisplayString(); // string, decimal, int, …
        if (type.IsGenericType) throw No(at, $"泛型类型“{type.ToDisplayString()}”");
        var ns = type.ContainingNamespace?.ToDisplayString();
        if (ns is "PerfRules.Model" or "PerfRules.Rules.Runtime" or "PerfRules.Rules" || type.ToDisplayString() is "System.Math" or "System.StringComparison")
            return type.Name;
        throw No(at, $"类型“{type.ToDisplayString()}”");
    }

    private string TypeName(TypeSyntax t)
    {
        var type = _model.GetTypeInfo(t).Type ?? throw No(t, "这种类型转换");
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
            return TypeName((INamedTypeSymbol)n.TypeArguments[0], t) + "?";
        if (t is NullableTypeSyntax nt) return TypeName(nt.ElementType) + "?";
        return type is INamedTypeSymbol named ? TypeName(named, t) : throw No(t, $"类型“{type.ToDisplayString()}”");
    }

    private string Literal(LiteralExpressionSyntax lit)
    {
        switch (lit.Kind())
        {
            case SyntaxKind.StringLiteralExpression:
                return Quote(lit.Token.ValueText);
            case SyntaxKind.CharacterLiteralExpression when lit.Token.Value is char c && c >= ' ' && c <= '~' && c is not ('\'' or '\\'):
                return "'" + c + "'";
            case SyntaxKind.NumericLiteralExpression:
                return lit.Token.Value switch
                {
                    int i => i.ToString(CultureInfo.InvariantCulture),
                    long l => l.ToString(CultureInfo.InvariantCulture) + "L",
                    decimal d => d.ToString(CultureInfo.InvariantCulture) + "m",
                    double x => x.ToString("R", CultureInfo.InvariantCulture) + (x == Math.Floor(x) && !double.IsInfinity(x) ? ".0" : ""),
                    _ => throw No(lit, $"这种数字字面量（{lit.Token.Text}）"),
                };
            case SyntaxKind.TrueLiteralExpression: return "true";
            case SyntaxKind.FalseLiteralExpression: return "false";
            case SyntaxKind.NullLiteralExpression: return "null";
            default: throw No(lit, $"字面量 {lit.Token.Text}");
        }
    }

    /// <summary>A Dynamic LINQ string literal: quotes, backslashes and controls escaped; everything else as itself.</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085') sb.Append("\\u").Append(((int)c).ToString("X4"));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private string Binary(BinaryExpressionSyntax bin)
    {
        var op = bin.OperatorToken.Text;
        if (bin.Kind() is SyntaxKind.IsExpression or SyntaxKind.AsExpression) throw No(bin, $"{op} 运算");
        if (bin.IsKind(SyntaxKind.AddExpression) && _model.GetTypeInfo(bin).Type?.SpecialType == SpecialType.System_String)
            // String + string: its length is checked before it is built (RunGuard.Concat), as in the compiled engine.
            return "DynamicGuard.Concat(" + StringOperand(bin.Left) + ", " + StringOperand(bin.Right) + ")";
        if (bin.Kind() is SyntaxKind.LeftShiftExpression or SyntaxKind.RightShiftExpression or SyntaxKind.UnsignedRightShiftExpression or SyntaxKind.ExclusiveOrExpression)
            throw No(bin, $"运算符 {op}");
        return "(" + T(bin.Left) + " " + op + " " + T(bin.Right) + ")";
    }

    private string StringOperand(ExpressionSyntax e)
    {
        var type = _model.GetTypeInfo(e).Type;
        return type?.SpecialType == SpecialType.System_String ? T(e) : "DynamicGuard.Text(" + T(e) + ")";
    }

    /// <summary>The part after <c>?.</c>, with <paramref name="receiver"/> in place of the member binding.</summary>
    private string ConditionalAccess(ConditionalAccessExpressionSyntax ca, string receiver) => WhenNotNull(ca.WhenNotNull, receiver);

    private string WhenNotNull(ExpressionSyntax e, string receiver) => e switch
    {
        MemberBindingExpressionSyntax mb => receiver + "." + mb.Name.Identifier.ValueText,
        MemberAccessExpressionSyntax ma => WhenNotNull(ma.Expression, receiver) + "." + ma.Name.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax or MemberAccessExpressionSyntax } inv =>
            WhenNotNull(inv.Expression, receiver) + "(" + Arguments(inv) + ")",
        PostfixUnaryExpressionSyntax post when post.IsKind(SyntaxKind.SuppressNullableWarningExpression) => WhenNotNull(post.Operand, receiver),
        _ => throw No(e, "这种 ?. 用法"),
    };

    private string Invocation(InvocationExpressionSyntax inv)
    {
        if (_model.GetSymbolInfo(inv).Symbol is not IMethodSymbol method) throw No(inv, "这个调用");
        if (method.IsGenericMethod && inv.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax } or GenericNameSyntax)
            throw No(inv, "显式写出类型参数的泛型调用（<…>）");
        var name = method.Name;
        var definition = method.ReducedFrom ?? method;
        var container = definition.ContainingType?.ToDisplayString();

        // Sequences the rule builds: bounded and ticking, as the compiled engine's.
        if (container == "System.Linq.Enumerable" && method.ReducedFrom is null && name is "Range" or "Repeat")
            return "DynamicGuard." + name + "(" + Arguments(inv) + ")";
        var isString = definition.ContainingType?.SpecialType == SpecialType.System_String;
        if (isString && method.IsStatic && name is "Join" or "Concat") return JoinOrConcat(inv, method);
        if (isString && method.IsStatic && name == "Format") throw No(inv, "string.Format，请改用 + 连接");

        if (method.ReducedFrom is not null)
        {
            // An extension method: System.Linq's are Dynamic LINQ's own; any other is called in its static form.
            var receiver = T(((MemberAccessExpressionSyntax)inv.Expression).Expression);
            if (container == "System.Linq.Enumerable") return receiver + "." + name + "(" + Arguments(inv) + ")";
            var args = Arguments(inv);
            return TypeName(definition.ContainingType!, inv) + "." + name + "(" + receiver + (args.Length > 0 ? ", " + args : "") + ")";
        }
        if (method.IsStatic)
        {
            var type = TypeName(method.ContainingType, inv);
            return type + "." + name + "(" + Arguments(inv) + ")";
        }
        if (inv.Expression is not MemberAccessExpressionSyntax member) throw No(inv, "这个调用");
        var target = T(member.Expression);
        if (isString && name is "Replace" or "Insert")
            return Guard + "." + name + "(" + target + ", " + Arguments(inv) + ")";
        if (isString && name is "PadLeft" or "PadRight")
        {
            // The width passes through RunGuard.Size (two bytes a character) before the string is made.
            var args = inv.ArgumentList.Arguments;
            var rest = args.Count > 1 ? ", " + T(args[1].Expression) : "";
            return target + "." + name + "(" + Guard + ".Size(" + T(args[0].Expression) + ", 2)" + rest + ")";
        }
        return target + "." + name + "(" + Arguments(inv) + ")";
    }

    /// <summary>
    /// string.Join and string.Concat as one size-checked call on a sequence of strings (Dynamic LINQ
    /// finds string.Join's overloads ambiguous): items that are not strings become text as C# does.
    /// </summary>
    private string JoinOrConcat(InvocationExpressionSyntax inv, IMethodSymbol method)
    {
        var args = inv.ArgumentList.Arguments.Select(a => a.Expression).ToList();
        if (args.Any(a => a.Parent is ArgumentSyntax { NameColon: not null })) throw No(inv, $"string.{method.Name} 的命名参数");
        string separator = "";
        if (method.Name == "Join")
        {
            if (method.Parameters[0].Type.SpecialType != SpecialType.System_String) throw No(inv, "以字符作分隔符的 string.Join，请改用字符串");
            separator = T(args[0]);
            args.RemoveAt(0);
            if (method.Parameters.Length == 4) throw No(inv, "指定起止位置的 string.Join");
        }
        string items;
        var expanded = method.Parameters[^1].IsParams && !(args.Count == 1 && _model.GetTypeInfo(args[0]).Type is IArrayTypeSymbol);
        if (expanded || args.Count != 1)
            items = "new[] { " + string.Join(", ", args.Select(StringOperand)) + " }";
        else
        {
            var type = _model.GetTypeInfo(args[0]).Type;
            var element = type is IArrayTypeSymbol arr ? arr.ElementType
                : (type as INamedTypeSymbol)?.AllInterfaces.Append((INamedTypeSymbol)type!)
                    .FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)?.TypeArguments[0];
            items = element?.SpecialType == SpecialType.System_String ? T(args[0]) : T(args[0]) + ".Select(__item => DynamicGuard.Text(__item))";
        }
        return method.Name == "Join" ? "DynamicGuard.Join(" + separator + ", " + items + ")" : "DynamicGuard.Join(\"\", " + items + ")";
    }

    /// <summary>The arguments in parameter order, omitted optional ones written out (Dynamic LINQ has no optional parameters).</summary>
    private string Arguments(InvocationExpressionSyntax inv)
    {
        var method = _model.GetSymbolInfo(inv).Symbol as IMethodSymbol ?? throw No(inv, "这个调用");
        var ps = method.Parameters;
        var given = new string?[ps.Length];
        var extra = new List<string>();
        var position = 0;
        foreach (var a in inv.ArgumentList.Arguments)
        {
            if (!a.RefKindKeyword.IsKind(SyntaxKind.None)) throw No(a, "ref/out 参数");
            var text = T(a.Expression);
            if (a.NameColon is { } nc)
            {
                var k = ps.IndexOf(ps.FirstOrDefault(p => p.Name == nc.Name.Identifier.ValueText)!);
                if (k < 0) throw No(a, "这个命名参数");
                given[k] = text;
                continue;
            }
            if (position < ps.Length && !(ps[position].IsParams && position == ps.Length - 1)) given[position++] = text;
            else extra.Add(text); // a params array's items
        }
        var parts = new List<string>();
        for (var k = 0; k < ps.Length; k++)
        {
            if (given[k] is { } g) { parts.Add(g); continue; }
            if (ps[k].IsParams && k == ps.Length - 1) break;
            if (!ps[k].HasExplicitDefaultValue) throw No(inv, $"省略参数 {ps[k].Name}");
            parts.Add(Constant(ps[k].ExplicitDefaultValue, ps[k].Type, inv));
        }
        parts.AddRange(extra);
        return string.Join(", ", parts);
    }

    private string Constant(object? value, ITypeSymbol type, SyntaxNode at) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i when type.TypeKind == TypeKind.Enum => TypeName((INamedTypeSymbol)type, at) + "(" + i.ToString(CultureInfo.InvariantCulture) + ")",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        decimal d => d.ToString(CultureInfo.InvariantCulture) + "m",
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        _ => throw No(at, $"默认参数值 {value}"),
    };
}
