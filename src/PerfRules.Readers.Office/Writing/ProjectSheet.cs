using System.Globalization;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// The project table (项目支出绩效目标表) in layout 2, one row per indicator: 资金使用单位 | 项目名称 |
/// 总计 | the source columns | 绩效目标 | 一级指标 | 二级指标 | 三级指标 | 实施周期指标值 | 年度指标值.
/// 合计 and each unit's own row name themselves in the unit column; a project's row repeats its unit's
/// name (so a unit's sum can be a formula), its amounts and goal on its first row only.
/// </summary>
internal sealed class ProjectSheet
{
    public const string SheetName = "项目支出绩效目标表";
    public const string Title = "项目支出绩效目标表（含转移支付项目）";
    private const int TitleRow = 1, DepartmentRow = 2, HeadRow = 3, FirstDataRow = 4;
    /// <summary>Rows of an empty template drawn as boxes, and the rows its drop-downs and formulas cover.</summary>
    public const int BlankRows = 200, ListRows = 2000;

    private readonly List<string> _amounts;
    private readonly int _unplaced;
    private int Unit => 1;
    private int Name => 2;
    private int Amount(int i) => 3 + i;
    private int UnplacedColumn(int i) => 3 + _amounts.Count + i;
    private int Goal => 3 + _amounts.Count + _unplaced;
    private int L1 => Goal + 1;
    private int L2 => Goal + 2;
    private int L3 => Goal + 3;
    private int Cycle => Goal + 4;
    private int Annual => Goal + 5;

    private readonly SheetDraft _sheet;

    private ProjectSheet(string sheetName, IEnumerable<string> amountColumns, int unplaced)
    {
        _amounts = new List<string> { ColumnNames.Total };
        _amounts.AddRange(amountColumns.Where(c => c != ColumnNames.Total).Distinct());
        _unplaced = unplaced;
        _sheet = new SheetDraft(sheetName) { FrozenRows = HeadRow, FrozenColumns = 2, PrintTitleRows = HeadRow, Landscape = true };
    }

    /// <summary>The empty form: title, 部门名称, the heading, 合计 and boxes to fill; with formulas, 合计 and a unit row sum the projects.</summary>
    public static SheetDraft Blank(string sheetName, bool formulas)
    {
        var p = new ProjectSheet(sheetName, ColumnNames.Standard, 0);
        p.Header(department: "", moneyUnit: "万元");
        int last = FirstDataRow + BlankRows;
        for (int r = FirstDataRow; r <= last; r++)
            for (int c = 1; c <= p.Annual; c++) p._sheet.Empty(r, c, p.IsAmount(c) ? TemplateStyles.Money : TemplateStyles.Cell);
        p._sheet.Text(FirstDataRow, p.Unit, "合计", TemplateStyles.Cell);
        if (formulas)
        {
            int unitRow = FirstDataRow + 1;
            for (int i = 0; i < p._amounts.Count; i++)
            {
                var x = CellMap.ColumnLetters(p.Amount(i));
                p._sheet.Set(FirstDataRow, p.Amount(i), new DraftCell
                {
                    Formula = $"IF(COUNTA($B${unitRow}:$B${ListRows})=0,\"\",SUMIF($B${unitRow}:$B${ListRows},\"<>\",{x}${unitRow}:{x}${ListRows}))",
                    Style = TemplateStyles.Money,
                });
                // From the row below to the end, so a copied unit row sums the projects under it and never itself.
                p._sheet.Set(unitRow, p.Amount(i), new DraftCell
                {
                    Formula = $"IF($A{unitRow}=\"\",\"\",SUMIFS({x}{unitRow + 1}:{x}${ListRows},$A{unitRow + 1}:$A${ListRows},$A{unitRow},$B{unitRow + 1}:$B${ListRows},\"<>\"))",
                    Style = TemplateStyles.Money,
                });
            }
        }
        p.Lists(ListRows);
        return p._sheet;
    }

