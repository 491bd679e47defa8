using System.Text.RegularExpressions;
using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Ingest;

/// <summary>
/// Reads the department-overall declaration (部门整体预算绩效目标申报表): a tab-separated form with
/// the budget split, the overall goals (总体绩效目标), the key tasks (年度重点工作任务) and an
/// indicator grid (一级指标 / 二级指标 / 三级指标 / 实施周期指标值 / 年度指标值).
/// </summary>
public sealed partial class OverallReader : IDocumentReader
{
    internal const string Title = "部门整体预算绩效目标申报表";

    public string Layout => "overall";

    public int Detect(SourceText source)
    {
        var text = source.Text;
        if (text.Contains(Title, StringComparison.Ordinal)) return 90;
        bool budget = text.Contains("部门预算支出", StringComparison.Ordinal) || text.Contains("收入来源", StringComparison.Ordinal);
        // The grid is looked for only where the budget was found (two more searches of the whole text).
        bool grid = budget && text.Contains("一级指标", StringComparison.Ordinal) && text.Contains("二级指标", StringComparison.Ordinal);
        return grid ? 80 : 0;
    }

    public Submission Read(SourceText source, ReadOptions options)
    {
        var ctx = new ReadContext(source, options, SubmissionKind.DepartmentOverall, Layout);
        var parser = new Parser(ctx);
        for (int line = 1; line <= source.LineCount; line++)
            if (!source.IsBlank(line)) parser.ReadLine(line);
        parser.Finish();
        return ctx.Submission;
    }

