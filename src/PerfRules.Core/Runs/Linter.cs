using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules.Runtime;

namespace PerfRules.Runs;

/// <summary>
/// A run: inputs in (paths, or bytes received), every document read (<see cref="SubmissionReader"/>)
/// and checked (<see cref="CompiledRuleSet"/>), the cross-document rules over the whole run, a
/// <see cref="LintReport"/> out. Hosts (CLI, service) start every check here.
/// </summary>
public sealed class Linter
{
    private readonly DocumentCheck _check;

    /// <param name="reader">The reader, with its limits and formats (default: Core's formats, the rule set's code table).</param>
    public Linter(CompiledRuleSet rules, SubmissionReader? reader = null)
    {
        Rules = rules;
        Reader = reader ?? new SubmissionReader(new ReadOptions { Codes = rules.RuleSet.Codes });
        _check = new DocumentCheck(this);
    }

    public CompiledRuleSet Rules { get; }
    public SubmissionReader Reader { get; }

    /// <summary>Where the run reports what it does (file names, counts and timings only, never document contents).</summary>
    public IRunLog Log { get; init; } = RunLog.None;

    /// <summary>Checks one file: its documents (one, or several for a workbook's table sheets). A file that cannot be opened is a PR001 document.</summary>
    public IReadOnlyList<DocumentResult> Check(string path) => _check.File(path).Select(d => d.Result).ToList();

    /// <summary>Checks bytes read from a file or received by the service, named as given.</summary>
    public IReadOnlyList<DocumentResult> Check(byte[] bytes, string name) => _check.Bytes(bytes, name).Select(d => d.Result).ToList();

    public LintReport CheckAll(IEnumerable<string> paths) => CheckAll(paths, new CheckOptions());

    /// <summary>
    /// Checks every file (in parallel, up to <see cref="CheckOptions.Jobs"/> at a time), then runs the
    /// cross-document rules over the whole run. Results keep input order whatever the parallelism.
    /// </summary>
    public LintReport CheckAll(IEnumerable<string> paths, CheckOptions options) => CheckAll(InputExpansion.Expand(paths), options);

    /// <summary>
    /// Checks inputs already expanded by <see cref="InputExpansion.Expand"/>. Unless
    /// <see cref="CheckOptions.KeepSubmissions"/> is set, each document's results and compact model
    /// go to a temporary file as soon as its own rules have run (<see cref="BatchRun"/>): memory stays
    /// nearly flat in the number of documents.
    /// </summary>
    public LintReport CheckAll(IReadOnlyList<InputFile> files, CheckOptions options)
    {
        var jobs = options.Jobs > 0 ? options.Jobs : Environment.ProcessorCount;
        Log.Started(files.Count, jobs);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = options.Cancellation };
        if (!options.KeepSubmissions) return new BatchRun(this, _check).Run(files, options, parallel);

        var results = new IReadOnlyList<CheckedDocument>[files.Count];
        Parallel.For(0, files.Count, parallel, i =>
        {
            results[i] = _check.File(files[i].Path, files[i].Problem, options);
            options.OnFile?.Invoke(files[i].Path, results[i].Select(d => d.Result).ToList());
        });
        return InMemory(results.SelectMany(r => r).ToList(), options.Jobs);
    }

    /// <summary>Checks documents received together (the service's multipart upload) as one run, in memory, on the request's thread (its report too).</summary>
    public LintReport CheckAll(IReadOnlyList<(byte[] Bytes, string Name)> inputs, CancellationToken cancellation = default)
    {
        var results = new List<CheckedDocument>();
        foreach (var (bytes, name) in inputs)
        {
            cancellation.ThrowIfCancellationRequested();
            results.AddRange(_check.Bytes(bytes, name, cancellation));
        }
        return InMemory(results, jobs: 1);
    }

    /// <summary>The report of a run held in memory: the documents in input order, then the cross-document rules over all of them.</summary>
    private LintReport InMemory(List<CheckedDocument> results, int jobs)
    {
        var documents = results.Select(r => r.Result).ToList();
        if (Rules.HasDepartmentRules)
            DepartmentRun.AddCrossFindings(Rules.EvaluateDepartments(documents.Select(d => d.Submission)), documents.Count,
                k => documents[k].File, k => results[k].Source, k => documents[k], (k, d) => documents[k] = d);
        return new LintReport { RuleSet = Rules.RuleSet, Documents = documents, Jobs = jobs };
    }

    /// <summary>The submission standing for a file that could not be opened.</summary>
    public static Submission Unreadable(string path, Exception e) => Unreadable(path, InputExpansion.Why(e));

    /// <summary>The submission standing for a path that was not read, and why.</summary>
    public static Submission Unreadable(string path, string why)
    {
        var doc = new Submission { Kind = SubmissionKind.Unknown, SourceFile = path };
        doc.Diagnostics.Add(new Diagnostic("PR001", $"无法读取文件：{why}", null));
        return doc;
    }
}
