using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// The department-overall form (部门整体预算绩效目标申报表) as a sheet of six columns: section labels
/// in A, merged down their sections; the budget split as name | 预算金额 pairs; 总体绩效目标; the key
/// tasks (名称 | 主要实施内容 | 拟投入的资金 | 期望达到的目标); 其他需完成的任务; the indicator grid
/// (一级指标 | 二级指标 | 三级指标 | 实施周期指标值 | 年度指标值), a level written where it changes.
/// </summary>
internal sealed class OverallSheet
{
    public const string SheetName = "部门整体绩效目标表";
    private const int Columns = 6;
    private const int BlankTasks = 5, ListRows = 300;

    private readonly SheetDraft _sheet;
    private readonly string _amountHead;
    private int _row = 1;

    private OverallSheet(string sheetName, string? moneyUnit)
    {
        _sheet = new SheetDraft(sheetName) { FrozenColumns = 1, Landscape = true };
        _amountHead = moneyUnit is null ? "预算金额" : $"预算金额（{moneyUnit}）";
        double[] widths = { 14, 22, 32, 30, 32, 22 };
        for (int c = 0; c < Columns; c++) _sheet.Columns[c + 1] = (widths[c], TemplateStyles.Cell);
    }

    /// <summary>The empty form, its indicator grid listing the code table's categories.</summary>
    public static SheetDraft Blank(string sheetName, CodeTable codes)
    {
        var o = new OverallSheet(sheetName, "万元");
        o.Header("");
        o.Budget(new[] { "基本支出", "项目支出" }.Select(Empty).ToList(), new[] { "财政拨款", "财政专户拨款", "其他资金" }.Select(Empty).ToList(),
                 new[] { "财政专项资金", "其他事业发展性支出" }.Select(Empty).ToList(), new[] { "市本级使用资金", "拟用于对下转移支付资金" }.Select(Empty).ToList());
        o.Block("总体绩效目标", null);
        o.Tasks(Array.Empty<KeyTask>(), BlankTasks, new List<string>());
        o.Block("其他需完成的任务（可选填）", null);
        var rows = new List<GridRow>();
        foreach (var l1 in codes.Level1)
        {
            if (l1.Level2.Count == 0) rows.Add(new GridRow(l1.Name, "", null));
            foreach (var l2 in l1.Level2) rows.Add(new GridRow(l1.Name, l2.Name, null));
        }
        o.Grid(rows, new List<string>());
        return o._sheet;

        static NamedAmount Empty(string name) => new() { Name = name };
    }

    /// <summary>A department-overall table read from any document, in this layout.</summary>
    public static SheetDraft From(Submission s, string sheetName, List<string> notes)
    {
        var overall = s.Overall ?? new DepartmentOverall();
        if (s.MoneyUnit is { } unit && unit is not ("万元" or "亿元" or "千元" or "元"))
            notes.Add($"金额单位“{unit}”无法写入“预算金额（…）”表头，转换结果中未写明金额单位");
        var o = new OverallSheet(sheetName, s.MoneyUnit is "万元" or "亿元" or "千元" or "元" ? s.MoneyUnit : null);
        o.Header(s.Department);
        o.Budget(overall.Expenditure, overall.Income, overall.Development, overall.BudgetLevels);
        o.Block("总体绩效目标", overall.Goals is { } g ? ProjectSheet.Fit(g, notes) : null);
        o.Tasks(overall.KeyTasks, 0, notes);
        o.Block("其他需完成的任务（可选填）", overall.OtherTasks is { } t ? ProjectSheet.Fit(t, notes) : null);
        o.Grid(GridRows(overall), notes);
        return o._sheet;
    }

    /// <summary>One row of the grid: an indicator, or a category listed with none under it (Indicator null).</summary>
    private sealed record GridRow(string Level1, string Level2, Indicator? Indicator);

