using System.Diagnostics;
using PerfRules.Files;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// Checks one input: a path (what it is, read within the size limit) or bytes already received;
/// the reader gives its documents with their texts, the rules run on each. A file that cannot be
/// opened is a PR001 document, not an exception.
/// </summary>
internal sealed class DocumentCheck(Linter linter)
{
    /// <summary>The documents of one input file; <paramref name="problem"/> is what listing it found (then it is not read).</summary>
    public IReadOnlyList<CheckedDocument> File(string path, string? problem = null, CheckOptions? options = null)
    {
        problem ??= ProblemOf(path);
        if (problem is not null) return NotRead(path, Linter.Unreadable(path, problem));

        byte[]? bytes;
        int length;
        long size;
        bool pooled;
        try
        {
            options?.BeforeRead?.Invoke(path);
            (bytes, length, size, pooled) = BoundedFile.ReadPooled(path, linter.Reader.Options.MaxFileSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            linter.Log.Unreadable(path, e.GetType().Name);
            return NotRead(path, Linter.Unreadable(path, e));
        }
        if (bytes is null)
        {
            linter.Log.TooLarge(path, size);
            return NotRead(path, SubmissionReader.TooLarge(path, size, linter.Reader.Options.MaxFileSize));
        }
        try { return Bytes(bytes, length, path, options?.Cancellation ?? default); }
        finally { if (pooled) System.Buffers.ArrayPool<byte>.Shared.Return(bytes); }
    }

    /// <summary>
    /// Reads and checks the documents of one input; <paramref name="cancellation"/> also stops a rule
    /// that is running (the guard's clock checks it): then this throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public IReadOnlyList<CheckedDocument> Bytes(byte[] bytes, string name, CancellationToken cancellation = default) =>
        Bytes(bytes, bytes.Length, name, cancellation);

    /// <summary>The same of the first <paramref name="length"/> bytes of <paramref name="buffer"/> (a pooled buffer: the results do not keep it).</summary>
    private IReadOnlyList<CheckedDocument> Bytes(byte[] buffer, int length, string name, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var contents = linter.Reader.Read(buffer, length, name);
        foreach (var why in contents.Skipped) linter.Log.Skipped(name, contents.Format, why);
        var checkedDocs = new CheckedDocument[contents.Documents.Count];
        for (var k = 0; k < checkedDocs.Length; k++)
        {
            var doc = contents.Documents[k];
            var findings = linter.Rules.Evaluate(doc.Submission, cancellation);
            var result = new DocumentResult
            {
                File = doc.Name, InputPath = contents.Path, Submission = doc.Submission, Findings = findings, Snippets = Snippets.Of(findings, doc.Source),
            };
            checkedDocs[k] = new CheckedDocument(result, doc.Source);
            linter.Log.Checked(doc.Name, doc.Submission.Kind, contents.Format, length, findings.Count, Stopwatch.GetElapsedTime(started));
        }
        return checkedDocs;
    }

    private IReadOnlyList<CheckedDocument> NotRead(string path, Submission doc) =>
        new[] { new CheckedDocument(new DocumentResult { File = path, Submission = doc, Findings = linter.Rules.Evaluate(doc) }, new SourceText(path, "", "")) };

    /// <summary>Why a path cannot be read as a file, without opening it (a FIFO would block, a device never end); null when it can.</summary>
    private static string? ProblemOf(string path)
    {
        var kind = FileProbe.Kind(path);
        if (kind == FileKind.Directory) return ListingProblem(path);
        if (kind == FileKind.Missing && new FileInfo(path).LinkTarget is { } target) return $"文件不存在（符号链接指向的“{target}”不存在）";
        if (kind == FileKind.LinkLoop) return "符号链接形成循环";
        if (kind is not (FileKind.Regular or FileKind.Missing or FileKind.Unknown)) return $"不是普通文件（{FileProbe.Describe(kind)}），未读取";
        return null;
    }

    /// <summary>Why a directory given as a file could not be checked (it is listed by <see cref="InputExpansion"/> when it can be).</summary>
    private static string ListingProblem(string dir)
    {
        try
        {
            using var e = Directory.EnumerateFileSystemEntries(dir).GetEnumerator();
            e.MoveNext();
            return "是目录，不是文件";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"无法列出目录：{InputExpansion.Why(ex)}";
        }
    }
}
