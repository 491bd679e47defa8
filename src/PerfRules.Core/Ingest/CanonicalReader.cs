using System.Text.RegularExpressions;
using PerfRules.Ingest.Canonical;
using PerfRules.Model;
using PerfRules.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PerfRules.Ingest;

/// <summary>
/// Reads the canonical YAML or JSON form of the model (JSON is read as YAML). Accepts what
/// <see cref="CanonicalWriter"/> writes and small hand-written documents (rule examples, test cases).
/// One file holds one submission: further YAML documents, or further items of a top-level list,
/// are reported as PR002 and not read.
/// </summary>
public sealed partial class CanonicalReader : IDocumentReader
{
    public string Layout => "yaml";

    [GeneratedRegex(@"""kind""\s*:\s*""(projectTargets|departmentOverall|unknown)""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonKind();

    [GeneratedRegex(@"^kind\s*:\s*['""]?(projectTargets|departmentOverall|unknown)['""]?\s*(#.*)?$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex YamlKind();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\s*:(\s|$)")]
    private static partial Regex TopLevelKey();

    public int Detect(SourceText source)
    {
        var ext = Path.GetExtension(source.Path).ToLowerInvariant();
        if (ext is ".yaml" or ".yml" or ".json") return 95;

        var head = source.Text.Length > 65536 ? source.Text[..65536] : source.Text;
        var first = FirstContentLine(source);
        if (first is null) return 0;
        if (first.StartsWith('{') || first.StartsWith('['))
            return JsonKind().IsMatch(head) ? 90 : 0;
        return TopLevelKey().IsMatch(first) && YamlKind().IsMatch(head) ? 90 : 0;
    }

    /// <summary>The first line that is not blank, a comment, a directive or a document marker.</summary>
    private static string? FirstContentLine(SourceText source)
    {
        int n = Math.Min(source.LineCount, 200);
        for (int i = 1; i <= n; i++)
        {
            var t = source[i].Trim().TrimStart('\uFEFF');
            if (t.Length == 0 || t.StartsWith('#') || t.StartsWith('%') || t == "---") continue;
            return t.StartsWith("--- ", StringComparison.Ordinal) ? t[4..].TrimStart() : t;
        }
        return null;
    }

    public Submission Read(SourceText source, ReadOptions options) => Read(source);

    public static Submission Read(SourceText source)
    {
        var first = FirstContentLine(source);
        bool json = first is not null && (first.StartsWith('{') || first.StartsWith('['))
                    || Path.GetExtension(source.Path).Equals(".json", StringComparison.OrdinalIgnoreCase);
        var submission = ReadText(source.Text, source.Path, source.Lines);
        submission.Layout = json ? "json" : "yaml";
        submission.Encoding = source.EncodingName;
        return submission;
    }

    /// <summary>Reads canonical YAML or JSON text. Never throws: problems are diagnostics.</summary>
    public static Submission Parse(string text, string sourceFile = "")
    {
        var submission = Read(new SourceText(sourceFile, text, ""));
        submission.Encoding = null;
        return submission;
    }

    /// <summary>
    /// Reads one submission from the parser's current node (e.g. a rule example inside a rule
    /// file); spans default to places in that file. Leaves the parser after the node.
    /// </summary>
    public static Submission ReadNode(IParser parser, string sourceFile = "")
    {
        var problems = new List<Diagnostic>();
        Submission? submission = null;
        try
        {
            var root = new YamlTreeBuilder(null, problems.Add).Build(parser);
            submission = FromRoot(root, problems);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add(Failure(e));
        }
        return Finish(submission, problems, sourceFile, "yaml");
    }

    private static Submission ReadText(string text, string sourceFile, IReadOnlyList<string> lines)
    {
        var problems = new List<Diagnostic>();
        Submission? submission = null;
        try
        {
            // A byte order mark left in the text is not content (a YAML scanner takes it for a character).
            var parser = new Parser(new StringReader(text.StartsWith('\uFEFF') ? " " + text[1..] : text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                problems.Add(new Diagnostic("PR001", "无法识别的文档格式：YAML/JSON 文档为空", null));
                return Finish(null, problems, sourceFile, "yaml");
            }
            var builder = new YamlTreeBuilder(lines, problems.Add);
            var root = builder.Build(parser);
            parser.Consume<DocumentEnd>();
            submission = FromRoot(root, problems);

            // One file, one submission: later documents are reported, not read.
            int index = 1;
            while (parser.TryConsume<DocumentStart>(out _))
            {
                index++;
                var at = parser.Current!.Start;
                bool empty = parser.Current is Scalar { Value: "", Style: ScalarStyle.Plain };
                parser.SkipThisAndNestedEvents();
                parser.Consume<DocumentEnd>();
                if (!empty) problems.Add(ExtraSubmission((int)at.Line, (int)at.Column, $"第 {index} 个文档"));
            }
            parser.Consume<StreamEnd>();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add(Failure(e));
        }
        return Finish(submission, problems, sourceFile, "yaml");
    }

    private static Submission? FromRoot(YNode root, List<Diagnostic> problems)
    {
        if (root is YSeq list)
        {
            // A JSON array of submissions (as ToJson writes several): the first is read.
            if (list.Items.Count == 0)
            {
                problems.Add(new Diagnostic("PR001", "无法识别的文档格式：YAML/JSON 文档为空列表", list.Span));
                return null;
            }
            for (int i = 1; i < list.Items.Count; i++)
                problems.Add(ExtraSubmission(list.Items[i].Span.StartLine, list.Items[i].Span.StartColumn, $"列表第 {i + 1} 项"));
            root = list.Items[0];
        }
        return new CanonicalBinder(problems).ReadSubmission(root);
    }

    private static Diagnostic ExtraSubmission(int line, int column, string which)
        => YamlTreeBuilder.Unplaced(line, column, $"一个文件只读取一个绩效目标表，{which}已忽略", null);

    private static Diagnostic Failure(Exception e) => e switch
    {
        YamlTreeBuilder.TooLargeException big => YamlTreeBuilder.Unplaced((int)big.At.Line, (int)big.At.Column,
            $"文档节点超过 {YamlTreeBuilder.MaxNodes} 个，已停止读取", null),
        YamlException y => new Diagnostic("PR001",
            $"无法识别的文档格式：YAML/JSON 语法错误（第 {y.Start.Line} 行第 {y.Start.Column} 列）",
            new SourceSpan((int)Math.Max(1, y.Start.Line), (int)Math.Max(1, y.Start.Column), (int)Math.Max(1, y.Start.Line), (int)Math.Max(1, y.Start.Column)),
            TextDecoder.Excerpt(y.Message)),
        _ => new Diagnostic("PR001", "无法识别的文档格式：YAML/JSON 无法解析", null, TextDecoder.Excerpt(e.Message)),
    };

    private static Submission Finish(Submission? submission, List<Diagnostic> problems, string sourceFile, string layout)
    {
        submission ??= new Submission { Kind = SubmissionKind.Unknown };
        submission.Layout = layout;
        submission.SourceFile = sourceFile;
        submission.Diagnostics.AddRange(problems);
        return submission;
    }
}
