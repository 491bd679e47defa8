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
    public DocumentResult Check(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var doc = Unreadable(path, e);
            return new DocumentResult { File = path, Submission = doc, Findings = _rules.Evaluate(doc) };
        }
        return Check(bytes, path);
    }

    /// <summary>Checks bytes read from a file or received by the service, named as given.</summary>
    public DocumentResult Check(byte[] bytes, string name)
    {
        var (text, encoding) = TextDecoder.Decode(bytes);
        var source = new SourceText(name, text, encoding);
        var doc = _reader.Read(source);
        var findings = _rules.Evaluate(doc);
        var snippets = new Dictionary<int, string>();
        foreach (var f in findings)
            if (f.Span is { StartLine: var l } && l >= 1 && l <= source.LineCount)
                snippets[l] = source[l];
        return new DocumentResult { File = name, Submission = doc, Findings = findings, Snippets = snippets };
    }

    public LintReport CheckAll(IEnumerable<string> paths) => new()
    {
        RuleSet = _rules.RuleSet,
        Documents = ExpandPaths(paths).Select(Check).ToList(),
    };

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
