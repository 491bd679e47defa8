namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// The 填表说明 sheet, in Chinese. Worded so that no layout reader takes it for a table: no line
/// starts with a table's title or 项目名称, and the department-overall form's budget headings are
/// not named (with 一级/二级指标 they would make it look like that form).
/// </summary>
internal static class InstructionsSheet
{
    public const string SheetName = "填表说明";

    public static SheetDraft Build(bool project, bool overall, bool formulas, bool unplaced)
    {
        var lines = new List<(string Text, int Style)> { ("填表说明", TemplateStyles.NoteTitle) };
        if (project)
        {
            lines.Add(($"一、“{ProjectSheet.SheetName}”工作表：每行填写一个绩效指标", TemplateStyles.Label));
            lines.Add(("1. 每个项目的第一行填写资金使用单位、项目名称、各项金额、绩效目标和第一个指标；该项目的其余指标各占一行，项目的这几列留空（也可以向下合并单元格）。", TemplateStyles.Note));
            lines.Add(("2. “合计”行填写全部项目的合计。每个资金使用单位单独占一行：在“资金使用单位”列填写单位名称，“项目名称”列留空，填写该单位的金额；其下各项目行的“资金使用单位”列填写同一单位名称。只有一个单位且不单列单位行时，“资金使用单位”列可以留空。", TemplateStyles.Note));
            lines.Add(("3. 金额单位为万元，保留两位小数；每一行的总计应等于财政拨款、财政专户拨款和其他资金之和，单位行等于其各项目之和，合计行等于各单位之和。", TemplateStyles.Note));
            lines.Add(($"4. 一级指标、二级指标从下拉列表中选择（列表来自指标代码表，见“{CodeListSheet.SheetName}”工作表），如“1-产出指标”“11-数量指标”；也可以只写名称（如“产出指标”），代码按指标代码表确定。二级指标应属于同一行的一级指标：先选一级指标，二级指标的下拉列表就只列出其下的二级指标。", TemplateStyles.Note));
            lines.Add(("5. 三级指标填写具体的指标名称。实施周期指标值和年度指标值写明比较符号、数值和计量单位，如“≥95%”“10个”“2025年12月底前”；一年期的项目两者相同。", TemplateStyles.Note));
            lines.Add(("6. 不要改动第 1 至 3 行的表头和各列的顺序；行不够时插入整行。", TemplateStyles.Note));
            if (formulas)
                lines.Add(("7. “合计”行和第 5 行（单位行）的金额是公式，自动汇总其下各项目的金额，请勿手工改写。使用公式时，每个项目行的“资金使用单位”列都要填写单位名称（不要合并单元格），否则不会计入该单位。有多个单位时，复制第 5 行，插入到每个单位的项目之前，再改写单位名称。", TemplateStyles.Note));
            if (unplaced)
                lines.Add(("8. “未分列金额”列是原文件中看不出属于哪个资金来源列的金额（原表的空列在文字中不占位置）：请核对后移入正确的列，再删除该列。", TemplateStyles.Note));
        }
        if (overall)
        {
            lines.Add(($"{(project ? "二" : "一")}、“{OverallSheet.SheetName}”工作表：部门整体绩效目标", TemplateStyles.Label));
            lines.Add(("1. 部门名称填写申报部门的全称。", TemplateStyles.Note));
            lines.Add(("2. 预算整体情况的金额单位为万元，保留两位小数；基本支出与项目支出之和应等于各项收入之和，也应等于本级使用资金与对下转移支付资金之和。", TemplateStyles.Note));
            lines.Add(("3. 年度重点工作任务每项一行，写明名称、主要实施内容、拟投入的资金和期望达到的目标；行不够时插入整行。各任务拟投入的资金之和不应超过项目支出。", TemplateStyles.Note));
            lines.Add(("4. 绩效指标已按指标代码表列出各个类别。一级、二级类别从下拉列表中选择（同一行写了一级类别时，二级的下拉列表只列出其下的类别）；在类别所在的行填写第一个三级指标及其指标值，其余指标在其下插入整行填写，类别留空表示与上一行相同。没有指标的类别可以保留，检查时会提示。", TemplateStyles.Note));
            lines.Add(("5. 实施周期指标值和年度指标值写明比较符号、数值和计量单位，如“≥90%”“78个”“每年4月底前”。", TemplateStyles.Note));
        }
        lines.Add(($"{(project && overall ? "三" : "二")}、填好后检查", TemplateStyles.Label));
        lines.Add(("在命令行运行 perfrules lint 文件名.xlsx，按提示逐条修改后再检查，直到没有错误。提示中的位置（如 项目支出绩效目标表!J12）就是要修改的单元格。", TemplateStyles.Note));
        lines.Add(($"本工作表和“{CodeListSheet.SheetName}”工作表不参与检查，可以保留。", TemplateStyles.Note));

        var sheet = new SheetDraft(SheetName);
        sheet.Columns[1] = (110, TemplateStyles.Note);
        for (int i = 0; i < lines.Count; i++) sheet.Text(i + 1, 1, lines[i].Text, lines[i].Style == TemplateStyles.Label ? TemplateStyles.NoteTitle : lines[i].Style);
        return sheet;
    }
}
