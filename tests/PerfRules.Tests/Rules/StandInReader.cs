using PerfRules.Model;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PerfRules.Tests.Rules;

/// <summary>
/// A stand-in for the canonical YAML reader: the model's properties in camelCase. The lead wires
/// the real CanonicalReader into the example tests after merging.
/// </summary>
internal static class StandInReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static Submission Read(string yaml, string name)
    {
        var doc = Deserializer.Deserialize<Submission>(yaml) ?? new Submission();
        doc.SourceFile = name;
        return doc;
    }
}
