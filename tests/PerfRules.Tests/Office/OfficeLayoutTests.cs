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

    [TestCaseSource(nameof(SeedFixtures))]
    public void Fixture_reads_into_the_seed_model(string name, string seed, string layout)
    {
        var doc = OfficePipeline.ReadOne(name);
        doc.Layout.ShouldBe(layout);
        OfficeModel.Content(doc).ShouldBe(OfficeModel.Content(Seeds.Read(seed)));
    }

    [TestCaseSource(nameof(SeedFixtures))]
    public void Fixture_gives_the_seed_findings_by_rule_and_project(string name, string seed, string layout)
    {
        var doc = OfficePipeline.ReadOne(name);
        var expected = OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(Seeds.Read(seed)));
        OfficePipeline.ByRuleAndProject(OfficePipeline.Findings(doc)).ShouldBe(expected);
        expected.ShouldNotBeEmpty();
    }
}
