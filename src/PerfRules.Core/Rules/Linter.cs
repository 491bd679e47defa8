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

    /// <summary>Logs file names, counts and timings only, never document contents.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Every file named, and every file under every folder named, in a stable order.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                files.AddRange(Directory.EnumerateFiles(p, "*", new EnumerationOptions
                    {
                        RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0,
                    })
                    .OrderBy(f => f, StringComparer.Ordinal));
            else files.Add(p);
        }
        return files;
    }

    /// <summary>Checks one file. A file that cannot be opened is a PR001 finding, not an exception.</summary>
    public DocumentResult Check(string path) => CheckFile(path).Result;

    /// <summary>Checks bytes read from a file or received by the service, named as given.</summary>
    public DocumentResult Check(byte[] bytes, string name) => CheckBytes(bytes, name).Result;

    private (DocumentResult Result, SourceText? Source) CheckFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Logger.LogWarning("无法读取文件 {File}：{Reason}", path, e.GetType().Name);
            var doc = Unreadable(path, e);
            return (new DocumentResult { File = path, Submission = doc, Findings = _rules.Evaluate(doc) }, null);
        }
        return CheckBytes(bytes, path);
    }

    private (DocumentResult Result, SourceText Source) CheckBytes(byte[] bytes, string name)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(name, text, encoding);
        var doc = _reader.Read(source);
        var findings = _rules.Evaluate(doc);
        var result = new DocumentResult { File = name, Submission = doc, Findings = findings, Snippets = SnippetsOf(findings, source) };
        Logger.LogDebug("已检查 {File}：{Kind}，{Bytes} 字节，{Findings} 条结果，用时 {Ms} 毫秒", name, doc.Kind, bytes.Length,
            findings.Count, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (result, source);
    }

    private static Dictionary<int, string> SnippetsOf(IEnumerable<Finding> findings, SourceText? source, Dictionary<int, string>? into = null)
    {
        var snippets = into ?? new Dictionary<int, string>();
        if (source is null) return snippets;
        foreach (var f in findings)
            if (f.Span is { StartLine: var l } && l >= 1 && l <= source.LineCount)
                snippets[l] = source[l];
        return snippets;
    }

    public LintReport CheckAll(IEnumerable<string> paths) => CheckAll(paths, new CheckOptions());

    /// <summary>
    /// Checks every file (in parallel, up to <see cref="CheckOptions.Jobs"/> at a time), then runs the
    /// cross-document rules over the whole run. Results keep input order whatever the parallelism.
    /// </summary>
    public LintReport CheckAll(IEnumerable<string> paths, CheckOptions options)
    {
        var files = ExpandPaths(paths);
        var results = new (DocumentResult Result, SourceText? Source)[files.Count];
        var jobs = options.Jobs > 0 ? options.Jobs : Environment.ProcessorCount;
        Logger.LogDebug("检查 {Count} 个文件，并行 {Jobs} 个", files.Count, jobs);
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = options.Cancellation }, i =>
        {
            results[i] = CheckFile(files[i]);
            options.OnDocument?.Invoke(results[i].Result);
        });

        return Report(results);
    }

    /// <summary>Checks documents received together (the service's multipart upload) as one run.</summary>
    public LintReport CheckAll(IReadOnlyList<(byte[] Bytes, string Name)> inputs, CancellationToken cancellation = default) =>
        Report(inputs.Select(d =>
        {
            cancellation.ThrowIfCancellationRequested();
            return ((DocumentResult, SourceText?))CheckBytes(d.Bytes, d.Name);
        }).ToArray());

    /// <summary>The report of one run: the documents in input order, then the cross-document rules over all of them.</summary>
    private LintReport Report((DocumentResult Result, SourceText? Source)[] results)
    {
        var documents = results.Select(r => r.Result).ToList();
        if (_rules.HasDepartmentRules)
        {
            var cross = _rules.EvaluateDepartments(documents.Select(d => d.Submission));
            foreach (var group in cross.GroupBy(f => f.File, StringComparer.Ordinal))
            {
                // Filed under the first document of that name (the department's home table).
                var k = documents.FindIndex(d => d.File == group.Key);
                if (k < 0) continue;
                var d = documents[k];
                documents[k] = new DocumentResult
                {
                    File = d.File, Submission = d.Submission,
                    Findings = d.Findings.Concat(group).ToList(),
                    Snippets = SnippetsOf(group, results[k].Source, new Dictionary<int, string>(d.Snippets)),
                };
            }
        }
        return new LintReport { RuleSet = _rules.RuleSet, Documents = documents };
    }

    /// <summary>The submission standing for a file that could not be opened.</summary>
    public static Submission Unreadable(string path, Exception e)
    {
        var why = e switch
        {
            FileNotFoundException or DirectoryNotFoundException => "文件不存在",
            UnauthorizedAccessException => "没有读取权限",
            _ => e.Message,
        };
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
}
