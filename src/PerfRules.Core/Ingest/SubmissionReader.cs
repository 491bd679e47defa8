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
        new IndicatorRowsReader(),
        new TabularReader(),
        new InlineReader(),
    };

    /// <summary>Reads a file. A file that cannot be opened throws IOException (the host reports it).</summary>
    public Submission ReadFile(string path)
    {
        var (bytes, size) = ReadBounded(path, _options.MaxFileSize);
        return bytes is null ? TooLarge(path, size, _options.MaxFileSize) : Read(bytes, path);
    }

    public ReadOptions Options => _options;

    public Submission Read(byte[] bytes, string path)
    {
        if (_options.MaxFileSize > 0 && bytes.LongLength > _options.MaxFileSize) return TooLarge(path, bytes.LongLength, _options.MaxFileSize);
        var (text, encoding) = TextDecoder.Decode(bytes);
        return Read(new SourceText(path, text, encoding));
    }

    /// <summary>
    /// The bytes of a file, or null (with the size seen) when it has more than <paramref name="max"/>:
    /// nothing beyond the limit is read, even from a file whose length is not known in advance.
    /// </summary>
    public static (byte[]? Bytes, long Size) ReadBounded(string path, long max)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        long known = fs.CanSeek ? fs.Length : -1;
        if (max > 0 && known > max) return (null, known);
        var limit = max > 0 ? max : long.MaxValue;
        using var ms = new MemoryStream(known > 0 ? (int)Math.Min(known, int.MaxValue - 64) : 4096);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - total + 1))) > 0)
        {
            total += n;
            if (total > limit) return (null, total);
            ms.Write(buffer, 0, n);
        }
        return (ms.ToArray(), total);
    }

    /// <summary>PR006: the file is bigger than the limit and was not read.</summary>
    public static Submission TooLarge(string path, long size, long max)
    {
        var doc = new Submission { Kind = SubmissionKind.Unknown, Layout = "unknown", SourceFile = path };
        var seen = size > max ? $"超过 {Mb(max)}" : Mb(size);
        doc.Diagnostics.Add(new Diagnostic("PR006", $"文件过大（{seen}，上限 {Mb(max)}），未读取", null));
        return doc;
    }

    private static string Mb(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MB" : $"{bytes} 字节";

    public Submission Read(SourceText source)
    {
        var tooLong = LongLines(ref source, _options.MaxLineLength);
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
        submission.Places ??= source.Places;
        // Damage is reported once per line, ahead of what the reader said about the same lines.
        submission.Diagnostics.InsertRange(0, damage);
        submission.Diagnostics.InsertRange(0, tooLong);
        submission.Diagnostics.InsertRange(0, source.Problems);
        return submission;
    }

    /// <summary>
    /// PR007 for each line longer than the limit; the source is replaced by one where those lines
    /// are blank, so no reader parses them (line numbers stay the same).
    /// </summary>
    private static List<Diagnostic> LongLines(ref SourceText source, int max)
    {
        var result = new List<Diagnostic>();
        if (max <= 0) return result;
        string[]? lines = null;
        for (int i = 0; i < source.LineCount; i++)
        {
            if (source.LineLength(i + 1) <= max) continue;
            var s = source.Lines[i];
            lines ??= source.Lines.ToArray();
            lines[i] = "";
            result.Add(new Diagnostic("PR007", $"第 {i + 1} 行过长（{s.Length} 个字符，上限 {max}），未读取该行",
                SourceSpan.Line(i + 1, 1, s.Length), TextDecoder.Excerpt(s)));
        }
        if (lines is not null) source = new SourceText(source.Path, string.Join("\n", lines), source.EncodingName, source.Places) { Problems = source.Problems };
        return result;
    }

    public static Diagnostic NotATable(SourceText source)
    {
        int nonBlank = source.Lines.Count(l => !string.IsNullOrWhiteSpace(l));
        var span = nonBlank == 0 ? null : source.Range(1, Math.Max(1, source.LineCount));
        var why = nonBlank == 0 ? "文件为空" : "未找到“项目支出绩效目标表”或“部门整体预算绩效目标申报表”的表头";
        return new Diagnostic("PR001", $"无法识别的文档格式：{why}（共 {source.LineCount} 行）", span);
    }
}
