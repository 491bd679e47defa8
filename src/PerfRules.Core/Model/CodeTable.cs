namespace PerfRules.Model;

/// <summary>
/// The indicator framework (绩效指标体系) as data: level-1 and level-2 categories with their
/// codes and names. Read from YAML (rules/indicator-codes.yaml, a rule file's <c>codes:</c>) by
/// <see cref="PerfRules.Yaml.CodeTableYaml"/>, which also holds the built-in table.
/// </summary>
public sealed class CodeTable
{
    public sealed class Level2Entry
    {
        public int? Code { get; set; }
        public string Name { get; set; } = "";
    }

    public sealed class Level1Entry
    {
        public int? Code { get; set; }
        public string Name { get; set; } = "";
        public List<Level2Entry> Level2 { get; set; } = new();
    }

    public string Codes { get; set; } = "";
    public string Version { get; set; } = "";
    public List<Level1Entry> Level1 { get => _level1; set { _level1 = value; _index = null; _names = null; } }
    private List<Level1Entry> _level1 = new();

    /// <summary>Names are compared without a trailing 指标 and without spaces.</summary>
    public static string NormalizeName(string name)
    {
        var n = HasWhiteSpace(name) ? new string(name.Where(c => !char.IsWhiteSpace(c)).ToArray()) : name;
        return n.EndsWith("指标", StringComparison.Ordinal) ? n[..^2] : n;
    }

    /// <summary>Whether two names are the same after <see cref="NormalizeName"/>; allocates nothing for names without spaces.</summary>
    public static bool SameName(string a, string b)
    {
        // Rules compare every indicator's names: the common case needs no new strings. Equal names are the
        // same after normalising (most indicators name their category as the table does): no white-space scan.
        if (string.Equals(a, b)) return true;
        if (HasWhiteSpace(a) || HasWhiteSpace(b)) return NormalizeName(a) == NormalizeName(b);
        return Core(a).SequenceEqual(Core(b));

        static ReadOnlySpan<char> Core(string s) => s.EndsWith("指标", StringComparison.Ordinal) ? s.AsSpan(0, s.Length - 2) : s.AsSpan();
    }

    private static bool HasWhiteSpace(string s) => s.AsSpan().ContainsAny(WhiteSpace);

    /// <summary>
    /// Exactly the characters <see cref="char.IsWhiteSpace(char)"/> takes (a test checks every char), searched
    /// vectorised: per character the Unicode category lookup cost PR303/PR304 most of their time on Chinese names.
    /// </summary>
    internal const string WhiteSpaceChars =
        "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    private static readonly System.Buffers.SearchValues<char> WhiteSpace = System.Buffers.SearchValues.Create(WhiteSpaceChars);

    public Level1Entry? Level1ByCode(int code)
    {
        var index = Index();
        if ((uint)code < (uint)index.Level1Small.Length) return index.Level1Small[code];
        return index.Level1.TryGetValue(code, out var e) ? e : null;
    }

    public Level1Entry? Level1ByName(string name)
    {
        // By the names' index: readers ask for every grid row and every head without codes.
        var index = Names();
        Level1Entry? found;
        if (NameKey(name, out var key)) index.Level1Lookup.TryGetValue(key, out found);
        else index.Level1.TryGetValue(NormalizeName(name), out found);
        return found;
    }

    /// <summary>
    /// The name as <see cref="NormalizeName"/> makes it, without a new string when it has no white
    /// space (false then: the caller normalises).
    /// </summary>
    private static bool NameKey(string name, out ReadOnlySpan<char> key)
    {
        key = default;
        if (HasWhiteSpace(name)) return false;
        key = name.EndsWith("指标", StringComparison.Ordinal) ? name.AsSpan(0, name.Length - 2) : name.AsSpan();
        return true;
    }

    // The entries by normalised name, in the file's order (SameName(a, b) is NormalizeName(a) ==
    // NormalizeName(b)): the first level-1 entry of a name, every level-2 entry of a name. Built on
    // first lookup, as the code index.
    private sealed class NameIndex
    {
        public readonly Dictionary<string, Level1Entry> Level1 = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<(Level1Entry, Level2Entry)>> Level2 = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Level1Entry>.AlternateLookup<ReadOnlySpan<char>> Level1Lookup;
        public readonly Dictionary<string, List<(Level1Entry, Level2Entry)>>.AlternateLookup<ReadOnlySpan<char>> Level2Lookup;

