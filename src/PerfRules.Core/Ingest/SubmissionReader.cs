using PerfRules.Files;
using PerfRules.Model;

namespace PerfRules.Ingest;

/// <summary>
/// The one entrance for reading: bytes → the opener that recognises them (PDF, workbook, Word), else
/// text decoded once → the text opener that recognises it (CSV), else the text itself → detect each
/// text's layout → read. Whatever the input, the result
/// is one or more Submissions, each with the text it was read from; what could not be read is in
/// their diagnostics. The formats come from an <see cref="InputFormats"/> registry.
/// </summary>
public sealed class SubmissionReader
{
    /// <summary>How many bytes of a file's start the openers' probes see.</summary>
    public const int ProbeBytes = 64 * 1024;

    private readonly IReadOnlyList<IDocumentReader> _readers;
    private readonly IReadOnlyList<IFileOpener> _openers;
    private readonly IReadOnlyList<ITextOpener> _textOpeners;
    private readonly ReadOptions _options;

    /// <param name="options">Limits and the code table (default: <see cref="ReadOptions.Default"/>).</param>
    /// <param name="formats">The formats to read (default: <see cref="InputFormats.Default"/>, text layouts and CSV).</param>
    public SubmissionReader(ReadOptions? options = null, InputFormats? formats = null)
    {
        _options = options ?? ReadOptions.Default;
        var f = formats ?? InputFormats.Default();
        _readers = f.Readers;
        _openers = f.Openers;
        _textOpeners = f.TextOpeners;
    }

    /// <summary>Core's layout readers (<see cref="InputFormats.TextLayouts"/>), for openers that decide which of their parts are tables.</summary>
    public static IReadOnlyList<IDocumentReader> DefaultReaders() => InputFormats.TextLayouts().Readers;

    public ReadOptions Options => _options;

    /// <summary>Reads a file within the size limit. A file that cannot be opened throws IOException (the host reports it).</summary>
    public InputContents ReadFile(string path)
    {
        var (bytes, size) = BoundedFile.Read(path, _options.MaxFileSize);
        return bytes is null ? NotRead(path, TooLarge(path, size, _options.MaxFileSize)) : Read(bytes, path);
    }

    /// <summary>
    /// Every document of one input: the registered container opener most certain of the bytes' start
    /// opens them (by content; the name only breaks ties); else the bytes are decoded once, and the
    /// text opener most certain of that text opens it; else the text is read as it is. One document
    /// keeps the input's name; several are named <c>path#part</c>. The opener's problems go with the
    /// first document; an input that gives no table is one document carrying why.
    /// </summary>
    public InputContents Read(byte[] bytes, string path) => Read(bytes, bytes.Length, path);

    /// <summary>
    /// <see cref="Read(byte[], string)"/> of the first <paramref name="length"/> bytes of <paramref name="buffer"/>
    /// (a pooled buffer: nothing read from it keeps it; an opener that needs the bytes gets its own copy).
    /// </summary>
    public InputContents Read(byte[] buffer, int length, string path)
    {
        var bytes = buffer.AsSpan(0, length);
        if (_options.MaxFileSize > 0 && length > _options.MaxFileSize)
            return NotRead(path, TooLarge(path, length, _options.MaxFileSize));
        if (Opener(bytes, path) is { } opener)
            return Opened(path, opener.Format, opener.Open(length == buffer.Length ? buffer : bytes.ToArray(), path, _options));

        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(path, text, encoding);
        if (TextOpener(source) is { } textOpener) return Opened(path, textOpener.Format, textOpener.Open(source, _options));
        return new InputContents(path, InputContents.Text, new[] { new ReadDocument(path, Read(source), source) });
    }

    /// <summary>What an opener made of an input: each of its texts read, or one document saying why there is none.</summary>
    private InputContents Opened(string path, string format, OpenedFile opened)
    {
        if (opened.Documents.Count == 0)
        {
            var failed = new Submission { Kind = SubmissionKind.Unknown, Layout = "unknown", SourceFile = path };
            failed.Diagnostics.AddRange(opened.Problems);
            // Every file is accounted for: an opener that found nothing and said nothing still gives a reason.
            if (failed.Diagnostics.Count == 0)
                failed.Diagnostics.Add(new Diagnostic("PR001", $"无法识别的文档格式：文件（{format}）中没有可检查的表格", null));
            return new InputContents(path, format, new[] { new ReadDocument(path, failed, new SourceText(path, "", format)) })
            {
                Skipped = opened.Skipped,
            };
        }
        var names = Names(path, opened.Documents);
        var documents = new List<ReadDocument>(opened.Documents.Count);
        for (var k = 0; k < opened.Documents.Count; k++)
        {
            var source = opened.Documents[k];
            var submission = Read(source);
            submission.SourceFile = names[k];
            if (k == 0) submission.Diagnostics.InsertRange(0, opened.Problems);
            documents.Add(new ReadDocument(names[k], submission, source));
        }
        return new InputContents(path, format, documents) { Skipped = opened.Skipped };
    }

