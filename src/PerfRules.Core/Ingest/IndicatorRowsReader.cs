using System.Text.RegularExpressions;
using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// One row per indicator (the layout clerks use in a spreadsheet): the project columns (项目名称,
/// 资金使用单位, amounts, 绩效目标) on a project's first row — merged over its indicator rows or left
/// blank below — then 一级指标 | 二级指标 | 三级指标 | 实施周期指标值 | 年度指标值. Levels are written with
/// or without their code (1-产出指标 or 产出指标); a name alone takes its code from the code table, and
/// an empty level cell means "same as above". Read from tab-separated lines, so the same reader reads
/// a worksheet, a Word table, a CSV file or tab-separated text.
/// </summary>
public sealed partial class IndicatorRowsReader : IDocumentReader
{
    public string Layout => "rows";

    public int Detect(SourceText source)
    {
        // A heading is a row of cells (MayBeHeading): text without a tab has none.
        if (!source.HasTab) return 0;
        for (int line = 1; line <= source.LineCount; line++)
            if (MayBeHeading(source.Chars(line)) && IsHeading(source, line)) return 95;
        return 0;
    }

    // Its own method: a lambda capturing the line inside the loop allocated a closure per line.
    private static bool IsHeading(SourceText source, int line) => ReadHeading(source, new TabRow(source, line)) is not null;

    private static Heading? ReadHeading(SourceText source, TabRow row) => Heading.TryRead(row, () => NextContentRow(source, row.Line));

    /// <summary>A cheap test before splitting a line: a heading has a 项目名称 (or 项目) cell.</summary>
    private static bool MayBeHeading(ReadOnlySpan<char> line)
        => line.Contains('\t') && (line.Contains("项目名称", StringComparison.Ordinal) || line.Contains("项目\t", StringComparison.Ordinal) || line.EndsWith("项目", StringComparison.Ordinal));

    private static TabRow? NextContentRow(SourceText source, int line)
    {
        for (int next = line + 1; next <= source.LineCount; next++)
            if (!source.IsBlank(next)) return new TabRow(source, next);
        return null;
    }

    [GeneratedRegex(@"^(?<code>\d{1,3})\s*[-－—–.．、]\s*(?<name>\S.*)$")]
    private static partial Regex CodedName();

    [GeneratedRegex(@"[（(]\s*(?<unit>万元|亿元|千元|元)\s*[）)]")]
    private static partial Regex UnitInHeading();

    /// <summary>Column positions, from a heading row and (when the heading is two rows high) the row under it.</summary>
    private sealed class Heading
    {
        public int Name = -1, Unit = -1, Goal = -1, L1 = -1, L2 = -1, L3 = -1, Cycle = -1, Annual = -1;
        public readonly List<(int Index, string Column)> Amounts = new();
        /// <summary>
        /// 未分列金额 columns: figures whose source column the original did not say (a converted
        /// inline table, where empty columns vanish), read into <see cref="Model.Amounts.Unplaced"/> in order.
        /// </summary>
        public readonly List<int> UnplacedFigures = new();
        /// <summary>Columns that carry nothing for the model (序号): their cells are layout.</summary>
        public readonly HashSet<int> Ignored = new();
        /// <summary>Columns with a heading this reader does not know, by index.</summary>
        public readonly Dictionary<int, string> Unknown = new();
        public string? MoneyUnit;
        public int Lines = 1;

        public bool IsIndicatorColumn(int i) => i == L1 || i == L2 || i == L3 || i == Cycle || i == Annual;

        public bool IsAmountColumn(int i)
        {
            foreach (var (index, _) in Amounts)
                if (index == i) return true;
            return UnplacedFigures.Contains(i);
        }

