namespace PerfRules.Runs;

/// <summary>
/// A spilled document's snippets: the count is kept in memory (unless cross-document findings added lines: then
/// counted when read back), the lines are read back when asked for.
/// </summary>
internal sealed class SpilledSnippets : IReadOnlyDictionary<int, string>
{
    private readonly SpilledResult _result;
    private readonly int? _count;
    public SpilledSnippets(SpilledResult result, int? count) { _result = result; _count = count; }
    private Dictionary<int, string> D => _result.Tail().Snippets;
    public int Count => _count ?? D.Count;
    public string this[int key] => D[key];
    public IEnumerable<int> Keys => D.Keys;
    public IEnumerable<string> Values => D.Values;
    public bool ContainsKey(int key) => Count > 0 && D.ContainsKey(key);
    public bool TryGetValue(int key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        if (Count == 0) { value = null; return false; }
        return D.TryGetValue(key, out value);
    }
    public IEnumerator<KeyValuePair<int, string>> GetEnumerator() => D.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
