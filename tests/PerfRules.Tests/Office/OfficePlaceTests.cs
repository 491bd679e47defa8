using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Rules;
using PerfRules.Runs;

namespace PerfRules.Tests.Office;

/// <summary>Findings point at the cell: sheet and A1 address, the merged range, hidden rows, Word tables, CSV records.</summary>
public class OfficePlaceTests
{
    private static string Place(Submission doc, Finding f) => doc.Places!.Format(f.Span!);

    private static Dictionary<string, string> Describe(Submission doc, SourceSpan span)
        => doc.Places!.Describe(span).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static Submission Read(byte[] bytes, string name) => OfficePipeline.Read(bytes, name).Single();

    [Test]
    public void A_wrong_amount_in_one_cell_is_found_at_its_row()
    {
        var sheet = OfficeFixtures.Layout2("000", merged: true);
        int row = sheet.Rows.FindIndex(r => r.Length > 0 && r[0]?.Text == "会展业务费") + 1;
        sheet.Rows[row - 1][1] = XCell.Amount(230m);   // 总计 230.00 against 220.00 of 财政拨款
        var doc = Read(OfficeWriter.Workbook(new[] { sheet }), "injected.xlsx");
        var findings = OfficePipeline.Findings(doc);
        var pr101 = findings.Single(f => f.RuleId == "PR101");
        pr101.Project.ShouldBe("会展业务费");
        // At the 总计 cell, the faulty figure; the row is the finding's related span.
        Place(doc, pr101).ShouldBe($"绩效目标!B{row}");
        Describe(doc, pr101.Related!)["range"].ShouldStartWith($"A{row}:A");   // the name cell is merged over the indicator rows
        Describe(doc, pr101.Related!)["endCell"].ShouldBe($"F{row}");
        // The unit no longer equals the sum of its projects: at the unit's 总计 cell.
        var pr102 = findings.Single(f => f.RuleId == "PR102");
        Place(doc, pr102).ShouldBe($"绩效目标!B{sheet.Rows.FindIndex(r => r.Length > 0 && r[0]?.Text == "广州市协作办公室") + 1}");
    }

    [Test]
    public void A_wrong_value_in_one_cell_is_found_at_that_cell()
    {
        var sheet = OfficeFixtures.Layout1("003", offset: false);
        int row = sheet.Rows.FindIndex(r => r.Length > 0 && r[0]?.Text == "车辆租用经费") + 1;
        var cell = sheet.Rows[row - 1][6]!;
        sheet.Rows[row - 1][6] = cell with { Text = cell.Text!.Replace("年度指标值：4辆", "年度指标值：≥6辆") };
        sheet.Rows[row - 1][6]!.Text.ShouldNotBe(cell.Text);
        var doc = Read(OfficeWriter.Workbook(new[] { sheet }), "injected.xlsx");
        var added = OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(doc)).Except(OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(Seeds.Read("003")))).ToList();
        added.ShouldNotBeEmpty();
        var f = OfficePipeline.Findings(doc).First(x => x.Project == "车辆租用经费" && x.RuleId == "PR401");
        Place(doc, f).ShouldBe($"项目支出绩效目标表!G{row}");
    }

    [Test]
    public void A_formula_without_a_saved_value_is_a_finding_at_its_cell()
    {
        var doc = OfficePipeline.ReadOne("002.formula-no-value.xlsx");
        var f = OfficePipeline.Findings(doc).Single(x => x.RuleId == "PR002");
        f.Message.ShouldContain("单元格 C8 含公式但文件中没有保存计算结果");
        f.Message.ShouldContain("重新计算");
        Place(doc, f).ShouldBe("部门整体绩效目标!C8");
        // With the saved value, the same cell is read as the amount.
        var cached = OfficePipeline.ReadOne("002.overall.xlsx");
        cached.Overall!.Expenditure.Single(a => a.Name == "项目支出").Value.ShouldBe(270769.27m);
        doc.Overall!.Expenditure.Single(a => a.Name == "项目支出").Value.ShouldBeNull();
    }

    [Test]
    public void Merged_and_hidden_cells_are_described()
    {
        var doc = OfficePipeline.ReadOne("002.overall.xlsx");
        var pr104 = OfficePipeline.Findings(doc).Single(x => x.RuleId == "PR104");
        Place(doc, pr104).ShouldStartWith("部门整体绩效目标!");
        var label = Describe(doc, SourceSpan.Line(6, 1, 6));
        label["cell"].ShouldBe("A6");
        label["range"].ShouldBe("A6:A11");
        label["sheet"].ShouldBe("部门整体绩效目标");
        var hidden = Describe(doc, SourceSpan.Line(9, 2, 3));
        hidden["hidden"].ShouldBe("row");
        // Hidden rows are read like the others: 财政专项资金 is on a hidden row.
        doc.Overall!.Development.ShouldContain(a => a.Name == "财政专项资金" && a.Value == 0m);
    }

    [Test]
    public void A_table_that_starts_below_and_right_keeps_its_addresses()
    {
        var doc = OfficePipeline.ReadOne("000.layout1.xlsx");
        var map = (CellMap)doc.Places!;
        var first = doc.Projects.First();
        map.Format(first.Span!).ShouldBe("项目支出绩效目标表!C9");
        map.Format(first.GoalSpan!).ShouldBe("项目支出绩效目标表!H9");
        map.Format(first.Indicators[2].Span!).ShouldBe("项目支出绩效目标表!I9");
    }

    [Test]
    public void Word_places_name_the_table_row_and_column()
    {
        var doc = OfficePipeline.ReadOne("004.layout2.docx");
        var f = OfficePipeline.Findings(doc).First(x => x.RuleId == "PR202");
        Place(doc, f).ShouldMatch(@"^表1!A\d+$");
        var d = Describe(doc, f.Span!);
        d["table"].ShouldBe("表1");
        doc.Places!.Format(SourceSpan.Line(1, 1, 5)).ShouldBe("段落1");
        // Project cells merged down (vMerge) are described with their range.
        d.ShouldContainKey("range");
    }

    [Test]
    public void Csv_places_name_the_record_and_the_line_of_the_file()
    {
        var doc = OfficePipeline.ReadOne("001.layout1-utf8bom.csv");
        doc.Encoding.ShouldBe("utf-8-bom");
        var f = OfficePipeline.Findings(doc).First(x => x.RuleId == "PR202");
        Place(doc, f).ShouldBe("A6");
        var d = Describe(doc, f.Span!);
        d["row"].ShouldBe("6");
        d.ShouldNotContainKey("sheet");
        d["fileLine"].ShouldBe("6");
        // The record before the next project holds line breaks in a quoted cell, so that one starts further down the file.
        var next = Describe(doc, doc.Projects.ElementAt(1).Span!);
        next["cell"].ShouldBe("A7");
        int.Parse(next["fileLine"]).ShouldBeGreaterThan(7);
    }

    [TestCaseSource(typeof(OfficeLayoutTests), nameof(OfficeLayoutTests.SeedFixtures))]
    public void Every_line_of_every_document_is_accounted_for(string name, string seed, string layout)
    {
        var opened = OfficePipeline.Open(OfficeFixtures.Bytes(name), name)!;
        var reader = new SubmissionReader();
        foreach (var doc in opened.Documents)
            LineCoverage.UncoveredLines(doc, reader.Read(doc)).ShouldBeEmpty();
    }
}
