using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Readers.Office.Writing;
using PerfRules.Yaml;

namespace PerfRules.Tests.Office;

/// <summary>The fill-in template (perfrules template) read back by the readers, and what a spreadsheet sees in it.</summary>
public class TemplateWorkbookTests
{
    public static IEnumerable<TestCaseData> Blanks => new[]
    {
        new TestCaseData(SubmissionKind.ProjectTargets, false).SetName("{m}(project-targets)"),
        new TestCaseData(SubmissionKind.ProjectTargets, true).SetName("{m}(project-targets, formulas)"),
        new TestCaseData(SubmissionKind.DepartmentOverall, false).SetName("{m}(department-overall)"),
    };

    [TestCaseSource(nameof(Blanks))]
    public void A_blank_template_reads_back_with_only_the_findings_of_an_empty_table(SubmissionKind kind, bool formulas)
    {
        var bytes = TemplateWorkbook.Blank(kind, new TemplateOptions { Formulas = formulas });
        var contents = TestFormats.Reader().Read(bytes, "模板.xlsx");
        var doc = contents.Documents.Single().Submission;
        doc.Kind.ShouldBe(kind);
        doc.Layout.ShouldBe(kind == SubmissionKind.ProjectTargets ? "rows" : "overall");
        doc.MoneyUnit.ShouldBe("万元");
        doc.Diagnostics.ShouldBeEmpty();
        // 填表说明 and 指标代码 are not tables: skipped, and said so.
        contents.Skipped.Count.ShouldBe(2);
        contents.Skipped.ShouldContain(s => s.Contains("填表说明"));
        contents.Skipped.ShouldContain(s => s.Contains("指标代码"));

        var rules = OfficePipeline.Findings(doc).Select(f => f.RuleId).Distinct().Order().ToList();
        if (kind == SubmissionKind.ProjectTargets)
        {
            // The department's name is the one thing a blank form lacks that a rule asks for.
            rules.ShouldBe(new[] { "PR003" });
            doc.Units.ShouldBeEmpty();
            doc.GrandTotal!.Name.ShouldBe("合计");
            doc.GrandTotal.Amounts.Total.ShouldBeNull();
        }
        else
        {
            // …and, for the department-overall form, its indicator categories, all empty.
            rules.ShouldBe(new[] { "PR003", "PR501", "PR502" });
            var o = doc.Overall!;
            o.Indicators.ShouldBeEmpty();
            o.EmptyCategories.Select(c => $"{c.Level1.Name}/{c.Level2.Name}").ShouldBe(
                CodeTableYaml.Builtin.Level1.SelectMany(l => l.Level2.Count == 0 ? new[] { $"{l.Name}/" } : l.Level2.Select(x => $"{l.Name}/{x.Name}")));
            o.Expenditure.Select(a => a.Name).ShouldBe(new[] { "基本支出", "项目支出" });
            o.Income.Select(a => a.Name).ShouldBe(new[] { "财政拨款", "财政专户拨款", "其他资金" });
            o.BudgetLevels.Select(a => a.Name).ShouldBe(new[] { "市本级使用资金", "拟用于对下转移支付资金" });
            o.Expenditure.Concat(o.Income).ShouldAllBe(a => a.Value == null);
        }
    }

