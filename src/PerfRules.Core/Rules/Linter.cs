using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Reports;
using PerfRules.Rules.Runtime;

namespace PerfRules.Rules;

/// <summary>The pipeline over files: read each one, run the rules, collect the findings.</summary>
public sealed class Linter
{
    private readonly CompiledRuleSet _rules;
    private readonly SubmissionReader _reader;

    public Linter(CompiledRuleSet rules, SubmissionReader? reader = null)
    {
        _rules = rules;
        _reader = reader ?? new SubmissionReader(new ReadOptions { Codes = rules.RuleSet.Codes });
    }

    public CompiledRuleSet Rules => _rules;
    public SubmissionReader Reader => _reader;

    /// <summary>Logs file names, counts and timings only, never document contents.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Every file named, and every file under every folder named, in a stable order.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths) => ExpandInputs(paths).Select(i => i.Path).ToList();

    /// <summary>
    /// Every path named and every entry under every folder named, in a stable order, each once:
    /// a folder that cannot be listed, or a folder link that leads back to a folder already
    /// entered (a loop), is an entry of its own carrying the problem, so the report accounts for it.
    /// </summary>
    public static IReadOnlyList<InputFile> ExpandInputs(IEnumerable<string> paths)
    {
        var files = new List<InputFile>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) Walk(p, new HashSet<string>(StringComparer.Ordinal) { RealPath(p) }, files, 0);
            else files.Add(new InputFile(p));
        }
        return files;
    }

    private const int MaxDepth = 64;

    private static void Walk(string dir, HashSet<string> entered, List<InputFile> into, int depth)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            into.Add(new InputFile(dir, $"无法列出目录：{Why(e)}"));
            return;
        }
        Array.Sort(entries, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!Directory.Exists(e))
            {
                into.Add(new InputFile(e));
                continue;
            }
            var real = RealPath(e);
            if (!entered.Add(real))
            {
                into.Add(new InputFile(e, "目录的符号链接指向已经检查过的目录（链接循环或重复），未再次进入"));
                continue;
            }
            if (depth >= MaxDepth)
            {
                into.Add(new InputFile(e, $"目录层级超过 {MaxDepth} 层，未进入"));
                continue;
            }
            Walk(e, entered, into, depth + 1);
        }
    }

    private static string RealPath(string dir)
    {
        try
        {
            var info = new DirectoryInfo(dir);
            var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
            return Path.TrimEndingDirectorySeparator((target ?? info).FullName);
        }
        catch (IOException)
        {
            return Path.GetFullPath(dir);
        }
    }

    private static string Why(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "文件不存在",
        UnauthorizedAccessException => "没有读取权限",
        _ => e.Message,
    };

    /// <summary>Checks one file. A file that cannot be opened is a PR001 finding, not an exception.</summary>
    public DocumentResult Check(string path) => CheckFile(path).Result;

    /// <summary>Checks bytes read from a file or received by the service, named as given.</summary>
    public DocumentResult Check(byte[] bytes, string name) => CheckBytes(bytes, name).Result;

    private (DocumentResult Result, SourceText? Source) CheckFile(string path, string? problem = null, CheckOptions? options = null)
    {
        if (problem is null)
        {
            var kind = FileProbe.Kind(path);
            if (kind == FileKind.Directory)
                problem = ListingProblem(path);
            else if (kind == FileKind.Missing && new FileInfo(path).LinkTarget is { } target)
                problem = $"文件不存在（符号链接指向的“{target}”不存在）";
            else if (kind == FileKind.LinkLoop)
                problem = "符号链接形成循环";
            else if (kind is not (FileKind.Regular or FileKind.Missing or FileKind.Unknown))
                problem = $"不是普通文件（{FileProbe.Describe(kind)}），未读取";
        }
        if (problem is not null) return NotRead(path, Unreadable(path, problem));

        byte[]? bytes;
        long size;
        try
        {
            options?.BeforeRead?.Invoke(path);
            (bytes, size) = SubmissionReader.ReadBounded(path, _reader.Options.MaxFileSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Logger.LogWarning("无法读取文件 {File}：{Reason}", path, e.GetType().Name);
            return NotRead(path, Unreadable(path, e));
        }
        if (bytes is null)
        {
            Logger.LogWarning("文件过大，未读取 {File}：{Bytes} 字节", path, size);
            return NotRead(path, SubmissionReader.TooLarge(path, size, _reader.Options.MaxFileSize));
        }
        return CheckBytes(bytes, path, options?.Cancellation ?? default);
    }

    private (DocumentResult Result, SourceText? Source) NotRead(string path, Submission doc) =>
        (new DocumentResult { File = path, Submission = doc, Findings = _rules.Evaluate(doc) }, null);

    /// <summary>Why a directory given as a file could not be checked (it is listed by ExpandInputs when it can be).</summary>
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
            return $"无法列出目录：{Why(ex)}";
        }
    }

    /// <summary>
    /// Reads and checks one document; <paramref name="cancellation"/> also stops a rule that is
    /// running (the budget's clock checks it): then this throws <see cref="OperationCanceledException"/>.
    /// </summary>
    private (DocumentResult Result, SourceText Source) CheckBytes(byte[] bytes, string name, CancellationToken cancellation = default)
    {
        if (_reader.Options.MaxFileSize > 0 && bytes.LongLength > _reader.Options.MaxFileSize)
        {
            var big = SubmissionReader.TooLarge(name, bytes.LongLength, _reader.Options.MaxFileSize);
            return (new DocumentResult { File = name, Submission = big, Findings = _rules.Evaluate(big) }, new SourceText(name, "", "utf-8"));
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(name, text, encoding);
        var doc = _reader.Read(source);
        var findings = _rules.Evaluate(doc, cancellation);
        var result = new DocumentResult { File = name, Submission = doc, Findings = findings, Snippets = SnippetsOf(findings, source) };
        Logger.LogDebug("已检查 {File}：{Kind}，{Bytes} 字节，{Findings} 条结果，用时 {Ms} 毫秒", name, doc.Kind, bytes.Length,
            findings.Count, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (result, source);
    }

    /// <summary>Reports quote a line up to this many characters (a PR007 line may be megabytes).</summary>
    private const int MaxSnippet = 1000;

    private static Dictionary<int, string> SnippetsOf(IEnumerable<Finding> findings, SourceText? source, Dictionary<int, string>? into = null)
    {
        var snippets = into ?? new Dictionary<int, string>();
        if (source is null) return snippets;
        foreach (var f in findings)
            if (f.Span is { StartLine: var l } && l >= 1 && l <= source.LineCount)
                snippets[l] = source[l].Length <= MaxSnippet ? source[l] : source[l][..MaxSnippet] + "…";
        return snippets;
    }

    public LintReport CheckAll(IEnumerable<string> paths) => CheckAll(paths, new CheckOptions());

    /// <summary>
    /// Checks every file (in parallel, up to <see cref="CheckOptions.Jobs"/> at a time), then runs the
    /// cross-document rules over the whole run. Results keep input order whatever the parallelism.
    /// </summary>
    public LintReport CheckAll(IEnumerable<string> paths, CheckOptions options) => CheckAll(ExpandInputs(paths), options);

    /// <summary>
    /// Checks inputs already expanded by <see cref="ExpandInputs"/> (one report entry each). Unless
    /// <see cref="CheckOptions.KeepSubmissions"/> is set, each document's findings, snippets and
    /// compact model (<see cref="SubmissionCompaction.Compact"/>) go to a temporary file as soon as
    /// its own rules have run, and are read back when the reports ask: memory stays nearly flat in
    /// the number of documents. The report then keeps per document only its path, a header shared
    /// with the other documents of its department (<see cref="SpilledDocuments"/>), the counts and
    /// where its records are; each <see cref="DocumentResult"/> is made when a report asks for it, and
    /// its <see cref="DocumentResult.Submission"/> holds only the header (kind, layout, department,
    /// file; reading problems of unreadable files).
    /// </summary>
    public LintReport CheckAll(IReadOnlyList<InputFile> files, CheckOptions options)
    {
        var jobs = options.Jobs > 0 ? options.Jobs : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = options.Cancellation };
        Logger.LogDebug("检查 {Count} 个文件，并行 {Jobs} 个", files.Count, jobs);
        if (options.KeepSubmissions)
        {
            var results = new (DocumentResult Result, SourceText? Source)[files.Count];
            Parallel.For(0, files.Count, parallel, i =>
            {
                results[i] = CheckFile(files[i].Path, files[i].Problem, options);
                options.OnDocument?.Invoke(results[i].Result);
            });
            return Report(results, i => results[i].Source ?? Reread(results[i].Result.File));
        }

        var spill = new ResultSpill();
        var documents = new SpilledDocuments(spill, files.Count);
        Parallel.For(0, files.Count, parallel, i =>
        {
            var (result, _) = CheckFile(files[i].Path, files[i].Problem, options);
            options.OnDocument?.Invoke(result);
            var model = _rules.HasDepartmentRules ? spill.Write(ResultSpill.EncodeSubmission(SubmissionCompaction.Compact(result.Submission))) : default;
            documents.Set(i, result, spill.Write(ResultSpill.EncodeResult(result.Findings, result.Snippets)), model, TargetWalker.ScopeMask(result.Submission));
        });
        if (_rules.HasDepartmentRules)
        {
            // Cross-document findings need the text of a few lines of their home document: read it again.
            var cross = DepartmentByDepartment(documents.Count, documents.DepartmentAt, k => ResultSpill.DecodeSubmission(documents.ModelAt(k)));
            AddCrossFindings(cross, documents, documents.FileAt, k => Reread(documents.FileAt(k)), documents.Replace);
        }
        return new LintReport { RuleSet = _rules.RuleSet, Documents = documents };
    }

    private SourceText? Reread(string path)
    {
        try
        {
            var (bytes, _) = SubmissionReader.ReadBounded(path, _reader.Options.MaxFileSize);
            if (bytes is null) return null;
            var (text, encoding) = TextDecoder.Decode(bytes);
            return new SourceText(path, text, encoding);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Checks documents received together (the service's multipart upload) as one run.</summary>
    public LintReport CheckAll(IReadOnlyList<(byte[] Bytes, string Name)> inputs, CancellationToken cancellation = default)
    {
        var results = inputs.Select(d =>
        {
            cancellation.ThrowIfCancellationRequested();
            return ((DocumentResult, SourceText?))CheckBytes(d.Bytes, d.Name, cancellation);
        }).ToArray();
        return Report(results, i => results[i].Item2);
    }

    /// <summary>The report of a run held in memory: the documents in input order, then the cross-document rules over all of them.</summary>
    private LintReport Report((DocumentResult Result, SourceText? Source)[] results, Func<int, SourceText?> sourceOf)
    {
        var documents = new List<DocumentResult>(results.Length);
        foreach (var r in results) documents.Add(r.Result);
        if (_rules.HasDepartmentRules)
            AddCrossFindings(_rules.EvaluateDepartments(documents.Select(d => d.Submission)), documents, k => documents[k].File, sourceOf,
                (k, d) => documents[k] = d);
        return new LintReport { RuleSet = _rules.RuleSet, Documents = documents };
    }

    /// <summary>Files each cross-document finding under the first document of its file name (the department's home table).</summary>
    private static void AddCrossFindings(IReadOnlyList<Finding> cross, IReadOnlyList<DocumentResult> documents, Func<int, string> fileOf,
        Func<int, SourceText?> sourceOf, Action<int, DocumentResult> replace)
    {
        if (cross.Count == 0) return;
        var wanted = cross.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < documents.Count && firstOf.Count < wanted.Count; k++)
            if (wanted.Contains(fileOf(k))) firstOf.TryAdd(fileOf(k), k);
        foreach (var group in cross.GroupBy(f => f.File, StringComparer.Ordinal))
        {
            if (!firstOf.TryGetValue(group.Key, out var k)) continue;
            var d = documents[k];
            replace(k, new DocumentResult
            {
                File = d.File, Submission = d.Submission, ScopeMask = d.ScopeMask,
                Findings = d.Findings.Concat(group).ToList(),
                Snippets = SnippetsOf(group, sourceOf(k), new Dictionary<int, string>(d.Snippets)),
            });
        }
    }

    /// <summary>
    /// The department rules with only one department's models in memory at a time. Same findings in
    /// the same order as one evaluation over the whole run: departments come in order of first
    /// appearance either way, and fingerprints (which carry the department) cannot collide across them.
    /// </summary>
    private List<Finding> DepartmentByDepartment(int count, Func<int, string?> departmentOf, Func<int, Submission> modelOf)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<List<int>>();
        for (var k = 0; k < count; k++)
        {
            if (departmentOf(k) is not { } name || string.IsNullOrWhiteSpace(name)) continue;
            if (!groups.TryGetValue(name.Trim(), out var members))
            {
                groups[name.Trim()] = members = new List<int>();
                order.Add(members);
            }
            members.Add(k);
        }
        var found = new List<Finding>();
        foreach (var members in order)
            found.AddRange(_rules.EvaluateDepartments(members.Select(modelOf).ToList()));
        return found;
    }

    /// <summary>The submission standing for a file that could not be opened.</summary>
    public static Submission Unreadable(string path, Exception e) => Unreadable(path, Why(e));

    /// <summary>The submission standing for a path that was not read, and why.</summary>
    public static Submission Unreadable(string path, string why)
    {
        var doc = new Submission { Kind = SubmissionKind.Unknown, SourceFile = path };
        doc.Diagnostics.Add(new Diagnostic("PR001", $"无法读取文件：{why}", null));
        return doc;
    }
}

/// <summary>How <see cref="Linter.CheckAll(IEnumerable{string}, CheckOptions)"/> runs.</summary>
public sealed record CheckOptions
{
    /// <summary>Files checked at once; 0 or less: one per core.</summary>
    public int Jobs { get; init; }
    /// <summary>Called (from worker threads) as each document is done, for progress displays.</summary>
    public Action<DocumentResult>? OnDocument { get; init; }
    public CancellationToken Cancellation { get; init; }
    /// <summary>Called (from worker threads) just before a file is opened; a seam for fault-injection tests.</summary>
    public Action<string>? BeforeRead { get; init; }
    /// <summary>
    /// Keep every document's whole model and source text in the report (memory grows with the
    /// run); by default a batch keeps a compact copy (<see cref="SubmissionCompaction.Compact"/>).
    /// </summary>
    public bool KeepSubmissions { get; init; }
}

/// <summary>A path to check, with the problem found while listing it (then it is reported, not read).</summary>
public sealed record InputFile(string Path, string? Problem = null);
