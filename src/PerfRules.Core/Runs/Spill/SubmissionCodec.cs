using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// A compact submission as a spill record: what the department rules and the reports read of each
/// document of a batch once its own rules have run (the header, the amounts, the indicators' names and
/// values; no goal or task texts, layout lines or reading problems), a few KB a document. Private to one process and one run, so it is a
/// plain binary form, many times faster than the canonical YAML/JSON (see docs/architecture.md).
/// </summary>
internal static class SubmissionCodec
{
    /// <summary>A submission as a record, every diagnostic kept (<see cref="Write"/> without <c>compact</c>).</summary>
    public static byte[] Encode(Submission d)
    {
        var w = new SpillWriter(256);
        Write(w, d);
        return w.ToArray();
    }

    /// <summary>
    /// The record <see cref="Encode"/> makes, written to <paramref name="w"/>; with <paramref name="compact"/>, the
    /// compact record: reading problems kept only for a document not read as a table (the summary gives
    /// the reason); the rest of what is written is what department rules read.
    /// </summary>
    public static void Write(SpillWriter w, Submission d, bool compact = false)
    {
        w.BeginRecord();
        w.Write((int)d.Kind); w.Str(d.Layout); w.Str(d.Department); w.Str(d.MoneyUnit); w.Str(d.SourceFile); w.Str(d.Encoding);
        w.Write(d.BudgetYear ?? 0); w.Span(d.BudgetYearSpan);
        w.Write(d.Columns.Count);
        foreach (var c in d.Columns) w.Str(c);
        w.Write(d.GrandTotal is not null);
        if (d.GrandTotal is { } g) { w.Str(g.Name); Amounts(w, g.Amounts); w.Span(g.Span); }
        w.Write(d.Units.Count);
        foreach (var u in d.Units)
        {
            w.Str(u.Name); Amounts(w, u.Amounts); w.Span(u.Span); w.Write(u.Implicit);
            w.Write(u.Projects.Count);
            foreach (var p in u.Projects) { w.Str(p.Name); Amounts(w, p.Amounts); w.Span(p.Span); Indicators(w, p.Indicators); }
        }
        w.Write(d.Overall is not null);
        if (d.Overall is { } o)
        {
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
            {
                w.Write(list.Count);
                foreach (var a in list) { w.Str(a.Name); w.Dec(a.Value); w.Str(a.Text); w.Span(a.Span); }
            }
            w.Write(o.KeyTasks.Count);
            foreach (var t in o.KeyTasks) { w.Str(t.Name); w.Dec(t.Funds); w.Span(t.Span); w.Span(t.FundsSpan); }
            Indicators(w, o.Indicators);
        }
        IReadOnlyList<Diagnostic> diagnostics = compact && d.Kind != SubmissionKind.Unknown ? Array.Empty<Diagnostic>() : d.Diagnostics;
        w.Write(diagnostics.Count);
        foreach (var x in diagnostics) { w.Str(x.RuleId); w.Str(x.Message); w.Span(x.Span); w.Str(x.Text); }
    }

    public static Submission Decode(ReadOnlySpan<byte> record)
    {
        var r = new SpillReader(record);
        var d = new Submission
        {
            Kind = (SubmissionKind)r.Int32(), Layout = r.Str()!, Department = r.Str(), MoneyUnit = r.Str(), SourceFile = r.Str()!, Encoding = r.Str(),
        };
        var year = r.Int32();
        d.BudgetYear = year == 0 ? null : year;
        d.BudgetYearSpan = r.Span();
        for (int k = 0, n = r.Count(); k < n; k++) d.Columns.Add(r.Str()!);
        if (r.Boolean()) d.GrandTotal = new AmountRow { Name = r.Str()!, Amounts = Amounts(ref r), Span = r.Span() };
        for (int k = 0, n = r.Count(); k < n; k++)
        {
            var u = new FundingUnit { Name = r.Str()!, Amounts = Amounts(ref r), Span = r.Span(), Implicit = r.Boolean() };
            for (int j = 0, m = r.Count(); j < m; j++) u.Projects.Add(new Project { Name = r.Str()!, Amounts = Amounts(ref r), Span = r.Span(), Indicators = Indicators(ref r) });
            d.Units.Add(u);
        }
        if (r.Boolean())
        {
            var o = new DepartmentOverall();
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
                for (int k = 0, n = r.Count(); k < n; k++)
                    list.Add(new NamedAmount { Name = r.Str()!, Value = r.Dec(), Text = r.Str()!, Span = r.Span() });
            for (int k = 0, n = r.Count(); k < n; k++) o.KeyTasks.Add(new KeyTask { Name = r.Str()!, Funds = r.Dec(), Span = r.Span(), FundsSpan = r.Span() });
            o.Indicators = Indicators(ref r);
            d.Overall = o;
        }
        for (int k = 0, n = r.Count(); k < n; k++) d.Diagnostics.Add(new Diagnostic(r.Str()!, r.Str()!, r.Span(), r.Str()));
        return d;
    }

