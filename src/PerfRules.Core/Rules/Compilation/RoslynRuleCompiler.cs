using System.Globalization;
using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.ExceptionServices;
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

    internal static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>Longest expression (characters), checked before it is parsed.</summary>
    public const int MaxExpressionLength = 10_000;
    /// <summary>Deepest expression (syntax tree levels), checked before it is bound: the binder and the checks recurse.</summary>
    public const int MaxExpressionDepth = 200;
    /// <summary>The compiler runs on a thread with this much stack, so a deep (but allowed) expression cannot overflow it.</summary>
    private const int CompilerStack = 64 * 1024 * 1024;

    public static byte[] Compile(RuleSet set, string assemblyName) => OnLargeStack(() => CompileCore(set, assemblyName));

    private static T OnLargeStack<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, CompilerStack) { Name = "perfrules-rule-compiler", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static byte[] CompileCore(RuleSet set, string assemblyName)
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
                    : new RuleLoadError(r.File, r.Line, r.Column, $"规则 {r.Id} 无法加入运行时限检查后编译：{first?.GetMessage(Chinese)}"),
            });
        }
        return ms.ToArray();
    }

    /// <summary>The generated rule-set source with the budget woven in, as it is compiled (for tests).</summary>
    internal static string GuardedSource(RuleSet set) => OnLargeStack(() => Prepare(set, "guarded").Guarded.ToString());

    /// <summary>Generates, checks (errors, allow-list) and guards the source of a rule set.</summary>
    private static (CSharpCompilation Compilation, SyntaxTree Guarded, GeneratedSource Generated) Prepare(RuleSet set, string assemblyName)
    {
        var parseOptions = ParseOptions;
        var errors = new List<RuleLoadError>();

        // Each expression must be one expression and nothing else, before it is placed in code.
        foreach (var expr in AllExpressions(set))
            CheckStandalone(expr, parseOptions, errors);
        foreach (var rule in set.Rules)
            foreach (var let in rule.Lets)
                if (SyntaxFacts.GetKeywordKind(let.Name) != SyntaxKind.None)
                    errors.Add(new RuleLoadError(let.Value.File, let.Value.Line, let.Value.Column, $"let 的名字“{let.Name}”是 C# 关键字，不能用作名字"));
        if (errors.Count > 0) throw new RuleLoadException(errors.Distinct().ToList());

        // The file name is fixed: nothing from the rule files, and no ".g.cs" (that would turn nullable off).
        var generated = RuleSourceGenerator.Generate(set);
        var tree = CSharpSyntaxTree.ParseText(generated.Text, parseOptions, path: "rules.cs");
        // Only what the generator writes, each user expression alone in its place: else refuse.
        if (GeneratedCodeCheck.Problem(tree, set, generated, checkSegments: true) is { } shape)
            throw new RuleLoadException(new[] { ShapeError(set, shape) });
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
                continue;
            }
            foreach (var (position, message) in ParamUseCheck.Problems(model, root, seg, set.Rules[seg.RuleIndex]))
            {
                var (line, col) = seg.Expr.PositionAt(position - seg.Start);
                errors.Add(new RuleLoadError(seg.Expr.File, line, col, message));
            }
        }
        if (errors.Count > 0) throw new RuleLoadException(errors.Distinct().ToList());

        // The allowed code, with the run-time budget woven in (see GuardRewriter).
        var guarded = tree.WithRootAndOptions(GuardRewriter.Rewrite(model, root, generated.Segments), parseOptions);
        if (GeneratedCodeCheck.Problem(guarded, set, generated, checkSegments: false) is { } guardedShape)
            throw new RuleLoadException(new[] { ShapeError(set, guardedShape) });
        compilation = compilation.ReplaceSyntaxTree(tree, guarded);
        return (compilation, guarded, generated);
    }

    private static RuleLoadError ShapeError(RuleSet set, string problem) =>
        new(set.Files.LastOrDefault()?.Name ?? set.Name, 1, 1, $"生成的代码中出现了规则文件不应产生的内容（{problem}），已拒绝加载");

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
            if (r.At is not null) yield return r.At;
        }
    }

    /// <summary>
    /// An expression field must be exactly one C# expression, checked before it is placed in the
    /// generated code and before anything is bound: not too long, no character that ends a line
    /// where an editor shows none (or hides text), not too deeply nested (the binder and the
    /// checks recurse), fully consumed by the parser, no directives, and no trivia but white
    /// space and plain comments.
    /// </summary>
    private static void CheckStandalone(Expr expr, CSharpParseOptions options, List<RuleLoadError> errors)
    {
        void Error(int offset, string message)
        {
            var (line, col) = expr.PositionAt(offset);
            errors.Add(new RuleLoadError(expr.File, line, col, message));
        }
        var text = expr.Text;
        if (text.Length > MaxExpressionLength)
        {
            Error(0, $"表达式过长（{text.Length} 个字符，上限 {MaxExpressionLength}）");
            return;
        }
        for (var i = 0; i < text.Length; i++)
            if (ForbiddenCharacter(text[i]) is { } what)
            {
                Error(i, $"表达式中不能有字符 U+{(int)text[i]:X4}（{what}）；字符串中请写成转义 \\u{(int)text[i]:X4}");
                return;
            }
        if (NestingBeyondLimit(text) is { } deep)
        {
            Error(deep, $"表达式嵌套过深（超过 {MaxExpressionDepth} 层）");
            return;
        }

        var parsed = SyntaxFactory.ParseExpression(text, 0, options, consumeFullText: true);
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
            Error(directive == default ? 0 : directive.SpanStart, "表达式中不能有预处理指令（#…）");
            return;
        }
        foreach (var trivia in parsed.DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.IsKind(SyntaxKind.WhitespaceTrivia) || trivia.IsKind(SyntaxKind.EndOfLineTrivia)) continue;
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                var comment = trivia.ToFullString();
                if (comment.StartsWith("///", StringComparison.Ordinal) || comment.StartsWith("/**", StringComparison.Ordinal))
                {
                    Error(trivia.SpanStart, "表达式中不能有文档注释（/// 或 /**）");
                    return;
                }
                var hash = comment.IndexOf('#');
                if (hash < 0) continue;
                Error(trivia.SpanStart + hash, "表达式的注释中不能有 #（可能隐藏预处理指令）");
                return;
            }
            Error(trivia.SpanStart, trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                ? "表达式中不能有文档注释（///）"
                : "表达式中有不属于表达式的内容");
            return;
        }
        if (parsed.DescendantNodesAndSelf().FirstOrDefault(n => n is AttributeListSyntax) is { } attribute)
        {
            Error(attribute.SpanStart, "表达式中不能有特性（[…]）");
            return;
        }
        if (DeeperThanLimit(parsed) is { } tooDeep) Error(tooDeep.SpanStart, $"表达式嵌套过深（超过 {MaxExpressionDepth} 层）");
    }

    /// <summary>Characters that end a line for C# but not for editors (or hide text), controls, the byte order mark.</summary>
    private static string? ForbiddenCharacter(char c) => c switch
    {
        '\t' or '\n' or '\r' => null,
        '\u0085' => "下一行，C# 视为换行",
        '\u2028' => "行分隔符，C# 视为换行",
        '\u2029' => "段分隔符，C# 视为换行",
        '\uFEFF' => "字节顺序标记",
        '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => "双向文本控制字符，可使代码看起来与实际不同",
        _ when char.IsControl(c) => "控制字符",
        _ => null,
    };

    /// <summary>
    /// A cheap bound on how deep the parser will recurse, before it runs: brackets and runs of
    /// prefix operators outside literals. Returns where the limit is passed, or null.
    /// </summary>
    private static int? NestingBeyondLimit(string text)
    {
        int depth = 0, prefix = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                // Skip the literal (a verbatim string doubles its quotes; either way the quote ends it).
                var verbatim = c == '"' && i > 0 && text[i - 1] == '@';
                for (i++; i < text.Length && text[i] != c; i++)
                    if (text[i] == '\\' && !verbatim) i++;
                prefix = 0;
                continue;
            }
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
            if (c is '!' or '~' or '-' or '+' or '^' or '&' or '*') prefix++;
            else if (!char.IsWhiteSpace(c) && c is not ('(' or '[' or '{')) prefix = 0;
            if (depth + prefix > MaxExpressionDepth) return i;
        }
        return null;
    }

    /// <summary>The first node deeper than the limit (left-nested operator chains count too), found without recursion.</summary>
    private static SyntaxNode? DeeperThanLimit(SyntaxNode root)
    {
        var stack = new Stack<(SyntaxNode Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > MaxExpressionDepth) return node;
            foreach (var child in node.ChildNodes()) stack.Push((child, depth + 1));
        }
        return null;
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

    /// <summary>
    /// The framework assemblies and PerfRules.Core as loaded in this process, read from their
    /// metadata in memory: a single-file executable has no assembly files to point Roslyn at
    /// (Assembly.Location is empty), and the same code then serves every kind of build. The
    /// rules are thus compiled against exactly the runtime and model they run on, which the
    /// cache key pins (runtime version, Core's MVID).
    /// </summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> ReferenceCache = new(() =>
    {
        var assemblies = ReferenceNames.Select(n => Assembly.Load(new AssemblyName(n))).Append(typeof(Submission).Assembly);
        return assemblies.Select(InMemoryReference).ToList();
    });

    // The blob lives as long as its assembly: the framework's never unload, and Core holds this very cache.
    private static unsafe MetadataReference InMemoryReference(Assembly assembly)
    {
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
            throw new InvalidOperationException($"the metadata of {assembly.GetName().Name} is not available in this process");
        var module = ModuleMetadata.CreateFromMetadata((IntPtr)blob, length);
        return AssemblyMetadata.Create(module).GetReference(display: assembly.GetName().Name);
    }
}