        /// <param name="next">The row under the heading, asked for only when the heading may be two rows high.</param>
        public static Heading? TryRead(TabRow top, Func<TabRow?> next)
        {
            if (top.IndexWhere(IsNameHead) < 0) return null;
            var below = top.IndexWhere(c => c == "一级指标") < 0 ? next() : null;
            bool hasLevels(TabRow r) => r.IndexWhere(c => c == "一级指标") >= 0 && r.IndexWhere(c => c == "二级指标") >= 0;
            bool twoRows = below is not null && !hasLevels(top) && hasLevels(below) && below.NonEmpty().All(i => IsKnownHead(Head(below[i])));
            if (!hasLevels(top) && !twoRows) return null;
            var h = new Heading { Lines = twoRows ? 2 : 1 };
            int count = Math.Max(top.Count, twoRows ? below!.Count : 0);
            var heads = new string[count];
            for (int i = 0; i < count; i++)
            {
                var raw = twoRows && below!.Has(i) ? below[i] : top[i];
                if (UnitInHeading().Match(raw) is { Success: true } m) h.MoneyUnit ??= m.Groups["unit"].Value;
                heads[i] = Head(raw);
            }
            int total = -1;
            for (int i = 0; i < count; i++)
            {
                var head = heads[i];
                if (head.Length == 0) continue;
                if (IsNameHead(head) && h.Name < 0) h.Name = i;
                else if (head is "资金使用单位" or "单位名称" or "预算单位" && h.Unit < 0) h.Unit = i;
                else if (head == "绩效目标" || head.StartsWith("年度绩效目标", StringComparison.Ordinal)) h.Goal = i;
                else if (head == "一级指标") h.L1 = i;
                else if (head == "二级指标") h.L2 = i;
                else if (head is "三级指标" or "指标名称" or "绩效指标名称") h.L3 = i;
                else if (head.StartsWith("实施周期", StringComparison.Ordinal)) h.Cycle = i;
                else if (head.StartsWith("年度指标", StringComparison.Ordinal)) h.Annual = i;
                else if (head is "序号" or "编号" or "绩效指标") h.Ignored.Add(i);
                else if (head is "总计" or "合计" && total < 0) { total = i; h.Amounts.Add((i, ColumnNames.Total)); }
                else if (total >= 0 && HeaderLines.IsKnownHeading(head)) h.Amounts.Add((i, head));
                else if (total >= 0 && IsUnplacedHead(head)) h.UnplacedFigures.Add(i);
                else h.Unknown[i] = top[i].Length > 0 ? top[i] : heads[i];
            }
            return h.Name >= 0 && h.L1 >= 0 && h.L2 >= 0 && h.L3 >= 0 ? h : null;
        }

        private static bool IsNameHead(string head) => head.StartsWith("项目名称", StringComparison.Ordinal) || head == "项目";

        /// <summary>未分列金额, 未分列金额2, …: the heading <c>perfrules convert</c> writes for such figures.</summary>
        public static bool IsUnplacedHead(string head) => head.StartsWith(UnplacedHeading, StringComparison.Ordinal);

        private static bool IsKnownHead(string head)
            => head is "一级指标" or "二级指标" or "三级指标" or "指标名称" or "绩效指标名称" or "绩效目标" or "序号"
               || head.StartsWith("实施周期", StringComparison.Ordinal) || head.StartsWith("年度指标", StringComparison.Ordinal)
               || HeaderLines.IsKnownHeading(head) || IsUnplacedHead(head);

        /// <summary>A heading as compared: no white space, no money unit in brackets.</summary>
        private static string Head(string raw) => TabRow.Norm(UnitInHeading().Replace(raw, ""));
    }

    /// <summary>The heading of a column of figures whose source column is not known (numbered from the second: 未分列金额2).</summary>
    public const string UnplacedHeading = "未分列金额";

    /// <summary>One data row, read once and classified after all rows are known.</summary>
    // A struct in one list sized for the document: a workbook's sheet has a row per indicator.
    private readonly record struct DataRow(TabRow Row, string Name, string UnitName, Amounts? Figures, string Goal, bool HasIndicator)
    {
        /// <summary>The row's amounts (made only for a row that has some: most rows are indicator rows).</summary>
        public Amounts Amounts => Figures ?? new Amounts();
    }

    // Not a lambda: one capturing the row inside the loop allocated a closure per row.
    private static FundingUnit? FindUnit(Submission sub, string name)
    {
        foreach (var u in sub.Units)
            if (u.Name == name) return u;
        return null;
    }