    [GeneratedRegex(@"</p\s*>\s*<p(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"</?p(\s[^>]*)?\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphTag();

    [GeneratedRegex(@"[（(]\s*(万元|亿元|千元|元)\s*[）)]")]
    private static partial Regex UnitInHeading();

    [GeneratedRegex(@"^单位[:：]\s*(万元|亿元|千元|元)$")]
    private static partial Regex UnitLine();

    /// <summary>The goal text without the converter's paragraph tags; paragraphs become lines.</summary>
    internal static string StripParagraphs(string text)
        => ParagraphTag().Replace(ParagraphBreak().Replace(text, "\n"), "").Trim();

    private static string Norm(string s) => TabRow.Norm(s);

    private static bool IsAmount(string text) => NumberText.TryParseAmount(text, out _, out _);

    private enum Section { None, Budget, Goals, Tasks, OtherTasks, Grid }

    /// <summary>A pair of columns of the budget block: a name column and its 预算金额 column.</summary>
    private sealed record BudgetGroup(int NameCol, int AmountCol, List<NamedAmount>? List);

    /// <summary>Column positions of the indicator grid.</summary>
    private sealed record GridColumns(int L1, int L2, int L3, int Cycle, int Annual)
    {
        public static readonly GridColumns Default = new(1, 2, 3, 4, 5);
        public bool Contains(int col) => col == L1 || col == L2 || col == L3 || col == Cycle || col == Annual;
    }

    /// <summary>A category row of the grid; kept as an empty category unless an indicator falls under it.</summary>
    private sealed class CategoryRow
    {
        public required IndicatorCategory Category { get; init; }
        public bool Used { get; set; }
        /// <summary>The row also carries an indicator (so the indicator's span covers it).</summary>
        public bool HasIndicator { get; set; }
    }

    private sealed class Parser
    {
        private readonly ReadContext _ctx;
        private readonly SourceText _src;
        private readonly CodeTable _codes;
        private readonly DepartmentOverall _overall = new();
        private Section _section = Section.None;

        private List<BudgetGroup> _groups = new();
        private int _goalCol = -1, _otherCol = -1;
        private int _taskAmountCol = -1;
        private string _lastTaskName = "";
        private GridColumns _grid = GridColumns.Default;
        private CodeName? _level1, _level2;
        // The cells the current levels were read from: an indicator under them points there (a level left empty is the one above).
        private PackedSpan _level1Span, _level2Span;
        private readonly List<CategoryRow> _categories = new();
        private CategoryRow? _openCategory;

        public Parser(ReadContext ctx)
        {
            _ctx = ctx;
            _src = ctx.Source;
            _codes = ctx.Codes;
        }

        private Submission Sub => _ctx.Submission;

        public void ReadLine(int line)
        {
            var row = new TabRow(_src, line);
            int f = row.First();
            if (f < 0) return;
            var head = Norm(row[f]);

            if (row.NonEmptyCount() == 1 && head.Contains(Title, StringComparison.Ordinal))
            {
                _ctx.Furniture(line);
                _ctx.TakeBudgetYear(line, _src[line]);
                return;
            }
            if (_section == Section.None && head.Contains('年') && _ctx.TakeBudgetYear(line, _src[line])) { _ctx.Furniture(line); return; }
            if (row.NonEmptyCount() == 1 && UnitLine().Match(head) is { Success: true } unit)
            {
                Sub.MoneyUnit ??= unit.Groups[1].Value;
                _ctx.Furniture(line);
                return;
            }
            if (head.StartsWith("部门名称", StringComparison.Ordinal)) { ReadDepartment(row, f); return; }
            // The cells are compared after Norm, which only drops white space and colons: a line
            // without 额 (or 级) has no 预算金额 (or 一级指标) cell, and its cells need not be made.
            var chars = _src.Chars(line);
            if (head == "预算整体情况"
                || ((_section is Section.None or Section.Budget) && chars.Contains('额') && row.IndexWhere(c => c.StartsWith("预算金额", StringComparison.Ordinal)) > 0))
            {
                ReadBudgetHeading(row);
                return;
            }
            if (head == "总体绩效目标") { ReadGoals(row, f); return; }
            if (head == "年度重点工作任务") { ReadTaskHeading(row, f); return; }
            if (head.StartsWith("其他需完成的任务", StringComparison.Ordinal)) { ReadOtherTasks(row, f); return; }
            if (head == "绩效指标" || (chars.Contains('级') && row.IndexWhere(c => c == "一级指标") >= 0 && row.IndexWhere(c => c == "二级指标") >= 0))
            {
                ReadGridHeading(row, f);
                return;
            }

            switch (_section)
            {
                case Section.Budget: ReadBudgetRow(row); break;
                case Section.Goals when _goalCol >= 0 && f == _goalCol && row.NonEmptyCount() == 1:
                    // The goal cell carried over to another row (same column): one merged cell.
                    _overall.Goals = Join(_overall.Goals, StripParagraphs(row[f]));
                    _overall.GoalsSpan = _overall.GoalsSpan?.Union(row.Span(f)) ?? row.Span(f);
                    break;
                case Section.OtherTasks when _otherCol >= 0 && f == _otherCol && row.NonEmptyCount() == 1:
                    _overall.OtherTasks = Join(_overall.OtherTasks, row[f]);
                    _overall.OtherTasksSpan = _overall.OtherTasksSpan?.Union(row.Span(f)) ?? row.Span(f);
                    break;
                case Section.Tasks: ReadTaskRow(row, -1); break;
                case Section.Grid: ReadGridRow(row, -1); break;
                default: _ctx.Unplaced(line, "这一行不属于申报表的任何部分"); break;
            }
        }

        public void Finish()
        {
            foreach (var c in _categories)
            {
                if (!c.Used) _overall.EmptyCategories.Add(c.Category);
                // A category row heading the indicators below it is layout: the indicators carry its names.
                else if (!c.HasIndicator && c.Category.Span is { } span) Sub.Furniture.Add(span);
            }
            Sub.Overall = _overall;
        }

        private static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : a + "\n" + b;

        private void TakeUnit(string heading)
        {
            if (UnitInHeading().Match(heading) is { Success: true } m) Sub.MoneyUnit ??= m.Groups[1].Value;
        }

        /// <summary>Non-empty cells nothing took: each is a PR002 of its own.</summary>
        private void RejectRest(TabRow row, ICollection<int> used, string why)
        {
            for (int i = 0; i < row.Count; i++)
                if (row.Has(i) && !used.Contains(i)) _ctx.Unplaced(row.Span(i), why, row[i]);
        }

        // 部门名称 — the header line is furniture; the name itself goes to Submission.Department.
        private void ReadDepartment(TabRow row, int f)
        {
            var used = new HashSet<int> { f };
            var label = row[f];
            int colon = label.IndexOfAny(new[] { ':', '：' });
            string name = colon >= 0 ? label[(colon + 1)..].Trim() : "";
            if (name.Length == 0)
            {
                int next = row.NonEmpty().FirstOrDefault(i => i > f, -1);
                if (next >= 0) { name = row[next]; used.Add(next); }
            }
            if (name.Length > 0) Sub.Department ??= name;
            _ctx.Furniture(row.Line);
            RejectRest(row, used, "部门名称行中多余的内容");
        }

        // 预算整体情况 heading or a 事业发展性支出 … 预算金额 heading: each 预算金额 cell opens a group
        // named by the cell before it.
        private void ReadBudgetHeading(TabRow row)
        {
            _section = Section.Budget;
            _groups = new List<BudgetGroup>();
            foreach (var i in row.NonEmpty())
            {
                if (i < 1 || !Norm(row[i]).StartsWith("预算金额", StringComparison.Ordinal)) continue;
                TakeUnit(row[i]);
                var list = GroupList(row[i - 1]);
                if (list is null && row.Has(i - 1))
                    _ctx.Unplaced(row.Span(i - 1), $"未知的预算分组“{row[i - 1]}”", row[i - 1]);
                _groups.Add(new BudgetGroup(i - 1, i, list));
            }
            _ctx.Furniture(row.Line);
        }

        private List<NamedAmount>? GroupList(string label)
        {
            var n = Norm(label);
            if (n.Length == 0) return null;
            if (n.Contains("事业发展", StringComparison.Ordinal)) return _overall.Development;
            if (n.Contains("级次", StringComparison.Ordinal)) return _overall.BudgetLevels;
            if (n.Contains("收入", StringComparison.Ordinal) || n.Contains("来源", StringComparison.Ordinal)) return _overall.Income;
            if (n.Contains("支出", StringComparison.Ordinal)) return _overall.Expenditure;
            return null;
        }

        /// <summary>Where a budget line belongs by its own name, for rows off the heading's columns.</summary>
        private List<NamedAmount>? KnownAmountList(string name) => Norm(name) switch
        {
            "基本支出" or "项目支出" => _overall.Expenditure,
            "财政拨款" or "财政专户拨款" or "其他资金" => _overall.Income,
            "财政专项资金" or "其他事业发展性支出" => _overall.Development,
            "市本级使用资金" or "区本级使用资金" or "本级使用资金" or "拟用于对下转移支付资金" => _overall.BudgetLevels,
            _ => null,
        };

        private void ReadBudgetRow(TabRow row)
        {
            var used = new HashSet<int>();
            foreach (var g in _groups)
            {
                if (g.List is null || !row.Has(g.NameCol) || IsAmount(row[g.NameCol])) continue;
                AddAmount(g.List, row, g.NameCol, g.AmountCol);
                used.Add(g.NameCol); used.Add(g.AmountCol);
            }
            for (int i = 0; i < row.Count; i++)
            {
                if (!row.Has(i) || used.Contains(i) || used.Contains(i + 1) || KnownAmountList(row[i]) is not { } list) continue;
                AddAmount(list, row, i, i + 1);
                used.Add(i); used.Add(i + 1);
            }
            RejectRest(row, used, "预算整体情况中无法对应到项目名称和金额的单元格");
        }

        private void AddAmount(List<NamedAmount> list, TabRow row, int nameCol, int amountCol)
        {
            var name = row[nameCol];
            var text = row[amountCol];
            var amount = new NamedAmount { Name = name, Text = text, Span = row.Has(amountCol) ? row.Span(amountCol) : row.Span(nameCol) };
            if (text.Length > 0)
            {
                if (NumberText.TryParseAmount(text, out var value, out _)) amount.Value = value;
                else _ctx.Unplaced(row.Span(amountCol), $"“{name}”的金额“{text}”不是有效的金额", text);
            }
            list.Add(amount);
        }

        private void ReadGoals(TabRow row, int f)
        {
            _section = Section.Goals;
            var cells = row.NonEmpty().Where(i => i > f).ToList();
            if (cells.Count == 0) { _goalCol = f + 1; _ctx.Furniture(row.Line); return; }
            int c = cells[0];
            _goalCol = c;
            _overall.Goals = Join(_overall.Goals, StripParagraphs(row[c]));
            _overall.GoalsSpan = _overall.GoalsSpan?.Union(row.Span(c)) ?? row.Span(c);
            RejectRest(row, new HashSet<int> { f, c }, "总体绩效目标行中多余的单元格");
        }

        private void ReadOtherTasks(TabRow row, int f)
        {
            _section = Section.OtherTasks;
            var cells = row.NonEmpty().Where(i => i > f).ToList();
            if (cells.Count == 0) { _otherCol = f + 1; _ctx.Furniture(row.Line); return; }
            int c = cells[0];
            _otherCol = c;
            _overall.OtherTasks = Join(_overall.OtherTasks, row[c]);
            _overall.OtherTasksSpan = _overall.OtherTasksSpan?.Union(row.Span(c)) ?? row.Span(c);
            RejectRest(row, new HashSet<int> { f, c }, "其他需完成的任务行中多余的单元格");
        }

        // 年度重点工作任务 名称 主要实施内容 拟投入的资金 期望达到的目标: column heads, or (when the label
        // cell is merged into the first task row) a task row with the label in front.
        private void ReadTaskHeading(TabRow row, int f)
        {
            _section = Section.Tasks;
            _lastTaskName = "";
            int amount = row.IndexWhere(c => c.StartsWith("拟投入", StringComparison.Ordinal));
            bool heads = amount >= 0
                || row.IndexWhere(c => c == "名称") >= 0
                || row.IndexWhere(c => c.StartsWith("主要实施内容", StringComparison.Ordinal)) >= 0;
            if (heads || row.First(f) < 0)
            {
                _taskAmountCol = amount;
                if (amount >= 0) TakeUnit(row[amount]);
                _ctx.Furniture(row.Line);
                return;
            }
            ReadTaskRow(row, f);
        }

        // A task row is anchored on its amount cell: 名称 | 主要实施内容 | 拟投入的资金 | 期望达到的目标,
        // whatever cells were lost or added before it.
        private void ReadTaskRow(TabRow row, int labelCol)
        {
            var amounts = row.NonEmpty(labelCol).Where(i => IsAmount(row[i])).ToList();
            int a = amounts.Count == 0 ? -1 : amounts.Contains(_taskAmountCol) ? _taskAmountCol : amounts[0];
            if (a < 0)
            {
                // No readable amount: fall back on the heading's column, if there is one.
                if (_taskAmountCol < 0 || _taskAmountCol == labelCol)
                {
                    _ctx.Unplaced(row.Line, "年度重点工作任务中找不到拟投入的资金");
                    return;
                }
                a = _taskAmountCol;
                if (row.Has(a)) _ctx.Unplaced(row.Span(a), $"拟投入的资金“{row[a]}”不是有效的金额", row[a]);
            }

            int nameCol = a - 2, contentCol = a - 1, outcomeCol = a + 1;
            string Cell(int i) => i == labelCol ? "" : row[i];
            var name = Cell(nameCol);
            if (name.Length == 0) name = _lastTaskName;   // merged 名称 cell: same task as the row above
            var task = new KeyTask
            {
                Name = name,
                Content = Cell(contentCol),
                Funds = NumberText.TryParseAmount(row[a], out var funds, out _) ? funds : null,
                FundsSpan = row.Has(a) ? row.Span(a) : null,
                Outcome = Cell(outcomeCol),
                Span = _src.LineSpan(row.Line),
            };
            _overall.KeyTasks.Add(task);
            _lastTaskName = name;
            RejectRest(row, new HashSet<int> { labelCol, nameCol, contentCol, a, outcomeCol }, "年度重点工作任务中多余的单元格");
        }

        private void ReadGridHeading(TabRow row, int f)
        {
            _section = Section.Grid;
            int l1 = row.IndexWhere(c => c == "一级指标");
            if (l1 < 0 && row.IndexWhere(c => c == "二级指标") < 0 && row.First(f) >= 0)
            {
                // 绩效指标 merged into the first grid row: the rest of the row is data.
                ReadGridRow(row, f);
                return;
            }
            int Find(string head, int fallback)
            {
                int i = row.IndexWhere(c => c.StartsWith(head, StringComparison.Ordinal));
                return i >= 0 ? i : fallback;
            }
            l1 = l1 >= 0 ? l1 : 1;
            int l2 = Find("二级指标", l1 + 1);
            int l3 = Find("三级指标", l2 + 1);
            int cycle = Find("实施周期", l3 + 1);
            int annual = Find("年度指标", cycle + 1);
            _grid = l1 < l2 && l2 < l3 && l3 < cycle && cycle < annual ? new GridColumns(l1, l2, l3, cycle, annual) : GridColumns.Default;
            _ctx.Furniture(row.Line);
        }

        // A grid row gives only the cells that change. Rows that lost cells are shifted left: the
        // first non-empty cell says which column it belongs to (a level-1 name, a level-2 name, or
        // else an indicator name), and the whole row is moved to match.
        private void ReadGridRow(TabRow row, int skip)
        {
            var g = _grid;
            int f = row.First(skip);
            if (f < 0) { _ctx.Furniture(row.Line); return; }
            var first = row[f];
            bool isL1 = _codes.IsLevel1Name(first), isL2 = _codes.IsLevel2Name(first);
            int target = isL1 && isL2 ? (f == g.L2 ? g.L2 : g.L1) : isL1 ? g.L1 : isL2 ? g.L2 : g.L3;
            if (target == g.L3 && (row.Count < 2 || f > g.L3))
            {
                _ctx.Unplaced(row.Line, row.Count < 2 ? "绩效指标表中不成表格的一行" : "指标行缺少三级指标名称，无法确定各列");
                return;
            }

            int shift = target - f;
            string At(int col) => col - shift == skip ? "" : row[col - shift];
            SourceSpan SpanAt(int col) => row.Span(col - shift);
            // The same as fields, without making an object (a grid has several spans per row).
            PackedSpan PackedAt(int col) => row.Packed(col - shift);

            for (int i = 0; i < row.Count; i++)
                if (i != skip && row.Has(i) && !g.Contains(i + shift)) _ctx.Unplaced(row.Span(i), "绩效指标表中多余的单元格", row[i]);

            string l1 = At(g.L1), l2 = At(g.L2), name = At(g.L3), cycle = At(g.Cycle), annual = At(g.Annual);
            if (l1.Length > 0)
            {
                _level1 = new CodeName(_codes.Level1ByName(l1)?.Code, l1);
                _level1Span = PackedAt(g.L1);
                _level2 = null;
                _level2Span = default;
                if (l2.Length == 0) OpenCategory(row.Line);
            }
            if (l2.Length > 0)
            {
                _level2 = new CodeName(_codes.Level2ByName(l2, _level1?.Name)?.Entry.Code, l2);
                _level2Span = PackedAt(g.L2);
                OpenCategory(row.Line);
            }
            if (name.Length == 0 && cycle.Length == 0 && annual.Length == 0) return;

            if (name.Length == 0)
            {
                var values = new[] { g.Cycle, g.Annual }.Where(c => At(c).Length > 0).Select(SpanAt);
                var span = SourceSpan.Union(values) ?? _src.LineSpan(row.Line);
                _ctx.Unplaced(span, "有指标值但缺少三级指标名称", $"{cycle} {annual}".Trim());
                return;
            }
            if (_level1 is null && _level2 is null)
            {
                _ctx.Unplaced(row.Line, $"指标“{name}”之前没有一级、二级指标");
                return;
            }

            var indicator = new Indicator
            {
                Seq = _overall.Indicators.Count + 1,
                Level1 = _level1 ?? new CodeName(null, ""),
                Level2 = _level2 ?? new CodeName(null, ""),
                Name = name,
                Cycle = Value(cycle, name, PackedAt(g.Cycle)),
                Annual = Value(annual, name, PackedAt(g.Annual)),
            };
            indicator.SetSpans(PackedSpan.From(_src.LineSpan(row.Line)), _level1Span, _level2Span, PackedAt(g.L3));
            // An empty value points at its empty cell.
            indicator.CyclePacked = PackedAt(g.Cycle);
            indicator.AnnualPacked = PackedAt(g.Annual);
            _overall.Indicators.Add(indicator);
            if (_openCategory is not null)
            {
                _openCategory.Used = true;
                _openCategory.HasIndicator |= _openCategory.Category.Span?.StartLine == row.Line;
            }
        }

        private TargetValue Value(string text, string indicatorName, PackedSpan span)
        {
            var value = _ctx.Value(text, indicatorName);
            value.PackedSpan = text.Length > 0 ? span : default;
            return value;
        }

        private void OpenCategory(int line)
        {
            var level1 = _level1 ?? new CodeName(null, "");
            // A level-1 row followed by its level-2 rows is not empty.
            if (_level2 is not null && _openCategory is { } open && open.Category.Level2.Name.Length == 0
                && open.Category.Level1.Name == level1.Name)
                open.Used = true;
            var category = new CategoryRow
            {
                Category = new IndicatorCategory { Level1 = level1, Level2 = _level2 ?? new CodeName(null, ""), Span = _src.LineSpan(line) },
            };
            _categories.Add(category);
            _openCategory = category;
        }
    }
}
