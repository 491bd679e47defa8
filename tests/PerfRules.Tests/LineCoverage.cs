using System.Collections;
using System.Reflection;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests;

/// <summary>
/// Checks that a reader dropped nothing: every non-blank line of the source must be covered by a
/// span somewhere in the model (data, values, Furniture or a diagnostic).
/// </summary>
public static class LineCoverage
{
    /// <summary>The 1-based non-blank lines no span in the submission covers.</summary>
    public static IReadOnlyList<int> UncoveredLines(SourceText source, Submission submission)
    {
        var covered = new bool[source.LineCount + 2];
        foreach (var span in Spans(submission))
            for (int l = Math.Max(1, span.StartLine); l <= Math.Min(source.LineCount, span.EndLine); l++)
                covered[l] = true;
        return Enumerable.Range(1, source.LineCount).Where(l => !source.IsBlank(l) && !covered[l]).ToList();
    }

    /// <summary>
    /// Every SourceSpan reachable from the submission: units, projects (Span, GoalSpan,
    /// IndicatorsSpan), indicators and their values, the department-overall amounts, tasks, goals,
    /// indicators and categories, Furniture and Diagnostics. Walks the model by reflection so a span
    /// added to the model later is not missed.
    /// </summary>
    public static IEnumerable<SourceSpan> Spans(Submission submission)
    {
        var spans = new List<SourceSpan>();
        Walk(submission, spans, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return spans;
    }

    private static void Walk(object? node, List<SourceSpan> spans, HashSet<object> seen)
    {
        switch (node)
        {
            case null or string:
                return;
            case SourceSpan span:
                spans.Add(span);
                return;
            case IEnumerable items:
                foreach (var item in items) Walk(item, spans, seen);
                return;
        }
        var type = node.GetType();
        if (type.IsValueType || type.Namespace != typeof(Submission).Namespace || !seen.Add(node)) return;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (p.GetIndexParameters().Length == 0 && p.CanRead)
                Walk(p.GetValue(node), spans, seen);
    }
}