    public Submission Read(SourceText source, ReadOptions options)
    {
        var ctx = new ReadContext(source, options, SubmissionKind.ProjectTargets, Layout);
        var sub = ctx.Submission;
        Heading? heading = null;
        var rows = new List<DataRow>(source.LineCount);

        for (int line = 1; line <= source.LineCount; line++)
        {
            if (source.IsBlank(line)) continue;
            var s = source.Chars(line);
            var row = new TabRow(source, line);
            if (MayBeHeading(s) && ReadHeading(source, row) is { } h)
            {
                ctx.Furniture(line);
                if (h.Lines == 2) ctx.Furniture(line = NextContentRow(source, line)!.Line);
                if (heading is null)
                {
                    heading = h;
                    sub.Columns.AddRange(h.Amounts.Select(a => a.Column));
                    sub.MoneyUnit ??= h.MoneyUnit;
                }
                continue;
            }
            if (HeaderLines.IsProjectTitle(s) || (heading is null && row.NonEmptyCount() == 1 && s.Contains("绩效目标表", StringComparison.Ordinal)))
            {
                ctx.Furniture(line);
                ctx.TakeBudgetYear(line, source[line]);
                continue;
            }
            if (heading is null && s.Contains('年') && ctx.TakeBudgetYear(line, source[line])) { ctx.Furniture(line); continue; }
            // The header lines are made strings; the data rows are read in place.
            if (HeaderLines.MayNameDepartment(s) && HeaderLines.TryDepartment(source[line], out var dept, out var money)) { ctx.Department(line, dept, money); continue; }
            if (HeaderLines.MayNameMoneyUnit(s) && HeaderLines.TryMoneyUnit(source[line], out var mu)) { ctx.Furniture(line); sub.MoneyUnit ??= mu; continue; }
            if (heading is null) { ctx.Unplaced(line, "出现在表头之前"); continue; }
            rows.Add(ReadRow(row, heading, ctx));
        }
        if (heading is null) return sub;

        FundingUnit? unit = null;
        Project? project = null;
        LevelCell? level1 = null, level2 = null;
        for (int r = 0; r < rows.Count; r++)
        {
            var d = rows[r];
            var row = d.Row;
            var label = d.Name.Length > 0 ? d.Name : d.UnitName;
            if (label is "合计" or "总计")
            {
                ctx.GrandTotal(label, d.Amounts, ProjectSpan(row, heading));
                project = null;
                RejectIndicatorCells(row, heading, ctx, "“合计”行不应填写绩效指标");
                continue;
            }
            if (d.Name.Length == 0 && d.UnitName.Length > 0 && d.Goal.Length == 0 && !d.HasIndicator)
            {
                // A unit's own row in a 资金使用单位 column: its name and amounts, no project.
                var known = FindUnit(sub, d.UnitName);
                if (known is null) unit = ctx.AddUnit(d.UnitName, d.Amounts, ProjectSpan(row, heading));
                else if (known.Amounts.Total is null && !known.Amounts.HasSources)
                {
                    (unit = known).Amounts = d.Amounts;
                    known.Span = ProjectSpan(row, heading);
                }
                else { unit = known; ctx.Unplaced(row.Line, $"资金使用单位“{d.UnitName}”的金额行重复出现"); }
                project = null;
                continue;
            }
            if (d.Name.Length > 0)
            {
                if (heading.Unit >= 0 && d.UnitName.Length > 0 && unit?.Name != d.UnitName)
                    unit = FindUnit(sub, d.UnitName) ?? ctx.AddUnit(d.UnitName, new Amounts(), row.Span(heading.Unit));
                bool unitRow = heading.Unit < 0 && d.Goal.Length == 0 && !d.HasIndicator
                               && (unit is null || d.Name == sub.Department || TotalsFollowingProjects(r));
                if (unitRow)
                {
                    unit = ctx.AddUnit(d.Name, d.Amounts, ProjectSpan(row, heading));
                    project = null;
                    continue;
                }
                project = ctx.AddProject(ref unit, d.Name, d.Amounts, ProjectSpan(row, heading));
                level1 = level2 = null;
                if (d.Goal.Length > 0)
                {
                    project.Goal = d.Goal;
                    project.GoalSpan = row.Span(heading.Goal);
                }
            }
            else if (project is null)
            {
                ctx.Unplaced(row.Line, d.HasIndicator ? "指标行之前没有项目名称" : "这一行没有项目名称");
                continue;
            }
            else
            {
                // A project's cells merged (or left blank) over its indicator rows: only indicators here.
                foreach (var (index, column) in heading.Amounts)
                    if (row.Has(index)) ctx.Unplaced(row.Span(index), $"“{column}”列的金额“{row[index]}”所在行没有项目名称", row[index]);
                foreach (var index in heading.UnplacedFigures)
                    if (row.Has(index)) ctx.Unplaced(row.Span(index), $"“{UnplacedHeading}”列的金额“{row[index]}”所在行没有项目名称", row[index]);
                if (d.Goal.Length > 0)
                {
                    project.Goal = project.Goal is { Length: > 0 } g ? g + d.Goal : d.Goal;
                    project.GoalSpan = project.GoalSpan?.Union(row.Span(heading.Goal)) ?? row.Span(heading.Goal);
                }
                if (!d.HasIndicator && d.Goal.Length == 0 && !HasAmountCell(row, heading))
                    ctx.Furniture(row.Line);
            }
            if (d.HasIndicator) ReadIndicator(row, heading, project, ref level1, ref level2, ctx);
        }
        SetIndicatorsSpans(sub);
        return sub;

        // A goal-less, indicator-less row is a unit when its total is that of the project rows under it.
        bool TotalsFollowingProjects(int r)
        {
            decimal sum = 0; int count = 0;
            for (int k = r + 1; k < rows.Count; k++)
            {
                if (rows[k].Name.Length == 0) continue;
                if (rows[k].Goal.Length == 0 && !rows[k].HasIndicator) break;
                sum += rows[k].Figures?.Total ?? 0;
                count++;
            }
            return count > 0 && rows[r].Figures?.Total is { } t && Math.Abs(t - sum) <= 0.005m;
        }
    }