    // Indicators as the department rules read them: number, levels, name, both values and the spans.
    private static void Indicators(SpillWriter w, List<Indicator> list)
    {
        w.Write(list.Count);
        foreach (var i in list)
        {
            w.Write(i.Seq); Code(w, i.Level1); Code(w, i.Level2); w.Str(i.Name);
            w.Span(i.SpanPacked); w.Span(i.Level1Packed); w.Span(i.Level2Packed); w.Span(i.NamePacked); w.Span(i.CyclePacked); w.Span(i.AnnualPacked);
            Value(w, i.Cycle); Value(w, i.Annual);
        }
    }

    private static List<Indicator> Indicators(ref SpillReader r)
    {
        var n = r.Count();
        var list = new List<Indicator>(n);
        for (var k = 0; k < n; k++)
        {
            var i = new Indicator { Seq = r.Int32(), Level1 = Code(ref r), Level2 = Code(ref r), Name = r.Str()! };
            i.Span = r.Span(); i.Level1Span = r.Span(); i.Level2Span = r.Span(); i.NameSpan = r.Span(); i.CycleSpan = r.Span(); i.AnnualSpan = r.Span();
            i.Cycle = Value(ref r); i.Annual = Value(ref r);
            list.Add(i);
        }
        return list;
    }

    private static void Code(SpillWriter w, CodeName c) { w.Write(c.Code ?? -1); w.Str(c.Name); }

    private static CodeName Code(ref SpillReader r)
    {
        var code = r.Int32();
        var name = r.Str()!;
        return code < 0 && name.Length == 0 ? CodeName.None : new CodeName(code < 0 ? null : code, name);
    }

    private static void Value(SpillWriter w, TargetValue v)
    {
        w.Str(v.Text); w.Write((int)v.Kind); w.Write(v.Comparator is { } c ? (int)c : -1); w.Dec(v.Number); w.Str(v.Unit); w.Str(v.Subject);
        w.Write(v.Year ?? int.MinValue); w.Write(v.Month ?? int.MinValue); w.Write(v.Day ?? int.MinValue); w.Str(v.Reason); w.Span(v.PackedSpan);
        w.Write(v.Grades?.Count ?? -1);
        // Most values have no grades: no empty list made for them (`?? []` is a new List each time).
        if (v.Grades is not { } grades) return;
        foreach (var g in grades)
        {
            w.Str(g.Label); w.Str(g.Text); w.Write(g.Comparator is { } gc ? (int)gc : -1); w.Dec(g.Low); w.Dec(g.High); w.Str(g.Unit);
        }
    }

    private static TargetValue Value(ref SpillReader r)
    {
        var v = new TargetValue { Text = r.Str()!, Kind = (ValueKind)r.Int32() };
        var c = r.Int32();
        v.Comparator = c < 0 ? null : (Comparator)c;
        v.Number = r.Dec(); v.Unit = r.Str(); v.Subject = r.Str();
        int? Opt(int x) => x == int.MinValue ? null : x;
        v.Year = Opt(r.Int32()); v.Month = Opt(r.Int32()); v.Day = Opt(r.Int32()); v.Reason = r.Str(); v.Span = r.Span();
        var grades = r.Count(min: -1);
        if (grades >= 0)
        {
            v.Grades = new List<Grade>(grades);
            for (var k = 0; k < grades; k++)
            {
                var label = r.Str()!; var text = r.Str()!; var gc = r.Int32();
                v.Grades.Add(new Grade { Label = label, Text = text, Comparator = gc < 0 ? null : (Comparator)gc, Low = r.Dec(), High = r.Dec(), Unit = r.Str() });
            }
        }
        return v;
    }

    private static void Amounts(SpillWriter w, Amounts a)
    {
        w.Dec(a.Total); w.Write(a.Decimals);
        w.Write(a.Sources.Count);
        foreach (var s in a.Sources) { w.Str(s.Column); w.Write(s.Value); }
        w.Write(a.Unplaced.Count);
        foreach (var v in a.Unplaced) w.Write(v);
    }

    private static Amounts Amounts(ref SpillReader r)
    {
        var a = new Amounts { Total = r.Dec(), Decimals = r.Int32() };
        for (int k = 0, n = r.Count(); k < n; k++) a.Sources.Add(new ColumnAmount(r.Str()!, r.Decimal()));
        for (int k = 0, n = r.Count(); k < n; k++) a.Unplaced.Add(r.Decimal());
        return a;
    }
}