    /// <summary>A table read from any document, in this layout; what it cannot carry over goes to <paramref name="notes"/>.</summary>
    public static SheetDraft From(Submission s, string sheetName, List<string> notes)
    {
        var rows = AmountRows(s).ToList();
        var columns = new List<string>(s.Columns.Count > 0 ? s.Columns : ColumnNames.Standard);
        foreach (var (_, amounts) in rows)
            foreach (var source in amounts.Sources)
                if (!columns.Contains(source.Column)) columns.Add(source.Column);
        int unplaced = rows.Count == 0 ? 0 : rows.Max(r => r.Amounts.Unplaced.Count);
        var p = new ProjectSheet(sheetName, columns, unplaced);
        p.Header(s.Department, s.MoneyUnit);

        int row = FirstDataRow;
        if (s.GrandTotal is { } g)
        {
            p._sheet.Text(row, p.Unit, g.Name is "合计" or "总计" ? g.Name : "合计", TemplateStyles.Cell);
            p.Amounts(row++, g.Amounts);
        }
        int rowsWithUnplaced = rows.Count(r => r.Amounts.Unplaced.Count > 0);
        foreach (var u in s.Units)
        {
            if (!u.Implicit)
            {
                p._sheet.Text(row, p.Unit, Fit(u.Name, notes), TemplateStyles.Cell);
                p.Amounts(row++, u.Amounts);
            }
            foreach (var project in u.Projects)
            {
                if (!u.Implicit) p._sheet.Text(row, p.Unit, Fit(u.Name, notes), TemplateStyles.Cell);
                p._sheet.Text(row, p.Name, Fit(project.Name, notes), TemplateStyles.Cell);
                p.Amounts(row, project.Amounts);
                p._sheet.Text(row, p.Goal, project.Goal is { } goal ? Fit(goal, notes) : null, TemplateStyles.Cell);
                for (int k = 0; k < project.Indicators.Count; k++)
                {
                    var i = project.Indicators[k];
                    if (k > 0 && (i.Level1.Name.Length == 0 && project.Indicators[k - 1].Level1.Name.Length > 0
                                  || i.Level2.Name.Length == 0 && project.Indicators[k - 1].Level2.Name.Length > 0))
                        notes.Add($"项目“{project.Name}”的指标“{i.Name}”没有一级或二级指标；表中留空的级别视同上一行，请补填");
                    p.Indicator(row++, i, notes);
                }
                if (project.Indicators.Count == 0) row++;
            }
        }
        if (rowsWithUnplaced > 0)
            notes.Add($"有 {rowsWithUnplaced} 行金额在原文件中看不出属于哪个资金来源列，已放在“{IndicatorRowsReader.UnplacedHeading}”列：" +
                      $"请核对后移入{string.Join("、", columns.Where(c => c != ColumnNames.Total).Select(c => $"“{c}”"))}中正确的一列，再删除该列");
        p.Lists(Math.Max(ListRows, row + BlankRows));
        return p._sheet;
    }

    /// <summary>Every amount row of the table (合计, units, projects): for the columns they need.</summary>
    private static IEnumerable<(string Name, Amounts Amounts)> AmountRows(Submission s)
    {
        if (s.GrandTotal is { } g) yield return (g.Name, g.Amounts);
        foreach (var u in s.Units)
        {
            if (!u.Implicit) yield return (u.Name, u.Amounts);
            foreach (var p in u.Projects) yield return (p.Name, p.Amounts);
        }
    }

    private bool IsAmount(int column) => column >= Amount(0) && column < Goal;