    private static bool HasAmountCell(TabRow row, Heading h)
    {
        foreach (var (index, _) in h.Amounts)
            if (row.Has(index)) return true;
        foreach (var index in h.UnplacedFigures)
            if (row.Has(index)) return true;
        return false;
    }

    private static DataRow ReadRow(TabRow row, Heading h, ReadContext ctx)
    {
        Amounts? amounts = null;
        int decimals = 0;
        bool unread = false;
        foreach (var (index, column) in h.Amounts)
        {
            if (!row.Has(index)) continue;
            var text = row[index];
            var span = row.Span(index);
            if (!AmountCell.TryRead(text, column, span, ctx, out var v, out var d)) { unread = true; continue; }
            amounts ??= new Amounts();
            decimals = Math.Max(decimals, d);
            if (column == ColumnNames.Total) amounts.Total = v;
            else amounts.Sources.Add(new ColumnAmount(column, v));
            amounts.Figures.Add(new AmountFigure(column, v, text, span));
        }
        foreach (var index in h.UnplacedFigures)
        {
            if (!row.Has(index)) continue;
            var text = row[index];
            var span = row.Span(index);
            if (!AmountCell.TryRead(text, UnplacedHeading, span, ctx, out var v, out var d)) { unread = true; continue; }
            amounts ??= new Amounts();
            decimals = Math.Max(decimals, d);
            amounts.Unplaced.Add(v);
            amounts.Figures.Add(new AmountFigure(null, v, text, span));
        }
        if (amounts is not null)
        {
            amounts.Decimals = decimals == 0 ? 2 : decimals;
            if (!unread) AmountCell.CheckOnlyTotal(amounts, ctx.Submission.Columns, row.Line, ctx);
        }
        for (int i = 0; i < row.Count; i++)
        {
            if (!row.Has(i)) continue;
            if (h.Ignored.Contains(i)) continue;
            if (h.Unknown.TryGetValue(i, out var head))
                ctx.Unplaced(row.Span(i), $"“{head}”列不是绩效目标表的列，其内容未检查", row[i]);
            else if (i != h.Name && i != h.Unit && i != h.Goal && !h.IsIndicatorColumn(i) && !h.IsAmountColumn(i))
                ctx.Unplaced(row.Span(i), "单元格不在表头的任何一列之下", row[i]);
        }
        bool hasIndicator = row.Has(h.L1) || row.Has(h.L2) || row.Has(h.L3) || row.Has(h.Cycle) || row.Has(h.Annual);
        return new DataRow(row, NameText.Clean(row[h.Name]), h.Unit >= 0 ? NameText.Clean(row[h.Unit]) : "", amounts,
            h.Goal >= 0 ? row[h.Goal] : "", hasIndicator);
    }

    /// <summary>The project columns of a row: from the name cell to the last filled cell before the indicators.</summary>
    private static SourceSpan ProjectSpan(TabRow row, Heading h)
    {
        var span = row.Union(h.Name, h.Unit, h.Goal);
        foreach (var (index, _) in h.Amounts)
            if (row.Union(index) is { } figure) span = span?.Union(figure) ?? figure;
        foreach (var index in h.UnplacedFigures)
            if (row.Union(index) is { } figure) span = span?.Union(figure) ?? figure;
        return span ?? row.Span(h.Name);
    }