    /// <summary>The registered opener most certain of these bytes, or null (then they are text).</summary>
    private IFileOpener? Opener(ReadOnlySpan<byte> bytes, string path)
    {
        if (_openers.Count == 0) return null;
        var head = bytes[..Math.Min(bytes.Length, ProbeBytes)];
        IFileOpener? best = null;
        var bestScore = 0;
        foreach (var o in _openers)
        {
            var score = o.Probe(head, path);
            if (score > bestScore) { best = o; bestScore = score; }
        }
        return best;
    }

    /// <summary>The registered text opener most certain of this text, or null (then it is read as it is).</summary>
    private ITextOpener? TextOpener(SourceText text)
    {
        ITextOpener? best = null;
        var bestScore = 0;
        foreach (var o in _textOpeners)
        {
            var score = o.Probe(text);
            if (score > bestScore) { best = o; bestScore = score; }
        }
        return best;
    }

    /// <summary><c>path</c> for one document; <c>path#part</c> for several (the part's own name, else its number), each name once.</summary>
    private static string[] Names(string path, IReadOnlyList<SourceText> documents)
    {
        if (documents.Count == 1) return new[] { path };
        var names = new string[documents.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < documents.Count; k++)
        {
            var part = documents[k].Part is { Length: > 0 } p ? p : (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = $"{path}#{part}";
            if (!used.Add(name)) used.Add(name = $"{path}#{part}#{k + 1}");
            names[k] = name;
        }
        return names;
    }

    /// <summary>An input that was not read (too large): one document carrying why.</summary>
    private static InputContents NotRead(string path, Submission why) =>
        new(path, "unknown", new[] { new ReadDocument(path, why, new SourceText(path, "", "")) });

    /// <summary>PR006: the file is bigger than the limit and was not read.</summary>
    public static Submission TooLarge(string path, long size, long max)
    {
        var doc = new Submission { Kind = SubmissionKind.Unknown, Layout = "unknown", SourceFile = path };
        var seen = size > max ? $"超过 {Mb(max)}" : Mb(size);
        doc.Diagnostics.Add(new Diagnostic("PR006", $"文件过大（{seen}，上限 {Mb(max)}），未读取", null));
        return doc;
    }

    private static string Mb(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MB" : $"{bytes} 字节";

    /// <summary>Reads a text already decoded (plain text, or what an opener made of a file) with the layout readers.</summary>
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
    private static IReadOnlyList<Diagnostic> LongLines(ref SourceText source, int max)
    {
        // Made only when a line is too long: almost every document has none.
        List<Diagnostic>? result = null;
        if (max <= 0) return Array.Empty<Diagnostic>();
        string[]? lines = null;
        for (int i = 0; i < source.LineCount; i++)
        {
            if (source.LineLength(i + 1) <= max) continue;
            var s = source.Lines[i];
            lines ??= source.Lines.ToArray();
            lines[i] = "";
            (result ??= new List<Diagnostic>()).Add(new Diagnostic("PR007", $"第 {i + 1} 行过长（{s.Length} 个字符，上限 {max}），未读取该行",
                SourceSpan.Line(i + 1, 1, s.Length), TextDecoder.Excerpt(s)));
        }
        if (lines is not null) source = new SourceText(source.Path, string.Join("\n", lines), source.EncodingName, source.Places) { Problems = source.Problems };
        return result ?? (IReadOnlyList<Diagnostic>)Array.Empty<Diagnostic>();
    }

    public static Diagnostic NotATable(SourceText source)
    {
        int nonBlank = source.Lines.Count(l => !string.IsNullOrWhiteSpace(l));
        var span = nonBlank == 0 ? null : source.Range(1, Math.Max(1, source.LineCount));
        var why = nonBlank == 0 ? "文件为空" : "未找到“项目支出绩效目标表”或“部门整体预算绩效目标申报表”的表头";
        return new Diagnostic("PR001", $"无法识别的文档格式：{why}（共 {source.LineCount} 行）", span);
    }
}
