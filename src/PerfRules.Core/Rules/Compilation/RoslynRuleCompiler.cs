using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PerfRules.Model;

namespace PerfRules.Rules.Compilation;

/// <summary>
/// Compiles a rule set with Roslyn into one in-memory assembly. Only reached on a cache miss:
/// every Roslyn type of the engine lives in this class and <see cref="AllowList"/>.
/// </summary>
internal static class RoslynRuleCompiler
{
    private static readonly string[] ReferenceNames = { "System.Private.CoreLib", "System.Runtime", "System.Linq", "System.Collections" };

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    public static byte[] Compile(RuleSet set, string assemblyName)
    {
        var (compilation, guarded, generated) = Prepare(set, assemblyName);
        using var ms = new MemoryStream();
        var result = compilation.Emit(ms);
        if (!result.Success)
        {
            var first = result.Diagnostics.FirstOrDefault(x => x.Severity == DiagnosticSeverity.Error);
            // Positions in the guarded tree no longer match the segments: name the rule by its class.
            var ruleIndex = RuleIndexAt(guarded, first?.Location.SourceSpan.Start ?? 0);
            var r = ruleIndex is { } k && k < set.Rules.Count ? set.Rules[k] : null;
            throw new RuleLoadException(new[]
            {
                r is null
                    ? MapError(set, generated, 0, "规则集无法编译：" + first?.GetMessage(Chinese))
                    : new RuleLoadError(r.File, r.Line, r.Column, $"规则 {r.Id} 无法加入运行预算检查后编译：{first?.GetMessage(Chinese)}"),
            });
        }
        return ms.ToArray();
    }

    /// <summary>The generated rule-set source with the budget woven in, as it is compiled (for tests).</summary>
    internal static string GuardedSource(RuleSet set) => Prepare(set, "guarded").Guarded.ToString();

    /// <summary>Generates, checks (errors, allow-list) and guards the source of a rule set.</summary>
    private static (CSharpCompilation Compilation, SyntaxTree Guarded, GeneratedSource Generated) Prepare(RuleSet set, string assemblyName)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var errors = new List<RuleLoadError>();

        // Each expression must be one expression and nothing else, before it is placed in code.
        foreach (var expr in AllExpressions(set))
            CheckStandalone(expr, parseOptions, errors);
        if (errors.Count > 0) throw new RuleLoadException(errors.Distinct().ToList());

