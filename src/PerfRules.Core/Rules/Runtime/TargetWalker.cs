using PerfRules.Model;

namespace PerfRules.Rules.Runtime;

/// <summary>Lists the objects of each scope in document order, with their spans and logical paths.</summary>
internal static class TargetWalker
{
    private const string Sep = " › ";

    // 指标 1 … 指标 64 are made once, not for every indicator of every document.
    private static readonly string[] Labels = LabelsUpTo(64);

    // A loop, not LINQ over a range: generic code over int, JIT-compiled at every run's first document.
    private static string[] LabelsUpTo(int last)
    {
        var labels = new string[last + 1];
        for (var n = 0; n <= last; n++) labels[n] = "指标 " + n;
        return labels;
    }

    private static string IndicatorLabel(int seq) => seq >= 0 && seq < Labels.Length ? Labels[seq] : "指标 " + seq;

    /// <summary>
    /// Walks the objects of one scope in document order and calls the runner on each. The one
    /// target <paramref name="t"/> follows the walk: only the fields that change are set (the
    /// caller clears it before), its ordinal is the object's position in the scope, and its span
    /// and path are worked out when a finding needs them (<see cref="RuleTarget.Settle"/>).
    /// Department scope needs the whole run: see <see cref="DepartmentTargets"/>.
    /// </summary>
    public static void Walk(Submission doc, RuleScope scope, RuleTarget t, ScopeRunner run, CodeTable codes, RuleSink sink)
    {
        var n = 0;
        switch (scope)
        {
            case RuleScope.Document:
                run.RunDocument(doc, codes, sink);
                break;
            case RuleScope.Diagnostic:
                foreach (var d in doc.Diagnostics)
                {
                    t.Diagnostic = d; t.Ordinal = n++;
                    run.RunDiagnostic(doc, d, codes, sink);
                }
                break;
            case RuleScope.AmountRow:
                if (doc.GrandTotal is { } total)
                {
                    t.RowKind = "total"; t.RowName = total.Name.Length > 0 ? total.Name : "合计"; t.Amounts = total.Amounts; t.Ordinal = n++;
                    run.RunAmountRow(doc, null, null, t.RowKind, t.RowName, total.Amounts, codes, sink);
                }
                foreach (var u in doc.Units)
                {
                    t.Unit = u; t.Project = null; t.RowKind = "unit"; t.RowName = u.Name; t.Amounts = u.Amounts; t.Ordinal = n++;
                    run.RunAmountRow(doc, u, null, "unit", u.Name, u.Amounts, codes, sink);
                    t.RowKind = "project";
                    foreach (var p in u.Projects)
                    {
                        t.Project = p; t.RowName = p.Name; t.Amounts = p.Amounts; t.Ordinal = n++;
                        run.RunAmountRow(doc, u, p, "project", p.Name, p.Amounts, codes, sink);
                    }
                }
                break;
            case RuleScope.Unit:
                foreach (var u in doc.Units)
                {
                    t.Unit = u; t.Ordinal = n++;
                    run.RunUnit(doc, u, codes, sink);
                }
                break;
            case RuleScope.Project:
                foreach (var u in doc.Units)
                {
                    t.Unit = u;
                    foreach (var p in u.Projects)
                    {
                        t.Project = p; t.Ordinal = n++;
                        run.RunProject(doc, u, p, codes, sink);
                    }
                }
                break;
            case RuleScope.Indicator:
                foreach (var u in doc.Units)
                {
                    t.Unit = u;
                    foreach (var p in u.Projects)
                    {
                        t.Project = p;
                        foreach (var ind in p.Indicators)
                        {
                            t.Indicator = ind; t.Ordinal = n++;
                            run.RunIndicator(doc, u, p, ind, codes, sink);
                        }
                    }
                }
                if (doc.Overall is { } overall)
                {
                    t.Unit = null; t.Project = null;
                    foreach (var ind in overall.Indicators)
                    {
                        t.Indicator = ind; t.Ordinal = n++;
                        run.RunIndicator(doc, null, null, ind, codes, sink);
                    }
                }
                break;
        }
    }