    private void Header(string? department, string? moneyUnit)
    {
        _sheet.Text(TitleRow, 1, Title, TemplateStyles.Title);
        _sheet.Merge(TitleRow, 1, TitleRow, Annual);
        if (department is not null)
        {
            _sheet.Text(DepartmentRow, 1, "部门名称：", TemplateStyles.Default);
            _sheet.Set(DepartmentRow, 2, new DraftCell { Text = department.Length > 0 ? department : null, Style = TemplateStyles.Cell });
            _sheet.Merge(DepartmentRow, 2, DepartmentRow, Math.Max(2, Goal - 1));
        }
        if (moneyUnit is not null) _sheet.Text(DepartmentRow, Annual, $"单位：{moneyUnit}", TemplateStyles.Default);
        _sheet.Text(HeadRow, Unit, "资金使用单位", TemplateStyles.Head);
        _sheet.Text(HeadRow, Name, "项目名称", TemplateStyles.Head);
        for (int i = 0; i < _amounts.Count; i++) _sheet.Text(HeadRow, Amount(i), _amounts[i], TemplateStyles.Head);
        for (int i = 0; i < _unplaced; i++)
            _sheet.Text(HeadRow, UnplacedColumn(i), i == 0 ? IndicatorRowsReader.UnplacedHeading : IndicatorRowsReader.UnplacedHeading + (i + 1).ToString(CultureInfo.InvariantCulture), TemplateStyles.Head);
        _sheet.Text(HeadRow, Goal, "绩效目标", TemplateStyles.Head);
        _sheet.Text(HeadRow, L1, "一级指标", TemplateStyles.Head);
        _sheet.Text(HeadRow, L2, "二级指标", TemplateStyles.Head);
        _sheet.Text(HeadRow, L3, "三级指标", TemplateStyles.Head);
        _sheet.Text(HeadRow, Cycle, "实施周期指标值", TemplateStyles.Head);
        _sheet.Text(HeadRow, Annual, "年度指标值", TemplateStyles.Head);
        _sheet.Columns[Unit] = (22, TemplateStyles.Cell);
        _sheet.Columns[Name] = (26, TemplateStyles.Cell);
        for (int c = Amount(0); c < Goal; c++) _sheet.Columns[c] = (13, TemplateStyles.Money);
        _sheet.Columns[Goal] = (40, TemplateStyles.Cell);
        _sheet.Columns[L1] = (13, TemplateStyles.Cell);
        _sheet.Columns[L2] = (17, TemplateStyles.Cell);
        _sheet.Columns[L3] = (30, TemplateStyles.Cell);
        _sheet.Columns[Cycle] = (18, TemplateStyles.Cell);
        _sheet.Columns[Annual] = (18, TemplateStyles.Cell);
    }

    /// <summary>The row's figures as numbers in their columns, shown with the decimals the original printed.</summary>
    private void Amounts(int row, Amounts a)
    {
        int style = TemplateStyles.MoneyOf(a.Decimals);
        if (a.Total is { } total) _sheet.Number(row, Amount(0), total, style);
        foreach (var source in a.Sources) _sheet.Number(row, Amount(_amounts.IndexOf(source.Column)), source.Value, style);
        for (int i = 0; i < a.Unplaced.Count; i++) _sheet.Number(row, UnplacedColumn(i), a.Unplaced[i], style);
    }

    private void Indicator(int row, Indicator i, List<string> notes)
    {
        // Levels on every row (not "same as above"): rows can be sorted and filtered, and none inherits by mistake.
        _sheet.Text(row, L1, Level(i.Level1), TemplateStyles.Cell);
        _sheet.Text(row, L2, Level(i.Level2), TemplateStyles.Cell);
        _sheet.Text(row, L3, Fit(i.Name, notes), TemplateStyles.Cell);
        _sheet.Text(row, Cycle, Value(i.Cycle, notes), TemplateStyles.Cell);
        _sheet.Text(row, Annual, Value(i.Annual, notes), TemplateStyles.Cell);
    }

    private static string? Level(CodeName level) => level.Name.Length == 0 && level.Code is null ? null : level.ToString();

    private static string? Value(TargetValue v, List<string> notes) => v.Text.Length == 0 ? null : Fit(v.Text, notes);

    /// <summary>The drop-down lists of the level columns, from the first data row to <paramref name="lastRow"/>.</summary>
    private void Lists(int lastRow)
    {
        _sheet.Validations.Add(new DraftValidation(Range(L1, lastRow), CodeListSheet.Level1Coded, "一级指标", "从下拉列表中选择一级指标（如 1-产出指标）"));
        _sheet.Validations.Add(new DraftValidation(Range(L2, lastRow), CodeListSheet.Level2Formula("$" + CellMap.ColumnLetters(L1) + FirstDataRow, coded: true), "二级指标", "从下拉列表中选择二级指标（如 11-数量指标）；本行写了一级指标时只列出其下的二级指标"));
    }

    private static string Range(int column, int lastRow)
        => $"{CellMap.Address(FirstDataRow, column)}:{CellMap.Address(lastRow, column)}";

    /// <summary>Text within Excel's cell limit; a longer text is cut, and said so.</summary>
    public static string Fit(string text, List<string> notes)
    {
        if (text.Length <= WorkbookWriter.MaxCellChars) return text;
        notes.Add($"“{text[..20]}…”共 {text.Length} 个字符，超过 Excel 单元格的上限（{WorkbookWriter.MaxCellChars}），已截断");
        return text[..WorkbookWriter.MaxCellChars];
    }
}
