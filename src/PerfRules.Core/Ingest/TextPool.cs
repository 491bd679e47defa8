namespace PerfRules.Ingest;

/// <summary>
/// One string per distinct short text of a document: level names, indicator names and values
/// repeat (产出指标 190 times in seed 000, ≥90% dozens of times), so each is allocated once.
/// </summary>
internal sealed class TextPool
{
    /// <summary>Longer texts rarely repeat; hashing them would cost more than it saves.</summary>
    private const int MaxLength = 48;

    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TextPool() => _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return "";
        if (text.Length > MaxLength) return text.ToString();
        if (_lookup.TryGetValue(text, out var known)) return known;
        var s = text.ToString();
        _set.Add(s);
        return s;
    }
}
