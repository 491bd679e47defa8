using PerfRules.Ingest;

namespace PerfRules.Tests.Office;

/// <summary>
/// Every layout of every seed, in every container, reads into the seed's model (names, amounts,
/// codes, values; places differ) and gives the seed's findings by rule and project.
/// </summary>
public class OfficeLayoutTests
{
    public static IEnumerable<TestCaseData> SeedFixtures => OfficeFixtures.All().Where(f => f.Seed is not null)
        .Select(f => new TestCaseData(f.Name, f.Seed, f.Layout).SetName($"{{m}}({f.Name})"));

    /// <summary>Old binary workbooks (.xls), written by LibreOffice from the generated ones (tests/tools/office-fixtures-libreoffice.sh).</summary>
    public static IEnumerable<TestCaseData> XlsFixtures => new[]
    {
        new TestCaseData("libreoffice/003.layout1.xls", "003", "tabular"),
        new TestCaseData("libreoffice/004.layout2-merged.xls", "004", "rows"),
        new TestCaseData("libreoffice/002.overall.xls", "002", "overall"),
    };

    [TestCaseSource(nameof(SeedFixtures))]
    [TestCaseSource(nameof(XlsFixtures))]
    public void Fixture_reads_into_the_seed_model(string name, string seed, string layout)
    {
        var doc = OfficePipeline.ReadOne(name);
        doc.Layout.ShouldBe(layout);
        OfficeModel.Content(doc).ShouldBe(OfficeModel.Content(Seeds.Read(seed)));
    }

    [TestCaseSource(nameof(SeedFixtures))]
    [TestCaseSource(nameof(XlsFixtures))]
    public void Fixture_gives_the_seed_findings_by_rule_and_project(string name, string seed, string layout)
    {
        var doc = OfficePipeline.ReadOne(name);
        var expected = OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(Seeds.Read(seed)));
        OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(doc)).ShouldBe(expected);
        expected.ShouldNotBeEmpty();
    }
}

/// <summary>Seed 002 as a clerk would lay it out: the cells the PDF extraction lost put back in their columns.</summary>
public class OverallSheetAlignedTests
{
    [Test]
    public void The_aligned_overall_sheet_reads_into_the_seed_model()
    {
        var sheet = OfficeFixtures.Overall(formulaCached: true);
        int Find(Func<XCell?[], bool> match) => sheet.Rows.FindIndex(r => match(r));
        static XCell?[] Shift(XCell?[] row, int by) => new XCell?[by].Concat(row).ToArray();
        int influence = Find(r => r.Length > 1 && r[1]?.Text == "广州市对口帮扶工作的社会影响力");
        sheet.Rows[influence] = Shift(sheet.Rows[influence], 2);
        int cost = Find(r => r.Length > 0 && r[0]?.Text == "成本指标");
        for (int k = cost; k < cost + 3; k++) sheet.Rows[k] = Shift(sheet.Rows[k], 1);
        sheet.Rows[cost][2]!.Text.ShouldBe("经济成本指标");
        sheet.Merged.RemoveAll(m => m.StartsWith("A"));   // the merges were for the unaligned rows
        var doc = OfficePipeline.Read(OfficeWriter.Workbook(new[] { sheet }), "aligned.xlsx").Single();
        OfficeModel.Content(doc).ShouldBe(OfficeModel.Content(Seeds.Read("002")));
        OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(doc)).ShouldBe(OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(Seeds.Read("002"))));
    }
}