    /// <summary>
    /// The indicators and the empty categories in the order of the original (by line, where the model
    /// has places); without places, an empty category follows the last indicator of its 一级指标.
    /// </summary>
    private static List<GridRow> GridRows(DepartmentOverall o)
    {
        var indicators = o.Indicators.Select(i => new GridRow(i.Level1.Name, i.Level2.Name, i)).ToList();
        var empty = o.EmptyCategories.Select(c => new GridRow(c.Level1.Name, c.Level2.Name, null)).ToList();
        if (o.Indicators.All(i => i.Span is not null) && o.EmptyCategories.All(c => c.Span is not null))
        {
            var lines = o.Indicators.Select(i => (Line: i.Span!.StartLine, Order: 1)).Concat(o.EmptyCategories.Select(c => (Line: c.Span!.StartLine, Order: 0))).ToList();
            return indicators.Concat(empty).Zip(lines).OrderBy(x => x.Second.Line).ThenBy(x => x.Second.Order).Select(x => x.First).ToList();
        }
        var rows = new List<GridRow>(indicators);
        foreach (var c in empty)
        {
            int last = rows.FindLastIndex(r => r.Level1 == c.Level1);
            rows.Insert(last < 0 ? rows.Count : last + 1, c);
        }
        return rows;
    }

    private void Header(string? department)
    {
        _sheet.Text(_row, 1, "部门整体预算绩效目标申报表", TemplateStyles.Title);
        _sheet.Merge(_row, 1, _row, Columns);
        _row++;
        if (department is not null)
        {
            _sheet.Text(_row, 1, "部门名称", TemplateStyles.Label);
            _sheet.Set(_row, 2, new DraftCell { Text = department.Length > 0 ? department : null, Style = TemplateStyles.Cell });
            Box(_row, 3, Columns);
            _sheet.Merge(_row, 2, _row, Columns);
            _row++;
        }
    }

    private void Box(int row, int from, int to)
    {
        for (int c = from; c <= to; c++) _sheet.Empty(row, c, TemplateStyles.Cell);
    }

    private void Budget(List<NamedAmount> expenditure, List<NamedAmount> income, List<NamedAmount> development, List<NamedAmount> levels)
    {
        int top = _row;
        Pairs("部门预算支出", expenditure, "收入来源", income, label: "预算整体情况");
        Pairs("事业发展性支出", development, "按预算级次划分", levels, label: null);
        _sheet.Merge(top, 1, _row - 1, 1);
    }

    private void Pairs(string leftHead, List<NamedAmount> left, string rightHead, List<NamedAmount> right, string? label)
    {
        _sheet.Text(_row, 1, label, TemplateStyles.Label);
        _sheet.Empty(_row, 1, TemplateStyles.Label);
        _sheet.Text(_row, 2, leftHead, TemplateStyles.Head);
        _sheet.Text(_row, 3, _amountHead, TemplateStyles.Head);
        _sheet.Text(_row, 4, rightHead, TemplateStyles.Head);
        _sheet.Text(_row, 5, _amountHead, TemplateStyles.Head);
        _sheet.Empty(_row, 6, TemplateStyles.Head);
        _row++;
        for (int k = 0; k < Math.Max(left.Count, right.Count); k++, _row++)
        {
            Box(_row, 1, Columns);
            if (k < left.Count) Amount(2, left[k]);
            if (k < right.Count) Amount(4, right[k]);
        }
    }

    private void Amount(int column, NamedAmount a)
    {
        _sheet.Text(_row, column, a.Name, TemplateStyles.Cell);
        if (a.Value is { } v) _sheet.Number(_row, column + 1, v, TemplateStyles.MoneyOf(Decimals(a.Text)));
        // An amount the reader could not read stays the text it was, for the clerk to correct.
        else if (a.Text.Length > 0) _sheet.Text(_row, column + 1, a.Text, TemplateStyles.Cell);
        else _sheet.Empty(_row, column + 1, TemplateStyles.Money);
    }

    private static int Decimals(string text) => NumberText.TryParseAmount(text, out _, out var d) ? d : 2;

    /// <summary>A label and one text over the other columns.</summary>
    private void Block(string label, string? text)
    {
        _sheet.Text(_row, 1, label, TemplateStyles.Label);
        _sheet.Set(_row, 2, new DraftCell { Text = text, Style = TemplateStyles.Cell });
        Box(_row, 3, Columns);
        _sheet.Merge(_row, 2, _row, Columns);
        _row++;
    }

