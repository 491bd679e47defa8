using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// The front of the pipeline: bytes → decode → detect layout → read. Whatever the input,
/// the result is a Submission; what could not be read is in its diagnostics.
/// </summary>
public sealed class SubmissionReader
{
    private readonly IReadOnlyList<IDocumentReader> _readers;
    private readonly ReadOptions _options;

    public SubmissionReader(ReadOptions? options = null, IEnumerable<IDocumentReader>? readers = null)
    {
        _options = options ?? ReadOptions.Default;
        _readers = readers?.ToList() ?? DefaultReaders();
    }

    public static IReadOnlyList<IDocumentReader> DefaultReaders() => new IDocumentReader[]
    {
        new CanonicalReader(),
        new OverallReader(),
        new TabularReader(),
        new InlineReader(),
    };

    /// <summary>Reads a file. A file that cannot be opened throws IOException (the host reports it).</summary>
    public Submission ReadFile(string path) => Read(File.ReadAllBytes(path), path);

    public Submission Read(byte[] bytes, string path)
    {
        var (text, encoding) = TextDecoder.Decode(bytes);
        return Read(new SourceText(path, text, encoding));
    }

    public Submission Read(SourceText source)
    {
        var damage = TextDecoder.FindDamage(source);
        IDocumentReader? best = null;
        int bestScore = 0;
        foreach (var r in _readers)
        {
            int score = r.Detect(source);
            if (score > bestScore) { best = r; bestScore = score; }
        }

        Submission submission;
        if (best is null)
        {
            submission = new Submission { Kind = SubmissionKind.Unknown, Layout = "unknown" };
            submission.Diagnostics.Add(NotATable(source));
        }
        else
        {
            submission = best.Read(source, _options);
        }
        submission.SourceFile = source.Path;
        submission.Encoding ??= source.EncodingName;
        // Damage is reported once per line, ahead of what the reader said about the same lines.
        submission.Diagnostics.InsertRange(0, damage);
        return submission;
    }

    public static Diagnostic NotATable(SourceText source)
    {
        int nonBlank = source.Lines.Count(l => !string.IsNullOrWhiteSpace(l));
        var span = nonBlank == 0 ? null : source.Range(1, Math.Max(1, source.LineCount));
        var why = nonBlank == 0 ? "文件为空" : "未找到“项目支出绩效目标表”或“部门整体预算绩效目标申报表”的表头";
        return new Diagnostic("PR001", $"无法识别的文档格式：{why}（共 {source.LineCount} 行）", span);
    }
}