    /// <summary>The objects of one scope as targets of their own, in <see cref="Walk"/>'s order (the slow paths: one rule, rule examples).</summary>
    public static List<RuleTarget> Targets(Submission doc, RuleScope scope)
    {
        var t = new RuleTarget(doc);
        var collect = new Collector(t, scope);
        Walk(doc, scope, t, collect, PerfRules.Yaml.CodeTableYaml.Builtin, collect.Sink);
        return collect.Targets;
    }

    /// <summary>A runner that runs no rule: it keeps a copy of the walk's target at each object.</summary>
    private sealed class Collector(RuleTarget t, RuleScope scope) : ScopeRunner
    {
        public readonly List<RuleTarget> Targets = new();
        public readonly RuleSink Sink = new NoSink();

        private void Keep() => Targets.Add(new RuleTarget(t.Doc)
        {
            Diagnostic = t.Diagnostic, Unit = t.Unit, Project = t.Project, Indicator = t.Indicator,
            RowKind = t.RowKind, RowName = t.RowName, Amounts = t.Amounts, Ordinal = t.Ordinal,
        }.Settle(scope));

        public override void RunDocument(Submission doc, CodeTable codes, RuleSink sink) => Keep();
        public override void RunDiagnostic(Submission doc, Diagnostic diagnostic, CodeTable codes, RuleSink sink) => Keep();
        public override void RunAmountRow(Submission doc, FundingUnit? unit, Project? project, string rowKind, string name, Amounts amounts, CodeTable codes, RuleSink sink) => Keep();
        public override void RunUnit(Submission doc, FundingUnit unit, CodeTable codes, RuleSink sink) => Keep();
        public override void RunProject(Submission doc, FundingUnit unit, Project project, CodeTable codes, RuleSink sink) => Keep();
        public override void RunIndicator(Submission doc, FundingUnit? unit, Project? project, Indicator indicator, CodeTable codes, RuleSink sink) => Keep();
    }

    private sealed class NoSink() : RuleSink(Array.Empty<bool>(), Array.Empty<RuleParams>())
    {
        public override void Failed(int rule, RuleOutcome outcome) { }
        public override void Threw(int rule, Exception e) { }
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
        foreach (var dept in DepartmentDocs.Group(docs)) list.Add(DepartmentTarget(dept, list.Count));
        return list;
    }

    /// <summary>A department as a target: its findings are filed under its first department-overall table, else its first document.</summary>
    public static RuleTarget DepartmentTarget(DepartmentDocs dept, int ordinal)
    {
        var home = dept.OverallTables.Count > 0 ? dept.OverallTables[0] : dept.Documents[0];
        return new RuleTarget(home) { Department = dept, Path = dept.Name, Ordinal = ordinal };
    }

    /// <summary>部门 › 单位 › 项目 › 指标 n (合计 and 部门整体 as parts), made only when a finding needs it.</summary>
    public static string PathOf(RuleTarget t)
    {
        // Built for every finding: in a pooled buffer (no builder and no char array of its own), not a list and LINQ.
        var sb = new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(0, 0);
        var empty = true;
        Add(ref sb, ref empty, t.Doc.Department);
        if (t.RowKind == "total") Add(ref sb, ref empty, "合计");
        if (t.Unit is not null) Add(ref sb, ref empty, t.Unit.Name);
        if (t.Project is not null) Add(ref sb, ref empty, t.Project.Name);
        if (t.Indicator is not null)
        {
            if (t.Project is null) Add(ref sb, ref empty, "部门整体");
            Add(ref sb, ref empty, IndicatorLabel(t.Indicator.Seq));
        }
        return sb.ToStringAndClear();

        static void Add(ref System.Runtime.CompilerServices.DefaultInterpolatedStringHandler sb, ref bool empty, string? part)
        {
            if (string.IsNullOrWhiteSpace(part)) return;
            if (!empty) sb.AppendLiteral(Sep);
            sb.AppendLiteral(part);
            empty = false;
        }
    }
}
