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
