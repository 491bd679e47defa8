using PerfRules.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace PerfRules.Ingest.Canonical;

/// <summary>
/// Lets a YamlDotNet deserializer read a <see cref="Submission"/> in canonical form where one is
/// embedded in another YAML file (rule examples): spans default to places in that file, and
/// problems become the submission's diagnostics instead of exceptions.
/// </summary>
public sealed class SubmissionYamlConverter : IYamlTypeConverter
{
    private readonly string _sourceFile;

    public SubmissionYamlConverter(string sourceFile = "") => _sourceFile = sourceFile;

    public bool Accepts(Type type) => type == typeof(Submission);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        => CanonicalReader.ReadNode(parser, _sourceFile);

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
        => CanonicalWriter.EmitNode(emitter, (Submission)value!);
}
