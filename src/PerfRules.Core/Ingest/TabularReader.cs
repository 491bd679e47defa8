using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// The tabular layout (seed 001): tab-separated project rows (name, amounts, goal), a ruler line,
/// then one indicator paragraph per project, in the order of the rows.
/// </summary>
public sealed class TabularReader : IDocumentReader
{
    public string Layout => "tabular";

    public int Detect(SourceText source)
    {
        // The heading is a row of cells: without a tab there is none, and the score is 0.
        if (!source.HasTab) return 0;
        bool title = false, heading = false;
        for (int i = 1; i <= source.LineCount; i++)
        {
            var chars = source.Chars(i);
            if (HeaderLines.IsProjectTitle(chars)) title = true;
            // A heading is a row of cells naming 项目名称: only such a line is made a string.
            else if (chars.Contains('\t') && chars.Contains("项目名称", StringComparison.Ordinal) && NameColumn(source[i]) >= 0) heading = true;
            if (title && heading) break;   // the highest score: the rest cannot change it
        }
        return heading ? (title ? 85 : 70) : 0;
    }

    /// <summary>A cell of a tab-separated line: its text and its 0-based start column.</summary>
    private readonly record struct Cell(string Text, int Start)
    {
        public string Trimmed => Text.Trim();
        public bool IsEmpty => string.IsNullOrWhiteSpace(Text);
    }

