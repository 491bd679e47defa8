namespace PerfRules.Ingest;

/// <summary>
/// One string per distinct short text: level names and values repeat within a document (产出指标
/// 190 times in seed 000, ≥90% dozens of times) and across the documents of a batch, so each is
/// allocated once. One pool per thread, emptied when it grows past a bound, so it costs a read
/// nothing and a long-running service only a few hundred KB.
/// </summary>
internal sealed class TextPool
{
    /// <summary>Longer texts rarely repeat; hashing them would cost more than it saves.</summary>
    private const int MaxLength = 32;
    private const int MaxEntries = 8192;

    [ThreadStatic] private static TextPool? _current;

    /// <summary>The calling thread's pool.</summary>
    public static TextPool Current => _current ??= new TextPool();

    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<(int Code, string Name), Model.CodeName> _codeNames = new();

    private TextPool() => _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return "";
        if (text.Length > MaxLength) return text.ToString();
        if (_lookup.TryGetValue(text, out var known)) return known;
        if (_set.Count >= MaxEntries) _set.Clear();
        var s = text.ToString();
        _set.Add(s);
        return s;
    }

    /// <summary>A level's code and name, one instance per distinct pair (CodeName is immutable).</summary>
    public Model.CodeName Code(int? code, ReadOnlySpan<char> name)
    {
        var text = Get(name);
        var key = (code ?? -1, text);
        if (_codeNames.TryGetValue(key, out var known)) return known;
        if (_codeNames.Count >= MaxEntries) _codeNames.Clear();
        return _codeNames[key] = new Model.CodeName(code, text);
    }
}