    [Test]
    public void The_project_template_has_a_frozen_heading_column_widths_money_formats_and_instructions()
    {
        using var doc = Open(TemplateWorkbook.Blank(SubmissionKind.ProjectTargets, new TemplateOptions()));
        var book = doc.WorkbookPart!;
        book.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ShouldBe(new[] { "项目支出绩效目标表", "填表说明", "指标代码" });
        var sheet = Sheet(doc, "项目支出绩效目标表");
        var pane = sheet.Descendants<Pane>().Single();
        pane.State!.Value.ShouldBe(PaneStateValues.Frozen);
        pane.TopLeftCell!.Value.ShouldBe("C4");   // title, 部门名称 and the heading stay in view, and the unit and project names
        var heading = Row(doc, sheet, 3);
        heading.ShouldBe(new[] { "资金使用单位", "项目名称", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值" });
        var columns = sheet.Descendants<Column>().ToList();
        columns.Select(c => (int)c.Min!.Value).ShouldBe(Enumerable.Range(1, 12));
        columns.ShouldAllBe(c => c.CustomWidth! && c.Width! > 10);
        // The four amount columns show 万元 with two decimals and thousands separated, also in rows not yet written.
        var formats = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        string FormatOf(uint style)
        {
            var xf = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)style);
            return formats.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == xf.NumberFormatId!.Value).FormatCode!.Value!;
        }
        columns.Skip(2).Take(4).Select(c => FormatOf(c.Style!.Value)).ShouldAllBe(f => f == "#,##0.00");
        Row(doc, sheet, 2).ShouldBe(new[] { "部门名称：", "单位：万元" });
        Row(doc, sheet, 4).ShouldBe(new[] { "合计" });
        var instructions = string.Join("\n", Sheet(doc, "填表说明").Descendants<Cell>().Select(c => Text(doc, c)));
        instructions.ShouldContain("每行填写一个绩效指标");
        instructions.ShouldContain("perfrules lint");
        instructions.ShouldNotContain("公式");   // the formula paragraph is only in the template with formulas
    }

    [TestCase(SubmissionKind.ProjectTargets)]
    [TestCase(SubmissionKind.DepartmentOverall)]
    public void The_drop_down_lists_are_the_code_tables_so_a_custom_table_gives_a_custom_list(SubmissionKind kind)
    {
        var custom = CodeTableYaml.Builtin.Merge(CodeTableYaml.Parse("""
            level1:
              - code: 1
                name: 产出指标
                level2:
                  - { code: 15, name: 特色指标 }
              - code: 4
                name: 治理指标
                level2:
                  - { code: 41, name: 制度建设指标 }
            """));
        using var doc = Open(TemplateWorkbook.Blank(kind, new TemplateOptions { Codes = custom }));
        var table = Sheet(doc, kind == SubmissionKind.ProjectTargets ? "项目支出绩效目标表" : "部门整体绩效目标表");
        var lists = table.Descendants<DataValidation>().ToList();
        lists.Count.ShouldBe(2);
        lists.ShouldAllBe(v => v.Type!.Value == DataValidationValues.List);
        var formulas = lists.ToDictionary(v => HeadOf(doc, table, v.SequenceOfReferences!.InnerText!), v => v.Formula1!.Text);
        var coded = kind == SubmissionKind.ProjectTargets;
        var byHead = new Dictionary<string, List<string>>
        {
            ["一级指标"] = ListItems(doc, formulas["一级指标"]),
            ["二级指标"] = Level2List(doc, formulas["二级指标"], level1: ""),
        };
        byHead["一级指标"].ShouldBe(coded
            ? new[] { "1-产出指标", "2-效益指标", "3-满意度指标", "成本指标", "4-治理指标" }
            : new[] { "产出指标", "效益指标", "满意度指标", "成本指标", "治理指标" });
        byHead["二级指标"].ShouldContain(coded ? "15-特色指标" : "特色指标");
        byHead["二级指标"].ShouldContain(coded ? "41-制度建设指标" : "制度建设指标");
        byHead["二级指标"].Count.ShouldBe(custom.Level1.Sum(l => l.Level2.Count));
        // With the row's 一级指标 chosen, the 二级指标 list is that level's own entries, and only those.
        foreach (var level1 in custom.Level1)
        {
            var name = coded && level1.Code is { } c ? $"{c}-{level1.Name}" : level1.Name;
            Level2List(doc, formulas["二级指标"], name).ShouldBe(
                level1.Level2.Count == 0 ? byHead["二级指标"] : level1.Level2.Select(l => coded && l.Code is { } lc ? $"{lc}-{l.Name}" : l.Name).ToList(),
                $"一级指标 {name}");
        }
        Level2List(doc, formulas["二级指标"], "不在表中的指标").ShouldBe(byHead["二级指标"]);
        if (!coded)
        {
            // The department-overall grid lists the custom categories too, and reads them back with their codes.
            var back = TestFormats.Reader(new ReadOptions { Codes = custom }).Read(ToBytes(doc), "t.xlsx").Documents.Single().Submission;
            back.Overall!.EmptyCategories.ShouldContain(c => c.Level1.Code == 4 && c.Level2.Code == 41 && c.Level2.Name == "制度建设指标");
        }
    }

    [Test]
    public void With_formulas_the_total_and_the_unit_row_are_formulas_whose_empty_results_are_saved()
    {
        using var doc = Open(TemplateWorkbook.Blank(SubmissionKind.ProjectTargets, new TemplateOptions { Formulas = true }));
        var sheet = Sheet(doc, "项目支出绩效目标表");
        var formulas = sheet.Descendants<Cell>().Where(c => c.CellFormula is not null).ToList();
        formulas.Select(c => c.CellReference!.Value).ShouldBe(new[] { "C4", "D4", "E4", "F4", "C5", "D5", "E5", "F5" });
        // A saved result (empty text), so the reader does not ask for a recalculation.
        formulas.ShouldAllBe(c => c.CellValue != null && c.CellValue.Text == "");
        formulas.Single(c => c.CellReference! == "C4").CellFormula!.Text.ShouldBe("IF(COUNTA($B$5:$B$2000)=0,\"\",SUMIF($B$5:$B$2000,\"<>\",C$5:C$2000))");
        formulas.Single(c => c.CellReference! == "D5").CellFormula!.Text.ShouldBe("IF($A5=\"\",\"\",SUMIFS(D6:D$2000,$A6:$A$2000,$A5,$B6:$B$2000,\"<>\"))");
        doc.WorkbookPart!.Workbook.CalculationProperties!.FullCalculationOnLoad!.Value.ShouldBeTrue();
        string.Join("\n", Sheet(doc, "填表说明").Descendants<Cell>().Select(c => Text(doc, c))).ShouldContain("复制第 5 行");
    }

    public static IEnumerable<TestCaseData> SeedPrefixes => new[] { "000", "001", "002", "003", "004" }.Select(s => new TestCaseData(s).SetName($"{{m}}({s})"));

    [TestCaseSource(nameof(SeedPrefixes))]
    public void A_seed_converted_to_the_template_reads_back_into_its_model_and_findings(string seed)
    {
        var original = Seeds.Read(seed);
        var converted = TemplateWorkbook.Convert(new[] { original }, new TemplateOptions());
        var back = OfficePipeline.Read(converted.Bytes, $"{seed}.xlsx").Single();
        back.Layout.ShouldBe(seed == "002" ? "overall" : "rows");
        back.Diagnostics.ShouldBeEmpty();
        OfficeModel.Content(back).ShouldBe(OfficeModel.Content(original));
        var expected = OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(original));
        expected.ShouldNotBeEmpty();
        OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(back)).ShouldBe(expected);
        // The conversion's own read-back check agrees; the one note left is about figures with no known column.
        var inline = seed is "000" or "003" or "004";
        converted.Notes.Count.ShouldBe(inline ? 1 : 0, string.Join("\n", converted.Notes));
        if (inline) converted.Notes[0].ShouldContain("未分列金额");
    }

    [Test]
    public void Figures_whose_column_the_text_does_not_say_go_to_the_unplaced_columns_not_to_a_guessed_one()
    {
        // Seed 000: 合计 has two figures after 总计, each unit one; which of the three columns each is, the text does not say.
        var back = OfficePipeline.Read(TemplateWorkbook.Convert(new[] { Seeds.Read("000") }, new TemplateOptions()).Bytes, "000.xlsx").Single();
        back.GrandTotal!.Amounts.Sources.ShouldBeEmpty();
        back.GrandTotal.Amounts.Unplaced.ShouldBe(new[] { 265460.48m, 1493.57m });
        back.Columns.ShouldBe(ColumnNames.Standard);
    }

    [Test]
    public void Other_formats_convert_too_and_the_department_overall_grid_keeps_its_order_without_places()
    {
        foreach (var (fixture, seed) in new[] { ("001.layout1.docx", "001"), ("004.layout2-gb18030.csv", "004"), ("002.overall.xlsx", "002") })
        {
            var read = OfficePipeline.ReadOne(fixture);
            var back = OfficePipeline.Read(TemplateWorkbook.Convert(new[] { read }, new TemplateOptions()).Bytes, "c.xlsx").Single();
            OfficeModel.Content(back).ShouldBe(OfficeModel.Content(Seeds.Read(seed)), fixture);
        }
        // A model with no places (written by hand or by another tool): empty categories follow their 一级指标's indicators.
        var placeless = Seeds.Read("002");
        foreach (var i in placeless.Overall!.Indicators) i.Span = null;
        foreach (var c in placeless.Overall.EmptyCategories) c.Span = null;
        var converted = TemplateWorkbook.Convert(new[] { placeless }, new TemplateOptions());
        var again = OfficePipeline.Read(converted.Bytes, "c.xlsx").Single();
        OfficeModel.Content(again).ShouldBe(OfficeModel.Content(Seeds.Read("002")));
        converted.Notes.ShouldBeEmpty();
    }

    [Test]
    public void Several_tables_become_one_sheet_each()
    {
        var tables = new[] { Seeds.Read("000"), Seeds.Read("002"), Seeds.Read("001") };
        var bytes = TemplateWorkbook.Convert(tables, new TemplateOptions()).Bytes;
        using (var doc = Open(bytes))
            doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value)
                .ShouldBe(new[] { "项目支出绩效目标表", "部门整体绩效目标表", "项目支出绩效目标表2", "填表说明", "指标代码" });
        var back = OfficePipeline.Read(bytes, "c.xlsx");
        back.Select(OfficeModel.Content).ShouldBe(tables.Select(OfficeModel.Content));
    }

    [Test]
    public void Text_a_cell_cannot_hold_as_is_comes_back_as_it_was_and_a_difference_is_a_note()
    {
        var s = Seeds.Read("001");
        var p = s.Projects.First();
        p.Name = "甲_x0041_乙";   // what Excel would read as an escaped character
        var converted = TemplateWorkbook.Convert(new[] { s }, new TemplateOptions());
        converted.Notes.ShouldBeEmpty();
        OfficePipeline.Read(converted.Bytes, "c.xlsx").Single().Projects.First().Name.ShouldBe(p.Name);

        // A control character (XML cannot hold it) is written escaped; read back it is damaged text, and the conversion says so.
        p.Name = "甲\u0001乙";
        converted = TemplateWorkbook.Convert(new[] { s }, new TemplateOptions());
        OfficePipeline.Read(converted.Bytes, "c.xlsx").Single().Projects.First().Name.ShouldBe("甲\u0001乙");
        converted.Notes.ShouldContain(n => n.StartsWith("转换结果读回时：") && n.Contains("文本已损坏"));
        p.Name = "甲";

        // A level with no code that the code table knows: the read-back gives it its code, and the conversion says so.
        s.Projects.First().Indicators[0].Level1 = new CodeName(null, "产出指标");
        var noted = TemplateWorkbook.Convert(new[] { s }, new TemplateOptions());
        noted.Notes.ShouldContain(n => n.Contains("读回后与原文件的内容不完全相同") && n.Contains("level1.code"));
    }

    public static IEnumerable<TestCaseData> Workbooks()
    {
        foreach (var kind in new[] { SubmissionKind.ProjectTargets, SubmissionKind.DepartmentOverall })
            foreach (var formulas in kind == SubmissionKind.ProjectTargets ? new[] { false, true } : new[] { false })
                yield return new TestCaseData(kind.ToString(), formulas, null).SetName($"{{m}}(blank {kind}{(formulas ? ", formulas" : "")})");
        foreach (var seed in new[] { "000", "002" })
            yield return new TestCaseData(null, false, seed).SetName($"{{m}}(converted {seed})");
    }

    [TestCaseSource(nameof(Workbooks))]
    public void The_workbooks_pass_the_Open_XML_validator(string? kind, bool formulas, string? seed)
    {
        var bytes = seed is null
            ? TemplateWorkbook.Blank(Enum.Parse<SubmissionKind>(kind!), new TemplateOptions { Formulas = formulas })
            : TemplateWorkbook.Convert(new[] { Seeds.Read(seed) }, new TemplateOptions()).Bytes;
        using var doc = Open(bytes);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty();
    }

    // ---- reading the workbook as a spreadsheet would ----

    private static SpreadsheetDocument Open(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes), false);

    private static byte[] ToBytes(SpreadsheetDocument doc)
    {
        var ms = new MemoryStream();
        doc.Clone(ms).Dispose();
        return ms.ToArray();
    }

    private static Worksheet Sheet(SpreadsheetDocument doc, string name)
    {
        var id = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!.Value!;
        return ((WorksheetPart)doc.WorkbookPart.GetPartById(id)).Worksheet;
    }

    private static string Text(SpreadsheetDocument doc, Cell c)
    {
        if (c.DataType?.Value == CellValues.SharedString)
            return doc.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(c.CellValue!.Text)).InnerText;
        return c.CellValue?.Text ?? "";
    }

    /// <summary>The texts of a row's non-empty cells.</summary>
    private static List<string> Row(SpreadsheetDocument doc, Worksheet sheet, int row)
        => sheet.Descendants<Row>().Single(r => r.RowIndex! == (uint)row).Elements<Cell>().Select(c => Text(doc, c)).Where(t => t.Length > 0).ToList();

    /// <summary>The heading above a validation's range (the cell two rows up for the project table's H4:H2000 is the row-3 heading; for the overall grid, the row before its first).</summary>
    private static string HeadOf(SpreadsheetDocument doc, Worksheet sheet, string range)
    {
        var (r1, c1, _, _) = PerfRules.Readers.Office.XlsxOpener.ParseRange(range)!.Value;
        for (int r = r1 - 1; r >= 1; r--)
        {
            var cell = sheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference! == CellMap.Address(r, c1));
            if (cell is not null && Text(doc, cell) is { Length: > 0 } t && t.EndsWith("指标")) return t;
        }
        return "";
    }

    /// <summary>
    /// What Excel lists for the 二级指标 drop-down formula when the row's 一级指标 is
    /// <paramref name="level1"/>: the formula's own OFFSET/MATCH/COUNTIF, evaluated over the named lists.
    /// </summary>
    private static List<string> Level2List(SpreadsheetDocument doc, string formula, string level1)
    {
        var m = System.Text.RegularExpressions.Regex.Match(formula,
            @"^IF\(COUNTIF\((\w+),(\$[A-Z]+\d+)\)=0,(\w+),OFFSET\(\3,MATCH\(\2,\1,0\)-1,0,COUNTIF\(\1,\2\),1\)\)$");
        m.Success.ShouldBeTrue(formula);
        var parents = ListItems(doc, m.Groups[1].Value);
        var all = ListItems(doc, m.Groups[3].Value);
        parents.Count.ShouldBe(all.Count);
        int count = parents.Count(p => p == level1);
        return count == 0 ? all : all.Skip(parents.IndexOf(level1)).Take(count).ToList();
    }

    /// <summary>The items of a list a defined name points at.</summary>
    private static List<string> ListItems(SpreadsheetDocument doc, string name)
    {
        var reference = doc.WorkbookPart!.Workbook.DefinedNames!.Elements<DefinedName>().Single(d => d.Name == name).Text;
        var bang = reference.LastIndexOf('!');
        var sheet = Sheet(doc, reference[..bang].Trim('\''));
        var (r1, c1, r2, _) = PerfRules.Readers.Office.XlsxOpener.ParseRange(reference[(bang + 1)..].Replace("$", ""))!.Value;
        return Enumerable.Range(r1, r2 - r1 + 1)
            .Select(r => sheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference! == CellMap.Address(r, c1)))
            .Where(c => c is not null).Select(c => Text(doc, c!)).ToList();
    }
}
