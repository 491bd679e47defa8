using System.Text;
using PerfRules.Ingest;

namespace PerfRules.Tests.Golden;

/// <summary>What `parse` prints reads back into an equal model, in YAML and in JSON.</summary>
public class SeedRoundTripTests
{
    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Printed_yaml_reads_back_into_an_equal_model(string prefix)
    {
        var original = Seeds.Read(prefix);
        var again = new SubmissionReader().Read(Encoding.UTF8.GetBytes(CanonicalWriter.ToYaml(original)), prefix + ".yaml").One();
        again.Layout.ShouldBe("yaml");
        CanonicalWriter.ComparableJson(again).ShouldBe(CanonicalWriter.ComparableJson(original));
    }

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Printed_json_reads_back_into_an_equal_model(string prefix)
    {
        var original = Seeds.Read(prefix);
        var again = new SubmissionReader().Read(Encoding.UTF8.GetBytes(CanonicalWriter.ToJson(original)), prefix + ".json").One();
        CanonicalWriter.ComparableJson(again).ShouldBe(CanonicalWriter.ComparableJson(original));
    }
}