        public NameIndex(List<Level1Entry> level1)
        {
            Level1Lookup = Level1.GetAlternateLookup<ReadOnlySpan<char>>();
            Level2Lookup = Level2.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var l1 in level1)
            {
                Level1.TryAdd(NormalizeName(l1.Name), l1);
                foreach (var l2 in l1.Level2)
                {
                    var key = NormalizeName(l2.Name);
                    if (!Level2.TryGetValue(key, out var list)) Level2[key] = list = new();
                    list.Add((l1, l2));
                }
            }
        }
    }
    private NameIndex? _names;

    private NameIndex Names() => _names ??= new NameIndex(Level1);

    public (Level1Entry Parent, Level2Entry Entry)? Level2ByCode(int code)
    {
        var index = Index();
        if ((uint)code < (uint)index.Level2Small.Length) return index.Level2Small[code];
        return index.Level2.TryGetValue(code, out var e) ? e : null;
    }

    // Code rules look codes up for every indicator of every document: an array for the small codes
    // every framework uses (1–3, 11–31), a dictionary for the rest; not a scan. Built on first
    // lookup; the table is data loaded once (CodeTableYaml, Merge) and not edited after use.
    private const int SmallCodes = 128;
    private sealed record CodeIndex(
        Level1Entry?[] Level1Small, Dictionary<int, Level1Entry> Level1,
        (Level1Entry, Level2Entry)?[] Level2Small, Dictionary<int, (Level1Entry, Level2Entry)> Level2);
    private CodeIndex? _index;

    private CodeIndex Index() => _index ?? BuildIndex();

    private CodeIndex BuildIndex()
    {
        var l1s = new Dictionary<int, Level1Entry>();
        var l2s = new Dictionary<int, (Level1Entry, Level2Entry)>();
        // First entry wins, as in the order of the file.
        foreach (var l1 in Level1)
        {
            if (l1.Code is { } c1) l1s.TryAdd(c1, l1);
            foreach (var l2 in l1.Level2)
                if (l2.Code is { } c2) l2s.TryAdd(c2, (l1, l2));
        }
        var small1 = new Level1Entry?[SmallCodes];
        var small2 = new (Level1Entry, Level2Entry)?[SmallCodes];
        foreach (var (code, e) in l1s) if (code is >= 0 and < SmallCodes) small1[code] = e;
        foreach (var (code, e) in l2s) if (code is >= 0 and < SmallCodes) small2[code] = e;
        return _index = new CodeIndex(small1, l1s, small2, l2s);
    }

    /// <summary>A level-2 category by name, preferring one under the given level-1 name.</summary>
    public (Level1Entry Parent, Level2Entry Entry)? Level2ByName(string name, string? level1Name = null)
    {
        var index = Names();
        List<(Level1Entry, Level2Entry)>? found;
        if (NameKey(name, out var key)) index.Level2Lookup.TryGetValue(key, out found);
        else index.Level2.TryGetValue(NormalizeName(name), out found);
        if (found is null) return null;
        if (level1Name is not null)
            foreach (var (l1, l2) in found)
                if (SameName(l1.Name, level1Name)) return (l1, l2);
        return found[0];
    }

    // The parts of the lookups above one at a time: tuple element names are C#'s alone, and the
    // rules must run under RulesEngine's Dynamic LINQ too (docs/engines.md).
    /// <summary>The level-2 entry of a code, or null.</summary>
    public Level2Entry? Level2EntryByCode(int code) => Level2ByCode(code)?.Entry;
    /// <summary>The level-1 entry a level-2 code belongs to, or null when the code is unknown.</summary>
    public Level1Entry? Level1OfLevel2(int code) => Level2ByCode(code)?.Parent;
    /// <summary>The level-2 entry of a name, preferring one under the given level-1 name; or null.</summary>
    public Level2Entry? Level2EntryByName(string name, string? level1Name = null) => Level2ByName(name, level1Name)?.Entry;

    public bool IsLevel1Name(string name) => Level1ByName(name) is not null;
    public bool IsLevel2Name(string name) => Level2ByName(name) is not null;

    /// <summary>Adds the categories of another table (a rule set's extension) to this one.</summary>
    public CodeTable Merge(CodeTable other)
    {
        var merged = new CodeTable { Codes = Codes, Version = Version, Level1 = Level1.Select(Clone).ToList() };
        foreach (var l1 in other.Level1)
        {
            var target = merged.Level1.FirstOrDefault(x => x.Code == l1.Code && SameName(x.Name, l1.Name));
            if (target is null) { merged.Level1.Add(Clone(l1)); continue; }
            foreach (var l2 in l1.Level2)
                if (!target.Level2.Any(x => x.Code == l2.Code && SameName(x.Name, l2.Name)))
                    target.Level2.Add(new Level2Entry { Code = l2.Code, Name = l2.Name });
        }
        return merged;
    }

    private static Level1Entry Clone(Level1Entry e) => new()
    {
        Code = e.Code, Name = e.Name,
        Level2 = e.Level2.Select(x => new Level2Entry { Code = x.Code, Name = x.Name }).ToList(),
    };
}
