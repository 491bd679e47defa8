using PerfRules.Model;

namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// The 指标代码 sheet: the rule set's code table as the lists the 一级指标 and 二级指标 drop-downs
/// offer, each a defined name. The project table's levels carry their codes (1-产出指标); the
/// department-overall form's are names only (产出指标), as that form writes them. Not a table, so
/// the reader skips it.
/// </summary>
internal sealed class CodeListSheet
{
    public const string SheetName = "指标代码";
    public const string Level1Coded = "PerfRules_Level1", Level2Coded = "PerfRules_Level2";
    public const string Level1Names = "PerfRules_Level1Names", Level2Names = "PerfRules_Level2Names";
    public const string Level2CodedParents = "PerfRules_Level2Parents", Level2NamesParents = "PerfRules_Level2NameParents";

    public SheetDraft Sheet { get; } = new(SheetName);
    public List<(string Name, string Reference)> Names { get; } = new();

    public CodeListSheet(CodeTable codes, bool coded, bool named)
    {
        int column = 1;
        if (coded)
        {
            List(column++, "一级指标（代码-名称）", codes.Level1.Select(l => Coded(l.Code, l.Name)), Level1Coded);
            Children(ref column, "二级指标（代码-名称）", codes.Level1.SelectMany(p => p.Level2.Select(l => (Coded(p.Code, p.Name), Coded(l.Code, l.Name)))), Level2Coded, Level2CodedParents);
        }
        if (named)
        {
            List(column++, "一级指标名称", codes.Level1.Select(l => l.Name), Level1Names);
            Children(ref column, "二级指标名称", codes.Level1.SelectMany(p => p.Level2.Select(l => (p.Name, l.Name))), Level2Names, Level2NamesParents);
        }
        int note = Sheet.LastRow + 2;
        Sheet.Text(note, 1, $"下拉列表取自规则集的指标代码表（{codes.Codes} {codes.Version}）；本工作表不参与检查，请勿修改。", TemplateStyles.Note);
        Sheet.Merge(note, 1, note, Math.Max(1, column - 1));
        Sheet.FrozenRows = 1;
    }

    /// <summary>
    /// The 二级指标 drop-down of one row: the level-2 entries under the row's 一级指标
    /// (<paramref name="level1Cell"/>, relative to the range's first cell), or all of them while the
    /// 一级指标 is blank or not in the table. Relies on each parent's children being contiguous.
    /// </summary>
    public static string Level2Formula(string level1Cell, bool coded)
    {
        var (all, parents) = coded ? (Level2Coded, Level2CodedParents) : (Level2Names, Level2NamesParents);
        var count = $"COUNTIF({parents},{level1Cell})";
        return $"IF({count}=0,{all},OFFSET({all},MATCH({level1Cell},{parents},0)-1,0,{count},1))";
    }

    private static string Coded(int? code, string name) => code is { } c ? $"{c}-{name}" : name;

    /// <summary>A level-2 list with, in the next column, each entry's 一级指标 (for <see cref="Level2Formula"/>).</summary>
    private void Children(ref int column, string head, IEnumerable<(string Parent, string Item)> pairs, string name, string parentsName)
    {
        // Grouped by parent in the table's order, so OFFSET can take each parent's block.
        var kept = pairs.Where(p => p.Item.Length > 0).Distinct().GroupBy(p => p.Parent, StringComparer.Ordinal).SelectMany(g => g).ToList();
        Write(column++, head, kept.Select(p => p.Item), name);
        Write(column++, "所属一级指标", kept.Select(p => p.Parent), parentsName);
    }

    private void List(int column, string head, IEnumerable<string> items, string name)
        => Write(column, head, items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal), name);

    private void Write(int column, string head, IEnumerable<string> items, string name)
    {
        Sheet.Columns[column] = (24, 0);
        Sheet.Text(1, column, head, TemplateStyles.Head);
        int row = 1;
        foreach (var item in items)
            Sheet.Text(++row, column, item, TemplateStyles.Cell);
        var letters = CellMap.ColumnLetters(column);
        // An empty table still gets a (one blank cell) list, so the name is valid.
        Names.Add((name, $"{WorkbookWriter.Quote(SheetName)}!${letters}$2:${letters}${Math.Max(2, row)}"));
    }
}
