using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>Lists the objects of each scope in document order, with their spans and logical paths.</summary>
internal static class TargetWalker
{
    private const string Sep = " › ";

    // 指标 1 … 指标 64 are made once, not for every indicator of every document.
    private static readonly string[] Labels = Enumerable.Range(0, 65).Select(n => "指标 " + n).ToArray();

    private static string IndicatorLabel(int seq) => seq >= 0 && seq < Labels.Length ? Labels[seq] : "指标 " + seq;

    public static List<RuleTarget> Targets(Submission doc, RuleScope scope)
    {
        var list = new List<RuleTarget>();
        switch (scope)
        {
            case RuleScope.Document:
                Add(new RuleTarget(doc));
                break;
            case RuleScope.Diagnostic:
                foreach (var d in doc.Diagnostics) Add(new RuleTarget(doc) { Diagnostic = d });
                break;
            case RuleScope.AmountRow:
                if (doc.GrandTotal is { } total)
                    Add(new RuleTarget(doc) { RowKind = "total", RowName = total.Name.Length > 0 ? total.Name : "合计", Amounts = total.Amounts });
                foreach (var u in doc.Units)
                {
                    Add(new RuleTarget(doc) { Unit = u, RowKind = "unit", RowName = u.Name, Amounts = u.Amounts });
                    foreach (var p in u.Projects)
                        Add(new RuleTarget(doc) { Unit = u, Project = p, RowKind = "project", RowName = p.Name, Amounts = p.Amounts });
                }
                break;
            case RuleScope.Unit:
                foreach (var u in doc.Units) Add(new RuleTarget(doc) { Unit = u });
                break;
            case RuleScope.Project:
                foreach (var u in doc.Units)
                    foreach (var p in u.Projects)
                        Add(new RuleTarget(doc) { Unit = u, Project = p });
                break;
            case RuleScope.Indicator:
                foreach (var u in doc.Units)
                    foreach (var p in u.Projects)
                        foreach (var i in p.Indicators)
                            Add(new RuleTarget(doc) { Unit = u, Project = p, Indicator = i });
                foreach (var i in doc.Overall?.Indicators ?? new List<Indicator>())
                    Add(new RuleTarget(doc) { Indicator = i });
                break;
        }
        // Department scope needs the whole run: see DepartmentTargets.
        return list;

        void Add(RuleTarget t)
        {
            t.Ordinal = list.Count;
            list.Add(t.Settle(scope));
        }
    }

    /// <summary>The scopes that have at least one object in <paramref name="doc"/>, one bit per scope.</summary>
    public static int ScopeMask(Submission doc)
    {
        var mask = 1 << (int)RuleScope.Document;
        if (doc.Diagnostics.Count > 0) mask |= 1 << (int)RuleScope.Diagnostic;
        if (doc.GrandTotal is not null || doc.Units.Count > 0) mask |= 1 << (int)RuleScope.AmountRow;
        if (doc.Units.Count > 0) mask |= 1 << (int)RuleScope.Unit;
        foreach (var u in doc.Units)
            foreach (var p in u.Projects)
            {
                mask |= 1 << (int)RuleScope.Project;
                if (p.Indicators.Count > 0) mask |= 1 << (int)RuleScope.Indicator;
            }
        if (doc.Overall is { Indicators.Count: > 0 }) mask |= 1 << (int)RuleScope.Indicator;
        return mask;
    }

    /// <summary>One target per department of the run; <c>doc</c> is where its findings are filed.</summary>
    public static List<RuleTarget> DepartmentTargets(IEnumerable<Submission> docs)
    {
        var list = new List<RuleTarget>();
        foreach (var dept in DepartmentDocs.Group(docs))
        {
            var home = dept.OverallTables.FirstOrDefault() ?? dept.Documents[0];
            list.Add(new RuleTarget(home) { Department = dept, Path = dept.Name, Ordinal = list.Count });
        }
        return list;
    }

    /// <summary>部门 › 单位 › 项目 › 指标 n (合计 and 部门整体 as parts), made only when a finding needs it.</summary>
    public static string PathOf(RuleTarget t)
    {
        // Built for every finding: a StringBuilder, not a list and LINQ.
        var sb = new System.Text.StringBuilder(64);
        Add(t.Doc.Department);
        if (t.RowKind == "total") Add("合计");
        if (t.Unit is not null) Add(t.Unit.Name);
        if (t.Project is not null) Add(t.Project.Name);
        if (t.Indicator is not null)
        {
            if (t.Project is null) Add("部门整体");
            Add(IndicatorLabel(t.Indicator.Seq));
        }
        return sb.ToString();

        void Add(string? part)
        {
            if (string.IsNullOrWhiteSpace(part)) return;
            if (sb.Length > 0) sb.Append(Sep);
            sb.Append(part);
        }
    }
}