        var generated = RuleSourceGenerator.Generate(set);
        var tree = CSharpSyntaxTree.ParseText(generated.Text, parseOptions, path: $"{set.Name}.rules.g.cs");
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { tree },
            References(),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: false,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: false,
                deterministic: true));

        var failed = new HashSet<ExprSegment>();
        foreach (var d in compilation.GetDiagnostics())
        {
            if (d.Severity != DiagnosticSeverity.Error) continue;
            var pos = d.Location.SourceSpan.Start;
            var seg = SegmentAt(generated, pos);
            if (seg is not null) failed.Add(seg);
            errors.Add(MapError(set, generated, pos, $"表达式有错误 {d.Id}：{d.GetMessage(Chinese)}"));
        }

        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        foreach (var seg in generated.Segments)
        {
            if (failed.Contains(seg)) continue;
            if (AllowList.FirstViolation(model, root, seg) is { } v)
            {
                var (line, col) = seg.Expr.PositionAt(v.Position - seg.Start);
                errors.Add(new RuleLoadError(seg.Expr.File, line, col, v.Message));
            }
        }
        if (errors.Count > 0) throw new RuleLoadException(errors.Distinct().ToList());

        // The allowed code, with the run-time budget woven in (see BudgetRewriter).
        var guarded = tree.WithRootAndOptions(BudgetRewriter.Rewrite(model, root, generated.Segments), parseOptions);
        compilation = compilation.ReplaceSyntaxTree(tree, guarded);
        return (compilation, guarded, generated);
    }

    private static int? RuleIndexAt(SyntaxTree tree, int pos)
    {
        var cls = tree.GetRoot().FindToken(pos).Parent?.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault();
        return cls is not null && cls.Identifier.ValueText.StartsWith("Rule_", StringComparison.Ordinal)
            && int.TryParse(cls.Identifier.ValueText.AsSpan(5), out var i) ? i : null;
    }

    private static IEnumerable<Expr> AllExpressions(RuleSet set)
    {
        foreach (var r in set.Rules)
        {
            if (r.When is not null) yield return r.When;
            foreach (var l in r.Lets) yield return l.Value;
            yield return r.Assert;
            foreach (var h in r.Message.Holes) yield return h;
        }
    }

    private static void CheckStandalone(Expr expr, CSharpParseOptions options, List<RuleLoadError> errors)
    {
        var parsed = SyntaxFactory.ParseExpression(expr.Text, 0, options, consumeFullText: true);
        var diag = parsed.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (diag is not null)
        {
            var (line, col) = expr.PositionAt(diag.Location.SourceSpan.Start);
            errors.Add(new RuleLoadError(expr.File, line, col, $"不是一个 C# 表达式 {diag.Id}：{diag.GetMessage(Chinese)}"));
            return;
        }
        if (parsed.FullSpan.End < expr.Text.Length)
        {
            // The parser stops silently at a directive line; anything left over is not part of the expression.
            var rest = parsed.FullSpan.End;
            while (rest < expr.Text.Length && char.IsWhiteSpace(expr.Text[rest])) rest++;
            var (line, col) = expr.PositionAt(rest);
            errors.Add(new RuleLoadError(expr.File, line, col, rest < expr.Text.Length && expr.Text[rest] == '#'
                ? "表达式中不能有预处理指令（#…）"
                : "不是一个 C# 表达式：表达式后面还有多余的内容"));
            return;
        }
        var directive = parsed.DescendantTrivia(descendIntoTrivia: true).FirstOrDefault(t => t.IsDirective || t.IsKind(SyntaxKind.BadDirectiveTrivia));
        if (parsed.ContainsDirectives || directive != default)
        {
            var (line, col) = expr.PositionAt(directive == default ? 0 : directive.SpanStart);
            errors.Add(new RuleLoadError(expr.File, line, col, "表达式中不能有预处理指令（#…）"));
        }
    }

    private static ExprSegment? SegmentAt(GeneratedSource g, int pos) =>
        g.Segments.FirstOrDefault(s => pos >= s.Start && pos <= s.End);

    private static RuleLoadError MapError(RuleSet set, GeneratedSource g, int pos, string message)
    {
        if (SegmentAt(g, pos) is { } seg)
        {
            var (line, col) = seg.Expr.PositionAt(pos - seg.Start);
            return new RuleLoadError(seg.Expr.File, line, col, message);
        }
        for (var i = 0; i < g.RuleRanges.Count; i++)
            if (pos >= g.RuleRanges[i].Start && pos < g.RuleRanges[i].End)
            {
                var r = set.Rules[i];
                return new RuleLoadError(r.File, r.Line, r.Column, $"规则 {r.Id}：{message}");
            }
        return new RuleLoadError(set.Files.LastOrDefault()?.Name ?? set.Name, 1, 1, message);
    }

    private static IReadOnlyList<MetadataReference> References() => ReferenceCache.Value;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> ReferenceCache = new(() =>
    {
        var tpa = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var refs = tpa
            .Where(p => ReferenceNames.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        if (refs.Count < ReferenceNames.Length)
        {
            // Not started by the usual host (no TPA list): take the runtime's own folder.
            var dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            refs = ReferenceNames.Select(n => Path.Combine(dir, n + ".dll")).Where(File.Exists)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        }
        refs.Add(MetadataReference.CreateFromFile(typeof(Submission).Assembly.Location));
        return refs;
    });
}
