using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Benchmarks;

/// <summary>What a hand-written check found: the rule id and where (the same location the engine reports).</summary>
public readonly record struct HandFinding(string RuleId, SourceSpan? Span, string? Unit, string? Project, int? IndicatorSeq);

/// <summary>
/// The core checks PR101–PR105, PR201, PR202, PR301–PR304 and PR401 written directly in C#, with
/// no rule engine: the floor the engine's time is compared with. It must find exactly what the
/// engine finds for these rules (rule id and location); tests/PerfRules.Tests checks that on the
/// seeds and on a generated corpus. It renders no messages or fingerprints: those are built only
/// for failing objects and are a small share of the engine's time on mostly clean documents.
/// </summary>
public sealed class HandWrittenChecks
{
    public static readonly IReadOnlyList<string> RuleIds =
        new[] { "PR101", "PR102", "PR103", "PR104", "PR105", "PR201", "PR202", "PR301", "PR302", "PR303", "PR304", "PR401" };

    private const decimal Tol = 0.005m;
    private readonly CodeTable _codes;

    public HandWrittenChecks(CodeTable? codes = null) { _codes = codes ?? CodeTable.Builtin; }

    public List<HandFinding> Check(Submission doc)
    {
        var found = new List<HandFinding>();
        // PR101 on every amount row: 合计, units, projects.
        if (doc.GrandTotal is { } gt) RowSum(gt.Amounts, gt.Span, null, null);
        foreach (var u in doc.Units)
        {
            RowSum(u.Amounts, u.Span, u, null);
            foreach (var p in u.Projects) RowSum(p.Amounts, p.Span, u, p);
        }
        // PR102: a unit against its projects.
        foreach (var u in doc.Units)
            if (!u.Implicit && u.Projects.Count > 0 && u.Amounts.Total is not null && Mismatch(u.Amounts, u.Projects.Select(p => p.Amounts)))
                found.Add(new HandFinding("PR102", u.Span, u.Name, null, null));
        // PR103: 合计 against the units (or the projects, where no unit has a row).
        if (doc.GrandTotal is { Amounts.Total: not null } total && doc.Units.Count > 0)
        {
            bool byUnit = doc.Units.Exists(u => !u.Implicit);
            var parts = byUnit ? doc.Units.Where(u => !u.Implicit).Select(u => u.Amounts) : doc.Units.SelectMany(u => u.Projects).Select(p => p.Amounts);
            if (Mismatch(total.Amounts, parts)) found.Add(new HandFinding("PR103", total.Span, null, null, null));
        }
        // PR104, PR105: the department-overall figures.
        if (doc.Overall is { } o && o.Expenditure.Count > 0)
        {
            var spent = Total(o.Expenditure);
            if (o.Income.Count > 0 && Math.Abs(spent - Total(o.Income)) > Tol)
                found.Add(new HandFinding("PR104", FirstSpan(o.Expenditure), null, null, null));
            if (o.BudgetLevels.Count > 0 && Math.Abs(spent - Total(o.BudgetLevels)) > Tol)
                found.Add(new HandFinding("PR105", FirstSpan(o.BudgetLevels), null, null, null));
        }
        foreach (var u in doc.Units)
            foreach (var p in u.Projects)
            {
                // PR201, PR202: at least one 产出 and one 效益 indicator.
                if (p.Indicators.Count > 0)
                {
                    bool output = false, benefit = false;
                    foreach (var i in p.Indicators)
                    {
                        output |= IsLevel1(i, 1, "产出指标");
                        benefit |= IsLevel1(i, 2, "效益指标");
                    }
                    if (!output) found.Add(new HandFinding("PR201", p.Span, u.Name, p.Name, null));
                    if (!benefit) found.Add(new HandFinding("PR202", p.Span, u.Name, p.Name, null));
                }
                foreach (var i in p.Indicators) IndicatorChecks(i, i.Span ?? p.IndicatorsSpan ?? p.Span, u, p);
            }
        if (doc.Overall is { } overall)
            foreach (var i in overall.Indicators) IndicatorChecks(i, i.Span, null, null);
        return found;

        void RowSum(Amounts a, SourceSpan? span, FundingUnit? u, Project? p)
        {
            if (a.Total is { } t && (a.Sources.Count > 0 || a.Unplaced.Count > 0) && Math.Abs(t - SourceSum(a)) > Tol)
                found.Add(new HandFinding("PR101", span, u?.Name, p?.Name, null));
        }

        void IndicatorChecks(Indicator i, SourceSpan? span, FundingUnit? u, Project? p)
        {
            var l1 = i.Level1.Code;
            var l2 = i.Level2.Code;
            if (l2 is { } c2)
            {
                var entry = _codes.Level2ByCode(c2);
                if (entry is null) Add("PR301");
                if (l1 is { } c1 && FirstDigit(c2) != c1) Add("PR302");
                if (entry is { } e && !CodeTable.SameName(e.Entry.Name, i.Level2.Name)) Add("PR304");
            }
            if (l1 is { } code1 && !(_codes.Level1ByCode(code1) is { } e1 && CodeTable.SameName(e1.Name, i.Level1.Name))) Add("PR303");
            if (ValueConsistency.Compare(i.Cycle, i.Annual) is not null) Add("PR401");

            void Add(string id) => found.Add(new HandFinding(id, span, u?.Name, p?.Name, i.Seq));
        }
    }

    private static bool IsLevel1(Indicator i, int code, string name) =>
        i.Level1.Code == code || (i.Level1.Code is null && CodeTable.SameName(i.Level1.Name, name));

    private static decimal SourceSum(Amounts a)
    {
        decimal s = 0;
        foreach (var c in a.Sources) s += c.Value;
        foreach (var v in a.Unplaced) s += v;
        return s;
    }

    private static decimal Total(List<NamedAmount> list)
    {
        decimal s = 0;
        foreach (var a in list) s += a.Value ?? 0m;
        return s;
    }

    private static SourceSpan? FirstSpan(List<NamedAmount> list)
    {
        foreach (var a in list) if (a.Span is not null) return a.Span;
        return null;
    }

    private static int FirstDigit(int n)
    {
        n = Math.Abs(n);
        while (n >= 10) n /= 10;
        return n;
    }

    /// <summary>
    /// Whether a row differs from the sum of its parts: in 总计, or — when no figure is unplaced —
    /// in any source column the row or a part names (a column missing from the row counts as 0).
    /// </summary>
    private static bool Mismatch(Amounts whole, IEnumerable<Amounts> partsSeq)
    {
        var parts = partsSeq as IReadOnlyList<Amounts> ?? partsSeq.ToList();
        decimal total = 0;
        bool unplaced = whole.Unplaced.Count > 0;
        foreach (var a in parts)
        {
            total += a.Total ?? 0m;
            unplaced |= a.Unplaced.Count > 0;
        }
        if (whole.Total is { } t && Math.Abs(t - total) > Tol) return true;
        if (unplaced) return false;
        foreach (var c in whole.Sources)
            if (Math.Abs((whole.Column(c.Column) ?? 0m) - ColumnSum(parts, c.Column)) > Tol) return true;
        foreach (var a in parts)
            foreach (var c in a.Sources)
                if (whole.Column(c.Column) is null && Math.Abs(ColumnSum(parts, c.Column)) > Tol) return true;
        return false;
    }

    private static decimal ColumnSum(IReadOnlyList<Amounts> parts, string column)
    {
        decimal s = 0;
        foreach (var a in parts)
            foreach (var c in a.Sources)
                if (c.Column == column) { s += c.Value; break; }
        return s;
    }
}
