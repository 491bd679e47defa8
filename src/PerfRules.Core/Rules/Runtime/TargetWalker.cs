using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>Lists the objects of each scope in document order, with their spans and logical paths.</summary>
internal static class TargetWalker
{
    private const string Sep = " › ";

    public static List<RuleTarget> Targets(Submission doc, RuleScope scope)
    {
        var list = new List<RuleTarget>();
        var dept = doc.Department;
        switch (scope)
        {
            case RuleScope.Document:
                list.Add(new RuleTarget(doc) { Path = Join(dept) });
                break;
            case RuleScope.Diagnostic:
                foreach (var d in doc.Diagnostics)
                    list.Add(new RuleTarget(doc) { Diagnostic = d, Span = d.Span, Path = Join(dept), Ordinal = list.Count });
                break;
            case RuleScope.AmountRow:
                if (doc.GrandTotal is { } total)
                    list.Add(new RuleTarget(doc)
                    {
                        RowKind = "total", RowName = total.Name.Length > 0 ? total.Name : "合计", Amounts = total.Amounts,
                        Span = total.Span, Path = Join(dept, "合计"), Ordinal = list.Count,
                    });
                foreach (var u in doc.Units)
                {
                    list.Add(new RuleTarget(doc)
                    {
                        Unit = u, RowKind = "unit", RowName = u.Name, Amounts = u.Amounts,
                        Span = u.Span, Path = Join(dept, u.Name), Ordinal = list.Count,
                    });
                    foreach (var p in u.Projects)
                        list.Add(new RuleTarget(doc)
                        {
                            Unit = u, Project = p, RowKind = "project", RowName = p.Name, Amounts = p.Amounts,
                            Span = p.Span, Path = Join(dept, u.Name, p.Name), Ordinal = list.Count,
                        });
                }
                break;
            case RuleScope.Unit:
                foreach (var u in doc.Units)
                    list.Add(new RuleTarget(doc) { Unit = u, Span = u.Span, Path = Join(dept, u.Name), Ordinal = list.Count });
                break;
            case RuleScope.Project:
                foreach (var u in doc.Units)
                    foreach (var p in u.Projects)
                        list.Add(new RuleTarget(doc) { Unit = u, Project = p, Span = p.Span, Path = Join(dept, u.Name, p.Name), Ordinal = list.Count });
                break;
            case RuleScope.Indicator:
                foreach (var u in doc.Units)
                    foreach (var p in u.Projects)
                        foreach (var i in p.Indicators)
                            list.Add(new RuleTarget(doc)
                            {
                                Unit = u, Project = p, Indicator = i, Span = i.Span ?? p.IndicatorsSpan ?? p.Span,
                                Path = Join(dept, u.Name, p.Name, "指标 " + i.Seq), Ordinal = list.Count,
                            });
                foreach (var i in doc.Overall?.Indicators ?? new List<Indicator>())
                    list.Add(new RuleTarget(doc) { Indicator = i, Span = i.Span, Path = Join(dept, "部门整体", "指标 " + i.Seq), Ordinal = list.Count });
                break;
        }
        // Department scope needs the whole run: see DepartmentTargets.
        return list;
    }

    /// <summary>One target per department of the run; <c>doc</c> is where its findings are filed.</summary>
    public static List<RuleTarget> DepartmentTargets(IEnumerable<Submission> docs)
    {
        var list = new List<RuleTarget>();
        foreach (var dept in DepartmentDocs.Group(docs))
        {
            var home = dept.OverallTables.FirstOrDefault() ?? dept.Documents[0];
            list.Add(new RuleTarget(home) { Department = dept, Path = Join(dept.Name), Ordinal = list.Count });
        }
        return list;
    }

    private static string Join(params string?[] parts) =>
        string.Join(Sep, parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
