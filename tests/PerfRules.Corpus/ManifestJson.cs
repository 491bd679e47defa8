using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PerfRules.Corpus;

/// <summary>The manifest's JSON form: camelCase, Chinese kept readable, nulls left out.</summary>
public static class ManifestJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(CorpusManifest manifest) => JsonSerializer.Serialize(manifest, Options);

    public static CorpusManifest Deserialize(string json) =>
        JsonSerializer.Deserialize<CorpusManifest>(json, Options) ?? throw new JsonException("empty manifest");
}