    private static void RejectIndicatorCells(TabRow row, Heading h, ReadContext ctx, string why)
    {
        foreach (var i in (ReadOnlySpan<int>)[h.L1, h.L2, h.L3, h.Cycle, h.Annual])
            if (row.Has(i)) ctx.Unplaced(row.Span(i), why, row[i]);
    }

    /// <summary>A level read from its cell, and the cell: a level left empty is the one above, and points there.</summary>
    private record struct LevelCell(CodeName Level, PackedSpan Span);

    private static void ReadIndicator(TabRow row, Heading h, Project project, ref LevelCell? level1, ref LevelCell? level2, ReadContext ctx)
    {
        if (row.Has(h.L1))
        {
            level1 = new LevelCell(ctx.Level(row[h.L1], level1: true, null), row.Packed(h.L1));
            level2 = null;
        }
        if (row.Has(h.L2)) level2 = new LevelCell(ctx.Level(row[h.L2], level1: false, level1?.Level.Name), row.Packed(h.L2));
        var name = row[h.L3];
        string cycle = row[h.Cycle], annual = row[h.Annual];
        var span = row.PackedUnion(h.L1, h.L2, h.L3, h.Cycle, h.Annual);
        if (name.Length == 0)
        {
            if (cycle.Length > 0 || annual.Length > 0) ctx.Unplaced(span.Value!, "有指标值但缺少三级指标名称", $"{cycle} {annual}".Trim());
            else ctx.Furniture(row.Line);   // a category row (一级/二级 only) heading the rows below
            return;
        }
        if (level1 is null && level2 is null) ctx.Unplaced(span.Value!, $"指标“{name}”没有一级、二级指标", name);
        var indicator = new Indicator
        {
            Seq = project.Indicators.Count + 1,
            Level1 = level1?.Level ?? CodeName.None,
            Level2 = level2?.Level ?? CodeName.None,
            Name = name,
            Cycle = Value(cycle, name, row.Packed(h.Cycle), ctx),
            Annual = Value(annual, name, row.Packed(h.Annual), ctx),
        };
        indicator.SetSpans(span, level1?.Span ?? default, level2?.Span ?? default, row.Packed(h.L3));
        // An empty value points at its empty cell.
        indicator.CyclePacked = row.Packed(h.Cycle);
        indicator.AnnualPacked = row.Packed(h.Annual);
        project.Indicators.Add(indicator);
    }

    /// <summary>
    /// A project's indicators run from its first indicator row to its last (rows come in line
    /// order, so the union of all is the first's start to the last's end): set once, not per row.
    /// </summary>
    private static void SetIndicatorsSpans(Submission sub)
    {
        foreach (var u in sub.Units)
            foreach (var p in u.Projects)
                if (p.Indicators.Count > 0 && p.Indicators[0].Span is { } first && p.Indicators[^1].Span is { } last)
                    p.IndicatorsSpan = first.Union(last);
    }

    private static TargetValue Value(string text, string indicatorName, PackedSpan span, ReadContext ctx)
    {
        var value = ctx.Value(text, indicatorName);
        value.PackedSpan = text.Length > 0 ? span : default;
        return value;
    }

    /// <summary>
    /// A level cell: 1-产出指标 (code and name), 产出指标 (the code from the table; none when the name
    /// is not in it, which the code rules report) or 1 (the name from the table).
    /// </summary>
    internal static CodeName Level(string text, CodeTable codes, bool level1, string? parentName)
    {
        var t = text.Trim();
        if (CodedName().Match(t) is { Success: true } m)
            return new CodeName(int.Parse(m.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["name"].Value.Trim());
        if (t.Length <= 3 && t.All(char.IsAsciiDigit))
        {
            int code = int.Parse(t);
            var known = level1 ? codes.Level1ByCode(code)?.Name : codes.Level2ByCode(code)?.Entry.Name;
            return new CodeName(code, known ?? "");
        }
        int? byName = level1 ? codes.Level1ByName(t)?.Code : codes.Level2ByName(t, parentName)?.Entry.Code;
        return new CodeName(byName, t);
    }
}