    private void Tasks(IReadOnlyList<KeyTask> tasks, int blank, List<string> notes)
    {
        int top = _row;
        _sheet.Text(_row, 1, "年度重点工作任务", TemplateStyles.Label);
        _sheet.Text(_row, 2, "名称", TemplateStyles.Head);
        _sheet.Text(_row, 3, "主要实施内容", TemplateStyles.Head);
        _sheet.Text(_row, 4, $"拟投入的资金{_amountHead["预算金额".Length..]}", TemplateStyles.Head);
        _sheet.Text(_row, 5, "期望达到的目标（概述）", TemplateStyles.Head);
        _sheet.Empty(_row, 6, TemplateStyles.Head);
        _row++;
        string? previous = null;
        foreach (var t in tasks)
        {
            Box(_row, 1, Columns);
            // A name the same as the row above's is left blank: the form merges it (and the reader reads it so).
            if (t.Name != previous) _sheet.Text(_row, 2, ProjectSheet.Fit(t.Name, notes), TemplateStyles.Cell);
            else if (t.Name.Length == 0 && previous is { Length: > 0 })
                notes.Add("有一项年度重点工作任务没有名称；表中留空的名称视同上一行，请补填");
            _sheet.Text(_row, 3, t.Content.Length > 0 ? ProjectSheet.Fit(t.Content, notes) : null, TemplateStyles.Cell);
            if (t.Funds is { } f) _sheet.Number(_row, 4, f, TemplateStyles.Money);
            else _sheet.Empty(_row, 4, TemplateStyles.Money);
            _sheet.Text(_row, 5, t.Outcome.Length > 0 ? ProjectSheet.Fit(t.Outcome, notes) : null, TemplateStyles.Cell);
            previous = t.Name;
            _row++;
        }
        for (int k = 0; k < blank; k++, _row++)
        {
            Box(_row, 1, Columns);
            _sheet.Empty(_row, 4, TemplateStyles.Money);
        }
        _sheet.Merge(top, 1, _row - 1, 1);
    }

    private void Grid(List<GridRow> rows, List<string> notes)
    {
        int top = _row;
        _sheet.Text(_row, 1, "绩效指标", TemplateStyles.Label);
        string[] heads = { "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值" };
        for (int c = 0; c < heads.Length; c++) _sheet.Text(_row, c + 2, heads[c], TemplateStyles.Head);
        _row++;
        int first = _row;
        string? l1 = null, l2 = null;
        foreach (var r in rows)
        {
            Box(_row, 1, Columns);
            // A level is written where it changes; a category listed on its own always writes its levels.
            bool writeL1 = r.Level1 != l1 || (r.Indicator is null && r.Level2.Length == 0);
            bool writeL2 = writeL1 || r.Level2 != l2 || r.Indicator is null;
            if (writeL1 && r.Level1.Length > 0) _sheet.Text(_row, 2, r.Level1, TemplateStyles.Cell);
            if (writeL2 && r.Level2.Length > 0) _sheet.Text(_row, 3, r.Level2, TemplateStyles.Cell);
            bool resetsL2 = writeL1 && r.Level1.Length > 0;
            if (r.Level1.Length == 0 && l1 is { Length: > 0 } || r.Level2.Length == 0 && l2 is { Length: > 0 } && !resetsL2)
                notes.Add($"绩效指标“{r.Indicator?.Name}”没有一级或二级指标；表中留空的级别视同上一行，请补填");
            if (r.Indicator is { } i)
            {
                _sheet.Text(_row, 4, ProjectSheet.Fit(i.Name, notes), TemplateStyles.Cell);
                if (i.Cycle.Text.Length > 0) _sheet.Text(_row, 5, ProjectSheet.Fit(i.Cycle.Text, notes), TemplateStyles.Cell);
                if (i.Annual.Text.Length > 0) _sheet.Text(_row, 6, ProjectSheet.Fit(i.Annual.Text, notes), TemplateStyles.Cell);
            }
            l1 = r.Level1;
            l2 = r.Level2;
            _row++;
        }
        if (_row - 1 > top) _sheet.Merge(top, 1, _row - 1, 1);
        int last = Math.Max(_row - 1, first) + ListRows;
        _sheet.Validations.Add(new DraftValidation($"{CellMap.Address(first, 2)}:{CellMap.Address(last, 2)}", CodeListSheet.Level1Names, "一级指标", "从下拉列表中选择一级指标（如 产出指标）"));
        _sheet.Validations.Add(new DraftValidation($"{CellMap.Address(first, 3)}:{CellMap.Address(last, 3)}", CodeListSheet.Level2Formula("$B" + first, coded: false), "二级指标", "从下拉列表中选择二级指标（如 数量指标）；本行写了一级指标时只列出其下的二级指标"));
    }
}
