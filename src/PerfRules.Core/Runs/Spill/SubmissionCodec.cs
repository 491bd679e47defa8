using PerfRules.Model;
using static PerfRules.Runs.SpillBinary;

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
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        Write(w, d);
        return ms.ToArray();
    }

    /// <summary>
    /// The record <see cref="Encode"/> makes, written to <paramref name="w"/>; with <paramref name="compact"/>, the
    /// compact record: reading problems kept only for a document not read as a table (the summary gives
    /// the reason); the rest of what is written is what department rules read.
    /// </summary>
    public static void Write(BinaryWriter w, Submission d, bool compact = false)
    {
        w.Write((int)d.Kind); Str(w, d.Layout); Str(w, d.Department); Str(w, d.MoneyUnit); Str(w, d.SourceFile); Str(w, d.Encoding);
        w.Write(d.BudgetYear ?? 0); Span(w, d.BudgetYearSpan);
        w.Write(d.Columns.Count);
        foreach (var c in d.Columns) Str(w, c);
        w.Write(d.GrandTotal is not null);
        if (d.GrandTotal is { } g) { Str(w, g.Name); Amounts(w, g.Amounts); Span(w, g.Span); }
        w.Write(d.Units.Count);
        foreach (var u in d.Units)
        {
            Str(w, u.Name); Amounts(w, u.Amounts); Span(w, u.Span); w.Write(u.Implicit);
            w.Write(u.Projects.Count);
            foreach (var p in u.Projects) { Str(w, p.Name); Amounts(w, p.Amounts); Span(w, p.Span); Indicators(w, p.Indicators); }
        }
        w.Write(d.Overall is not null);
        if (d.Overall is { } o)
        {
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
            {
                w.Write(list.Count);
                foreach (var a in list) { Str(w, a.Name); Dec(w, a.Value); Str(w, a.Text); Span(w, a.Span); }
            }
            w.Write(o.KeyTasks.Count);
            foreach (var t in o.KeyTasks) { Str(w, t.Name); Dec(w, t.Funds); Span(w, t.Span); Span(w, t.FundsSpan); }
            Indicators(w, o.Indicators);
        }
        IReadOnlyList<Diagnostic> diagnostics = compact && d.Kind != SubmissionKind.Unknown ? Array.Empty<Diagnostic>() : d.Diagnostics;
        w.Write(diagnostics.Count);
        foreach (var x in diagnostics) { Str(w, x.RuleId); Str(w, x.Message); Span(w, x.Span); Str(w, x.Text); }
        w.Flush();
    }

    public static Submission Decode(byte[] record)
    {
        using var r = Reader(record);
        var d = new Submission
        {
            Kind = (SubmissionKind)r.ReadInt32(), Layout = Str(r)!, Department = Str(r), MoneyUnit = Str(r), SourceFile = Str(r)!, Encoding = Str(r),
        };
        var year = r.ReadInt32();
        d.BudgetYear = year == 0 ? null : year;
        d.BudgetYearSpan = Span(r);
        for (int k = 0, n = r.ReadInt32(); k < n; k++) d.Columns.Add(Str(r)!);
        if (r.ReadBoolean()) d.GrandTotal = new AmountRow { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r) };
        for (int k = 0, n = r.ReadInt32(); k < n; k++)
        {
            var u = new FundingUnit { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r), Implicit = r.ReadBoolean() };
            for (int j = 0, m = r.ReadInt32(); j < m; j++) u.Projects.Add(new Project { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r), Indicators = Indicators(r) });
            d.Units.Add(u);
        }
        if (r.ReadBoolean())
        {
            var o = new DepartmentOverall();
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
                for (int k = 0, n = r.ReadInt32(); k < n; k++)
                    list.Add(new NamedAmount { Name = Str(r)!, Value = Dec(r), Text = Str(r)!, Span = Span(r) });
            for (int k = 0, n = r.ReadInt32(); k < n; k++) o.KeyTasks.Add(new KeyTask { Name = Str(r)!, Funds = Dec(r), Span = Span(r), FundsSpan = Span(r) });
            o.Indicators = Indicators(r);
            d.Overall = o;
        }
        for (int k = 0, n = r.ReadInt32(); k < n; k++) d.Diagnostics.Add(new Diagnostic(Str(r)!, Str(r)!, Span(r), Str(r)));
        return d;
    }

    // Indicators as the department rules read them: number, levels, name, both values and the spans.
    private static void Indicators(BinaryWriter w, List<Indicator> list)
    {
        w.Write(list.Count);
        foreach (var i in list)
        {
            w.Write(i.Seq); Code(w, i.Level1); Code(w, i.Level2); Str(w, i.Name);
            Span(w, i.SpanPacked); Span(w, i.Level1Packed); Span(w, i.Level2Packed); Span(w, i.NamePacked); Span(w, i.CyclePacked); Span(w, i.AnnualPacked);
            Value(w, i.Cycle); Value(w, i.Annual);
        }
    }

    private static List<Indicator> Indicators(BinaryReader r)
    {
        var n = r.ReadInt32();
        var list = new List<Indicator>(n);
        for (var k = 0; k < n; k++)
        {
            var i = new Indicator { Seq = r.ReadInt32(), Level1 = Code(r), Level2 = Code(r), Name = Str(r)! };
            i.Span = Span(r); i.Level1Span = Span(r); i.Level2Span = Span(r); i.NameSpan = Span(r); i.CycleSpan = Span(r); i.AnnualSpan = Span(r);
            i.Cycle = Value(r); i.Annual = Value(r);
            list.Add(i);
        }
        return list;
    }

    private static void Code(BinaryWriter w, CodeName c) { w.Write(c.Code ?? -1); Str(w, c.Name); }

    private static CodeName Code(BinaryReader r)
    {
        var code = r.ReadInt32();
        var name = Str(r)!;
        return code < 0 && name.Length == 0 ? CodeName.None : new CodeName(code < 0 ? null : code, name);
    }

    private static void Value(BinaryWriter w, TargetValue v)
    {
        Str(w, v.Text); w.Write((int)v.Kind); w.Write(v.Comparator is { } c ? (int)c : -1); Dec(w, v.Number); Str(w, v.Unit); Str(w, v.Subject);
        w.Write(v.Year ?? int.MinValue); w.Write(v.Month ?? int.MinValue); w.Write(v.Day ?? int.MinValue); Str(w, v.Reason); Span(w, v.PackedSpan);
        w.Write(v.Grades?.Count ?? -1);
        // Most values have no grades: no empty list made for them (`?? []` is a new List each time).
        if (v.Grades is not { } grades) return;
        foreach (var g in grades)
        {
            Str(w, g.Label); Str(w, g.Text); w.Write(g.Comparator is { } gc ? (int)gc : -1); Dec(w, g.Low); Dec(w, g.High); Str(w, g.Unit);
        }
    }

    private static TargetValue Value(BinaryReader r)
    {
        var v = new TargetValue { Text = Str(r)!, Kind = (ValueKind)r.ReadInt32() };
        var c = r.ReadInt32();
        v.Comparator = c < 0 ? null : (Comparator)c;
        v.Number = Dec(r); v.Unit = Str(r); v.Subject = Str(r);
        int? Opt(int x) => x == int.MinValue ? null : x;
        v.Year = Opt(r.ReadInt32()); v.Month = Opt(r.ReadInt32()); v.Day = Opt(r.ReadInt32()); v.Reason = Str(r); v.Span = Span(r);
        var grades = r.ReadInt32();
        if (grades >= 0)
        {
            v.Grades = new List<Grade>(grades);
            for (var k = 0; k < grades; k++)
            {
                var label = Str(r)!; var text = Str(r)!; var gc = r.ReadInt32();
                v.Grades.Add(new Grade { Label = label, Text = text, Comparator = gc < 0 ? null : (Comparator)gc, Low = Dec(r), High = Dec(r), Unit = Str(r) });
            }
        }
        return v;
    }

    private static void Amounts(BinaryWriter w, Amounts a)
    {
        Dec(w, a.Total); w.Write(a.Decimals);
        w.Write(a.Sources.Count);
        foreach (var s in a.Sources) { Str(w, s.Column); w.Write(s.Value); }
        w.Write(a.Unplaced.Count);
        foreach (var v in a.Unplaced) w.Write(v);
    }

    private static Amounts Amounts(BinaryReader r)
    {
        var a = new Amounts { Total = Dec(r), Decimals = r.ReadInt32() };
        for (int k = 0, n = r.ReadInt32(); k < n; k++) a.Sources.Add(new ColumnAmount(Str(r)!, r.ReadDecimal()));
        for (int k = 0, n = r.ReadInt32(); k < n; k++) a.Unplaced.Add(r.ReadDecimal());
        return a;
    }
}
