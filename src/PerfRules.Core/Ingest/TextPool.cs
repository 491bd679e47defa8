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
    // By name, then the name's codes (one or two): keyed by a string and not by a (code, name) tuple, whose dictionary is
    // generic code over a value type that ReadyToRun cannot hold (JIT-compiled in every run, twice for the hot part).
    private readonly Dictionary<string, List<Model.CodeName>> _codeNames = new(StringComparer.Ordinal);
    private int _codeNameCount;

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
        var key = code ?? -1;
        if (_codeNames.TryGetValue(text, out var known))
            foreach (var c in known)
                if ((c.Code ?? -1) == key) return c;
        if (_codeNameCount >= MaxEntries)
        {
            _codeNames.Clear();
            _codeNameCount = 0;
            known = null;
        }
        var made = new Model.CodeName(code, text);
        if (known is null) _codeNames[text] = known = new List<Model.CodeName>(1);
        known.Add(made);
        _codeNameCount++;
        return made;
    }
}
