using System.Reflection;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Values;
using PerfRules.Rules.Runtime;
using PerfRules.Yaml;

namespace PerfRules.Corpus;

/// <summary>A clean indicator taken from a seed: codes and names from the code table, values as printed.</summary>
public sealed record PoolIndicator(int L1Code, string L1Name, int L2Code, string L2Name, string Name, string Cycle, string Annual);

/// <summary>A key task of the department-overall seed (年度重点工作任务).</summary>
public sealed record PoolTask(string Name, string Content, string Outcome);

/// <summary>A project taken from a seed: its name and goal.</summary>
public sealed record PoolProject(string Name, string Goal);

/// <summary>
/// The material the generator varies: project names, goals and the indicators of the five seeds,
/// read with the real readers. Only indicators that no error-level core rule objects to are kept,
/// so a document without injected errors is clean.
/// </summary>
public sealed class SeedPool
{
    public IReadOnlyList<PoolProject> Projects { get; }
    public IReadOnlyList<PoolIndicator> Indicators { get; }
    public IReadOnlyList<string> Departments { get; }
    public IReadOnlyList<string> OverallGoals { get; }
    public IReadOnlyList<PoolTask> Tasks { get; }

    private static readonly Lazy<SeedPool> Seeds = new(() => FromSubmissions(ReadEmbeddedSeeds()));

    /// <summary>The pool of the five embedded seeds.</summary>
    public static SeedPool Default => Seeds.Value;

    private SeedPool(List<PoolProject> projects, List<PoolIndicator> indicators, List<string> departments, List<string> overallGoals, List<PoolTask> tasks)
    {
        Projects = projects; Indicators = indicators; Departments = departments; OverallGoals = overallGoals; Tasks = tasks;
    }

    public static IEnumerable<Submission> ReadEmbeddedSeeds()
    {
        var asm = typeof(SeedPool).Assembly;
        var reader = new SubmissionReader();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("seeds/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            yield return reader.Read(ms.ToArray(), name).Documents.Single().Submission;
        }
    }

    public static SeedPool FromSubmissions(IEnumerable<Submission> docs)
    {
        var codes = CodeTableYaml.Builtin;
        var projects = new List<PoolProject>();
        var indicators = new List<PoolIndicator>();
        var departments = new List<string>();
        var goals = new List<string>();
        var tasks = new List<PoolTask>();
        foreach (var doc in docs)
        {
            if (doc.Department is { Length: > 0 } d) departments.Add(Flat(d));
            foreach (var p in doc.Projects)
                if (Safe(p.Name) && p.Goal is { Length: > 0 } g && !g.Contains('\t'))
                    projects.Add(new PoolProject(Flat(p.Name), Flat(g)));
            if (doc.Overall?.Goals is { Length: > 0 } og) goals.Add(Flat(og));
            foreach (var t in doc.Overall?.KeyTasks ?? new List<KeyTask>())
                if (t.Name.Length > 0 && t.Content.Length > 0 && t.Outcome.Length > 0 && !(t.Name + t.Content + t.Outcome).Contains('\t'))
                    tasks.Add(new PoolTask(Flat(t.Name), Flat(t.Content), Flat(t.Outcome)));
            foreach (var i in doc.AllIndicators)
                if (Clean(i, codes) is { } c) indicators.Add(c);
        }
        return new SeedPool(
            projects.DistinctBy(p => p.Name).ToList(),
            indicators.DistinctBy(i => (i.L1Code, i.L2Code, i.Name, i.Cycle, i.Annual)).ToList(),
            departments.Distinct().ToList(),
            goals,
            tasks);
    }

    private static string Flat(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    // Text that the layouts can carry anywhere: no cell or clause separators, no blanks, no LaTeX.
    private static bool Safe(string s) =>
        s.Length > 0 && s.IndexOfAny(new[] { '；', ';', '。', ':', '：', '\t', '$', '\\', ' ', '\n' }) < 0;

    /// <summary>The indicator with its codes resolved, when no error-level rule would object to it.</summary>
    private static PoolIndicator? Clean(Indicator i, CodeTable codes)
    {
        var l1 = i.Level1.Code is { } c1 ? codes.Level1ByCode(c1) : codes.Level1ByName(i.Level1.Name);
        if (l1?.Code is not { } l1Code || !CodeTable.SameName(l1.Name, i.Level1.Name)) return null;
        var l2 = i.Level2.Code is { } c2 ? codes.Level2ByCode(c2) : codes.Level2ByName(i.Level2.Name, l1.Name);
        if (l2 is not { } found || found.Entry.Code is not { } l2Code || found.Parent != l1) return null;
        if (!CodeTable.SameName(found.Entry.Name, i.Level2.Name)) return null;
        var name = Flat(i.Name);
        var cycle = Flat(i.Cycle.Text);
        var annual = Flat(i.Annual.Text);
        if (!Safe(name) || !Safe(cycle) || !Safe(annual)) return null;
        // Values are re-parsed from the flattened text, as the reader will see them.
        var cv = TargetValueParser.Parse(cycle, name);
        var av = TargetValueParser.Parse(annual, name);
        if (cv.IsEmpty || av.IsEmpty || ValueConsistency.Compare(cv, av) is not null) return null;
        if (RuleHelpers.IsRate(name) && new[] { cv, av }.Any(v => v.Unit == "%" && v.Number > 100m)) return null;
        return new PoolIndicator(l1Code, l1.Name, l2Code, found.Entry.Name, name, cycle, annual);
    }
}
