using PerfRules.Model;
using static PerfRules.Runs.SpillBinary;

namespace PerfRules.Runs;

/// <summary>
/// A compact submission (<see cref="SubmissionCompaction.Compact"/>) as a spill record: what the
/// department rules read of each document of a batch. Private to one process and one run, so it is a
/// plain binary form, many times faster than the canonical YAML/JSON (see docs/architecture.md).
/// </summary>
internal static class SubmissionCodec
{
    /// <summary>A compact submission (<see cref="SubmissionCompaction.Compact"/>): what department rules read.</summary>
    public static byte[] Encode(Submission d)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write((int)d.Kind); Str(w, d.Layout); Str(w, d.Department); Str(w, d.MoneyUnit); Str(w, d.SourceFile); Str(w, d.Encoding);
        w.Write(d.Columns.Count);
        foreach (var c in d.Columns) Str(w, c);
        w.Write(d.GrandTotal is not null);
        if (d.GrandTotal is { } g) { Str(w, g.Name); Amounts(w, g.Amounts); Span(w, g.Span); }
        w.Write(d.Units.Count);
        foreach (var u in d.Units)
        {
            Str(w, u.Name); Amounts(w, u.Amounts); Span(w, u.Span); w.Write(u.Implicit);
            w.Write(u.Projects.Count);
            foreach (var p in u.Projects) { Str(w, p.Name); Amounts(w, p.Amounts); Span(w, p.Span); }
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
            foreach (var t in o.KeyTasks) { Str(w, t.Name); Dec(w, t.Funds); Span(w, t.Span); }
        }
        w.Write(d.Diagnostics.Count);
        foreach (var x in d.Diagnostics) { Str(w, x.RuleId); Str(w, x.Message); Span(w, x.Span); Str(w, x.Text); }
        w.Flush();
        return ms.ToArray();
    }

    public static Submission Decode(byte[] record)
    {
        using var r = new BinaryReader(new MemoryStream(record));
        var d = new Submission
        {
            Kind = (SubmissionKind)r.ReadInt32(), Layout = Str(r)!, Department = Str(r), MoneyUnit = Str(r), SourceFile = Str(r)!, Encoding = Str(r),
        };
        for (int k = 0, n = r.ReadInt32(); k < n; k++) d.Columns.Add(Str(r)!);
        if (r.ReadBoolean()) d.GrandTotal = new AmountRow { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r) };
        for (int k = 0, n = r.ReadInt32(); k < n; k++)
        {
            var u = new FundingUnit { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r), Implicit = r.ReadBoolean() };
            for (int j = 0, m = r.ReadInt32(); j < m; j++) u.Projects.Add(new Project { Name = Str(r)!, Amounts = Amounts(r), Span = Span(r) });
            d.Units.Add(u);
        }
        if (r.ReadBoolean())
        {
            var o = new DepartmentOverall();
            foreach (var list in new[] { o.Expenditure, o.Income, o.Development, o.BudgetLevels })
                for (int k = 0, n = r.ReadInt32(); k < n; k++)
                    list.Add(new NamedAmount { Name = Str(r)!, Value = Dec(r), Text = Str(r)!, Span = Span(r) });
            for (int k = 0, n = r.ReadInt32(); k < n; k++) o.KeyTasks.Add(new KeyTask { Name = Str(r)!, Funds = Dec(r), Span = Span(r) });
            d.Overall = o;
        }
        for (int k = 0, n = r.ReadInt32(); k < n; k++) d.Diagnostics.Add(new Diagnostic(Str(r)!, Str(r)!, Span(r), Str(r)));
        return d;
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
