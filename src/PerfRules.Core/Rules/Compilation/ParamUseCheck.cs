using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Rule parameters are typed at load: every <c>param.Number("x")</c>, <c>param.Text("x")</c> and
/// <c>param.List("x")</c> in a rule's expressions must name, as a string constant, a parameter
/// that the rule declares with that type. So a misspelt name or a list read as a number is a load
/// error at its file, line and column, and a lookup cannot fail while a document is checked.
/// </summary>
internal static class ParamUseCheck
{
    private const string TypeName = "PerfRules.Rules.RuleParams";

    private static readonly Dictionary<string, ParamKind> Accessors = new(StringComparer.Ordinal)
    {
        ["Number"] = ParamKind.Number, ["Text"] = ParamKind.Text, ["List"] = ParamKind.List,
    };

    /// <summary>The problems of one expression: (position in the generated source, message).</summary>
    public static IEnumerable<(int Position, string Message)> Problems(SemanticModel model, SyntaxNode root, ExprSegment seg, Rule rule)
    {
        var span = new Microsoft.CodeAnalysis.Text.TextSpan(seg.Start, seg.Length);
        foreach (var node in root.DescendantNodes(span).Where(n => span.Contains(n.Span)))
        {
            if (node is not (IdentifierNameSyntax or MemberAccessExpressionSyntax)) continue;
            var info = model.GetSymbolInfo(node);
            if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not IMethodSymbol m || m.ContainingType?.ToDisplayString() != TypeName
                || !Accessors.TryGetValue(m.Name, out var kind)) continue;
            // Report once per use: at the member access, not again at its name.
            if (node is IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax ma } && ma.Name == node) continue;
            if (node.Parent is not InvocationExpressionSyntax inv || inv.Expression != node)
            {
                yield return (node.SpanStart, $"param.{m.Name} 只能直接调用：param.{m.Name}(\"参数名\")");
                continue;
            }
            var arg = inv.ArgumentList.Arguments.FirstOrDefault();
            if (arg is null || model.GetConstantValue(arg.Expression) is not { HasValue: true, Value: string name })
            {
                yield return (inv.SpanStart, $"param.{m.Name} 的参数名应是字符串常量，例如 param.{m.Name}(\"floor\")");
                continue;
            }
            if (!rule.Params.TryGetValue(name, out var declared))
            {
                var known = rule.Params.Count == 0 ? $"规则 {rule.Id} 没有声明 params" : $"已声明：{string.Join("、", rule.Params.Keys)}";
                yield return (arg.SpanStart, $"规则 {rule.Id} 没有参数“{name}”（{known}）");
            }
            else if (declared.Kind != kind)
                yield return (arg.SpanStart, $"参数“{name}”是{RuleParam.KindText(declared.Kind)}，应使用 param.{Accessor(declared.Kind)}(\"{name}\")，而不是 param.{m.Name}");
        }
    }

    private static string Accessor(ParamKind kind) => Accessors.First(a => a.Value == kind).Key;
}