    // Cells in arrays and rows as a class, with loops of our own: the library's lists and LINQ over a struct of
    // ours or a tuple are generic code ReadyToRun cannot hold, JIT-compiled in every run that reads this layout.
    private static Cell[] Cells(string line)
    {
        int tabs = 0;
        foreach (var c in line) if (c == '\t') tabs++;
        var cells = new Cell[tabs + 1];
        int start = 0, k = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != '\t') continue;
            cells[k++] = new Cell(line[start..i], start);
            start = i + 1;
        }
        return cells;
    }

    /// <summary>A table row: its line, cells, the lines its goal cell wraps onto, and its amounts once read.</summary>
    private sealed class Row(int line, Cell[] cells)
    {
        public int Line { get; } = line;
        public Cell[] Cells { get; } = cells;
        public List<int>? Continued { get; set; }
        public Amounts Amounts { get; set; } = null!;
    }

    private static int FirstNonEmpty(Cell[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
            if (!cells[i].IsEmpty) return i;
        return -1;
    }

    /// <summary>
    /// The column of 项目名称 in a tab-separated heading (0 in the published form; later when a 序号
    /// column comes first), or -1 when the line is not a heading with amount columns.
    /// </summary>
    private static int NameColumn(string line)
    {
        if (!line.Contains('\t') || !line.Contains("项目名称", StringComparison.Ordinal)) return -1;
        if (HeaderLines.IsColumnHeadingStart(line)) return line.Length - line.TrimStart().Length == 0 ? 0 : FirstNonEmpty(Cells(line));
        var cells = Cells(line);
        int name = -1;
        for (int i = 0; i < cells.Length && name < 0; i++)
            if (cells[i].Trimmed.StartsWith("项目名称", StringComparison.Ordinal)) name = i;
        if (name <= 0) return -1;
        for (int i = 0; i < name; i++)
            if (!(cells[i].IsEmpty || cells[i].Trimmed is "序号" or "编号")) return -1;
        foreach (var c in cells)
            if (c.Trimmed is "总计" or "合计") return name;
        return -1;
    }

    private static bool IsRuler(ReadOnlySpan<char> line)
    {
        if (TextChars.Trim(line).IsEmpty) return false;
        foreach (var c in line)
            if (c is not ('-' or '—' or '－' or '=' or '\t' or ' ')) return false;
        return true;
    }

    public Submission Read(SourceText source, ReadOptions options)
    {
        var ctx = new ReadContext(source, options, SubmissionKind.ProjectTargets, Layout);
        var sub = ctx.Submission;
        int n = source.LineCount;
        int goalColumn = -1, indicatorColumn = -1, nameColumn = 0;
        var amountIndexes = new List<int>();
        var amountNames = new List<string>();
        bool headingSeen = false, rowsDone = false;
        FundingUnit? unit = null;
        var goals = new Dictionary<Project, TextBlock>();
        var projects = new List<Project>();
        var blocks = new List<TextBlock>();
        var rows = new List<Row>();

        for (int line = 1; line <= n; line++)
        {
            if (source.IsBlank(line)) continue;
            // Only header lines and table rows are made strings; the indicator paragraphs are read in place.
            var chars = source.Chars(line);
            if (HeaderLines.MayBeHeader(chars))
            {
                var h = source[line];
                if (HeaderLines.IsProjectTitle(h)) { ctx.Furniture(line); ctx.TakeBudgetYear(line, h); continue; }
                if (ctx.TakeBudgetYear(line, h)) { ctx.Furniture(line); continue; }
                if (HeaderLines.TryDepartment(h, out var dept, out var money))
                {
                    ctx.Department(line, dept, money);
                    continue;
                }
                if (HeaderLines.TryMoneyUnit(h, out var mu)) { ctx.Furniture(line); sub.MoneyUnit ??= mu; continue; }
            }
            if (TextChars.Trim(chars).SequenceEqual("绩效指标") || IsRuler(chars)) { ctx.Furniture(line); rowsDone = true; continue; }
            bool tabs = chars.Contains('\t');
            if (tabs && NameColumn(source[line]) is var nameAt and >= 0)
            {
                var s = source[line];
                ctx.Furniture(line);
                if (headingSeen) continue; // repeated on a later page
                headingSeen = true;
                nameColumn = nameAt;
                var headCells = Cells(s);
                var heads = new List<string>(headCells.Length);
                foreach (var c in headCells) heads.Add(c.Trimmed);
                int total = heads.FindIndex(h => h is "总计" or "合计");
                goalColumn = heads.IndexOf("绩效目标");
                indicatorColumn = heads.IndexOf("绩效指标");
                for (int i = Math.Max(total, 0); total >= 0 && i < heads.Count && heads[i] is not ("绩效目标" or "绩效指标"); i++)
                {
                    amountIndexes.Add(i);
                    amountNames.Add(i == total ? ColumnNames.Total : heads[i]);
                }
                sub.Columns.AddRange(amountNames);
                continue;
            }
            if (IndicatorText.StartsBlock(chars, options.Codes))
            {
                rowsDone = true;
                var block = new TextBlock();
                block.Append(source, line);
                blocks.Add(block);
                continue;
            }
            if (!rowsDone && headingSeen && tabs) { rows.Add(new Row(line, Cells(source[line]))); continue; }
            // A goal cell wrapped onto a line of its own belongs to the row above.
            if (!rowsDone && rows.Count > 0 && HasCell(rows[^1].Cells, goalColumn))
            {
                (rows[^1].Continued ??= new List<int>()).Add(line);
                continue;
            }
            if (rowsDone && blocks.Count > 0) { blocks[^1].Append(source, line); continue; }
            ctx.Unplaced(line, headingSeen ? "既不是表格行，也不是绩效指标段落" : "出现在表头之前");
        }

        // Rows: 合计, units and projects, in order.
        foreach (var row in rows) row.Amounts = RowAmounts(row.Line, row.Cells);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            int line = row.Line;
            var cells = row.Cells;
            var continued = row.Continued;
            var amounts = row.Amounts;
            var name = nameColumn < cells.Length ? NameText.Clean(cells[nameColumn].Text) : "";
            bool hasGoal = HasCell(cells, goalColumn);
            var span = source.LineSpan(line);
            if (name.Length == 0 && amounts.Total is null && !hasGoal)
            {
                ctx.Unplaced(line, "表格行没有名称、金额或绩效目标");
                continue;
            }
            if (name is "合计" or "总计")
            {
                ctx.GrandTotal(name, amounts, span);
                continue;
            }
            if (!hasGoal && (unit is null || name == sub.Department || TotalsFollowingProjects(r)))
            {
                unit = ctx.AddUnit(name, amounts, span);
                continue;
            }
            var project = ctx.AddProject(ref unit, name, amounts, span);
            if (hasGoal)
            {
                var goal = new TextBlock();
                goal.Append(source, line, cells[goalColumn].Start, cells[goalColumn].Start + cells[goalColumn].Text.Length);
                if (continued is not null) foreach (var c in continued) goal.Append(source, c);
                goals[project] = goal;
            }
            if (HasCell(cells, indicatorColumn))
            {
                var block = new TextBlock();
                block.Append(source, line, cells[indicatorColumn].Start, cells[indicatorColumn].Start + cells[indicatorColumn].Text.Length);
                project.IndicatorsSpan = block.WholeSpan;
                project.Indicators = IndicatorText.Parse(block, ctx);
            }
            projects.Add(project);
        }

        foreach (var (project, goal) in goals)
        {
            project.Goal = goal.Text;
            project.GoalSpan = goal.WholeSpan;
        }

        // Indicator paragraphs follow the rows, one per project, in the same order.
        var waiting = projects.Where(p => p.IndicatorsSpan is null).ToList();
        for (int b = 0; b < blocks.Count; b++)
        {
            if (b >= waiting.Count)
            {
                ctx.Unplaced(blocks[b].WholeSpan!, $"第 {b + 1} 段绩效指标没有对应的项目（表中只有 {waiting.Count} 个项目）", blocks[b].Text);
                continue;
            }
            waiting[b].IndicatorsSpan = blocks[b].WholeSpan;
            waiting[b].Indicators = IndicatorText.Parse(blocks[b], ctx);
        }
        return sub;

        // A goal-less row is a unit when its total is that of the project rows under it.
        bool TotalsFollowingProjects(int r)
        {
            decimal sum = 0; int count = 0;
            for (int k = r + 1; k < rows.Count && HasCell(rows[k].Cells, goalColumn); k++, count++)
                sum += rows[k].Amounts.Total ?? 0;
            return count > 0 && rows[r].Amounts.Total is { } t && Math.Abs(t - sum) <= 0.005m;
        }

        Amounts RowAmounts(int line, Cell[] cells)
        {
            var amounts = new Amounts();
            int decimals = 0;
            bool unread = false;
            for (int a = 0; a < amountIndexes.Count; a++)
            {
                int index = amountIndexes[a];
                var column = amountNames[a];
                if (index >= cells.Length || cells[index].IsEmpty) continue;
                var text = cells[index].Trimmed;
                var span = CellSpan(line, cells[index]);
                if (!AmountCell.TryRead(text, column, span, ctx, out var v, out var d)) { unread = true; continue; }
                decimals = Math.Max(decimals, d);
                if (column == ColumnNames.Total) amounts.Total = v;
                else amounts.Sources.Add(new ColumnAmount(column, v));
                amounts.Figures.Add(new AmountFigure(column, v, text, span));
            }
            amounts.Decimals = decimals == 0 ? 2 : decimals;
            if (!unread) AmountCell.CheckOnlyTotal(amounts, ctx.Submission.Columns, line, ctx);
            return amounts;
        }

        SourceSpan CellSpan(int line, Cell cell)
        {
            int lead = cell.Text.Length - cell.Text.TrimStart().Length;
            int len = cell.Trimmed.Length;
            return SourceSpan.Line(line, cell.Start + lead + 1, cell.Start + lead + Math.Max(len, 1));
        }
    }

    private static bool HasCell(Cell[] cells, int column)
        => column >= 0 && column < cells.Length && !cells[column].IsEmpty;
}
