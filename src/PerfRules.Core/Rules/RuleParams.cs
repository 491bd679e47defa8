namespace PerfRules.Rules;

/// <summary>
/// A rule's parameters as its expressions see them: the variable <c>param</c>, with
/// <c>param.Number("floor")</c>, <c>param.Text("unit")</c> and <c>param.List("keywords")</c>.
/// The name must be a string constant that the rule declares with that type (checked when the
/// rule set is compiled), so a lookup cannot fail at run time. Read-only and shared by every
/// document a compiled set checks.
/// </summary>
public sealed class RuleParams
{
    private readonly Dictionary<string, RuleParam> _values;
    private readonly Dictionary<string, IReadOnlyList<string>> _lists;
    // The names interned, in the order of _byName: a compiled rule passes a string literal (interned
    // when its assembly loads), so its lookup is a reference comparison over a handful of names
    // instead of hashing the name at every call on every object.
    private readonly string[] _names;
    private readonly RuleParam[] _byName;
    private readonly IReadOnlyList<string>?[] _listByName;

    /// <summary>No parameters (a rule without <c>params:</c>).</summary>
    public static readonly RuleParams None = new(new Dictionary<string, RuleParam>());

    internal RuleParams(IReadOnlyDictionary<string, RuleParam> values)
    {
        _values = new Dictionary<string, RuleParam>(values, StringComparer.Ordinal);
        // Read-only wrappers made once: a rule cannot cast its way to a mutable list.
        _lists = _values.Values.Where(p => p.Kind == ParamKind.List)
            .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)new KeywordList(p.List.ToArray()), StringComparer.Ordinal);
        _names = _values.Keys.Select(string.Intern).ToArray();
        _byName = _names.Select(n => _values[n]).ToArray();
        _listByName = _names.Select(n => _lists.GetValueOrDefault(n)).ToArray();
    }

    /// <summary>A number parameter.</summary>
    public decimal Number(string name) => Get(name, ParamKind.Number).Number;

    /// <summary>A string parameter.</summary>
    public string Text(string name) => Get(name, ParamKind.Text).Text;

    /// <summary>A string-list parameter.</summary>
    public IReadOnlyList<string> List(string name)
    {
        for (var i = 0; i < _names.Length; i++)
            if (ReferenceEquals(_names[i], name) && _listByName[i] is { } list) return list;
        Get(name, ParamKind.List);
        return _lists[name];
    }

    private RuleParam Get(string name, ParamKind kind)
    {
        for (var i = 0; i < _names.Length; i++)
            if (ReferenceEquals(_names[i], name) && _byName[i].Kind == kind) return _byName[i];
        // Unreachable for a compiled rule (ParamUseCheck), but a clear failure if it ever is.
        if (name is null || !_values.TryGetValue(name, out var p) || p.Kind != kind)
            throw new KeyNotFoundException($"规则没有{RuleParam.KindText(kind)}参数“{name}”");
        return p;
    }

    public override string ToString() => string.Join("、", _values.Values.Select(p => $"{p.Name}={p.ValueText()}"));
}

/// <summary>
/// A list parameter as the rules see it: read-only (a rule cannot cast its way to a mutable list), and
/// for the keyword helpers (<see cref="Runtime.RuleHelpers.FirstContained"/>) the set of its words'
/// first characters, so that a text with none of the words is ruled out by one scan instead of a
/// substring search per word (most indicator names contain none of a keyword list).
/// </summary>
internal sealed class KeywordList : System.Collections.ObjectModel.ReadOnlyCollection<string>
{
    // The words by their first characters (Model.WordIndex, shared with the value parser).
    private readonly Model.WordIndex? _index;

    public KeywordList(string[] words) : base(words)
    {
        // Only when every word is non-empty (an empty word is in every text) and short (a long one ticks the guard per search).
        if (words.Length > 0 && AllShort(words))
            _index = Model.WordIndex.ByFirst(words);
    }

    private static bool AllShort(string[] words)
    {
        foreach (var w in words)
            if (w is not { Length: > 0 and <= Runtime.RunGuard.ShortString }) return false;
        return true;
    }

    /// <summary>
    /// False when <paramref name="text"/> (at most <see cref="Runtime.RunGuard.ShortString"/> characters) certainly
    /// contains none of the words (ordinal); true when it may (then the caller searches word by word as before).
    /// </summary>
    public bool MayContainAny(string text)
        => _index is null || text.Length > Runtime.RunGuard.ShortString || _index.ContainsAny(text);
}
