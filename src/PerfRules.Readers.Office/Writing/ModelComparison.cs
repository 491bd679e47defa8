using System.Text.Json.Nodes;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Readers.Office.Writing;

/// <summary>
/// Two models of one table compared on their content: the canonical JSON without places (spans,
/// lines), layout furniture and reading problems — what a conversion must keep.
/// </summary>
internal static class ModelComparison
{
    /// <summary>Where the two first differ ("units[0].projects[2].name：“甲” → “乙”"), or null when they do not.</summary>
    public static string? FirstDifference(Submission expected, Submission actual)
        => Diff(Content(expected), Content(actual), "");

    private static JsonNode? Content(Submission s)
    {
        var node = JsonNode.Parse(CanonicalWriter.ComparableJson(s));
        Strip(node);
        return node;
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                // A budget amount's text is how the cell showed it (4,381.54 or 4381.54): its value is compared.
                bool namedAmount = o.ContainsKey("value");
                foreach (var key in o.Select(kv => kv.Key).ToList())
                    if (key is "span" or "line" or "furniture" or "diagnostics" || key.EndsWith("Span", StringComparison.Ordinal) || namedAmount && key == "text")
                        o.Remove(key);
                foreach (var (_, value) in o) Strip(value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
    }

    private static string? Diff(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
                if (Diff(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}") is { } d) return d;
            return null;
        }
        if (a is JsonArray xa && b is JsonArray xb)
        {
            for (int i = 0; i < Math.Min(xa.Count, xb.Count); i++)
                if (Diff(xa[i], xb[i], $"{path}[{i}]") is { } d) return d;
            return xa.Count == xb.Count ? null : $"{path}：{xa.Count} 项 → {xb.Count} 项";
        }
        var ta = a?.ToJsonString() ?? "（无）";
        var tb = b?.ToJsonString() ?? "（无）";
        return ta == tb ? null : $"{path}：{Short(ta)} → {Short(tb)}";
    }

    private static string Short(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
