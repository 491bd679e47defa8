namespace PerfRules.Model;

/// <summary>
/// A fixed list of words, asked which of them a text holds at one place (starting at an index, ending at
/// one) or anywhere. A word can only start where the text has its first character (or end where it has
/// its last), so the words are grouped by that character: a place whose character opens (closes) no word
/// is ruled out by one lookup, and only the words of its group are compared, in list order, so the first
/// word found is the first of the list that matches. Comparisons are ordinal.
/// Used by the value parser (comparators, units, measure nouns) and the rules' keyword lists: it sits in
/// the lowest layer so both can. Built with loops over arrays: a dictionary or LINQ over characters would
/// be generic code the JIT compiles at the first value of every run.
/// </summary>
internal sealed class WordIndex
{
    private readonly string[] _words;
    private readonly bool _byLast;
    // Open addressing on the key character; a slot with no words is empty.
    private readonly char[] _keys;
    private readonly int[] _groupStart;
    private readonly int[] _groupLength;
    // Word indices, a group after another, list order within a group, and the words in that order.
    private readonly int[] _order;
    private readonly string[] _grouped;
    private readonly int _shift;
    // For ContainsAny: one vectorised scan for the keys.
    private System.Buffers.SearchValues<char>? _keySearch;
    private readonly string _keyChars;

    private WordIndex(string[] words, bool byLast)
    {
        foreach (var w in words)
            if (string.IsNullOrEmpty(w)) throw new ArgumentException("A word list for WordIndex has no empty word.", nameof(words));
        _words = words;
        _byLast = byLast;
        // A table at least twice the words (and a power of two): short probes.
        int size = 4;
        while (size < words.Length * 2) size <<= 1;
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        _keys = new char[size];
        _groupStart = new int[size];
        _groupLength = new int[size];
        var slotOf = new int[words.Length];
        var distinct = new System.Text.StringBuilder();
        for (int k = 0; k < words.Length; k++)
        {
            char c = Key(words[k]);
            int slot = Slot(c);
            if (_groupLength[slot] == 0)
            {
                _keys[slot] = c;
                distinct.Append(c);
            }
            _groupLength[slot]++;
            slotOf[k] = slot;
        }
        _keyChars = distinct.ToString();
        int next = 0;
        for (int s = 0; s < size; s++)
        {
            _groupStart[s] = next;
            next += _groupLength[s];
        }
        _order = new int[words.Length];
        var filled = new int[size];
        for (int k = 0; k < words.Length; k++)
        {
            int slot = slotOf[k];
            _order[_groupStart[slot] + filled[slot]++] = k;
        }
        _grouped = new string[words.Length];
        for (int g = 0; g < _order.Length; g++) _grouped[g] = words[_order[g]];
    }

    /// <summary>Words found by their first character: <see cref="FirstAt"/>, <see cref="ContainsAny"/>.</summary>
    public static WordIndex ByFirst(string[] words) => new(words, byLast: false);

    /// <summary>Words found by their last character: <see cref="FirstEndingAt"/>.</summary>
    public static WordIndex ByLast(string[] words) => new(words, byLast: true);

    /// <summary>The words, in list order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The word at an index of the list.</summary>
    public string this[int index] => _words[index];

    private char Key(string word) => _byLast ? word[^1] : word[0];

    // Fibonacci hashing of the character into the table's bits.
    private int Home(char c) => (int)((c * 2654435769u) >> _shift);

    /// <summary>The slot of a key while building: its own, or the first empty one after its home.</summary>
    private int Slot(char c)
    {
        int mask = _keys.Length - 1;
        int slot = Home(c);
        while (_groupLength[slot] != 0 && _keys[slot] != c) slot = (slot + 1) & mask;
        return slot;
    }

    /// <summary>The slot of the words keyed by <paramref name="c"/>, or -1 when no word is.</summary>
    private int Find(char c)
    {
        int mask = _keys.Length - 1;
        for (int slot = Home(c); _groupLength[slot] != 0; slot = (slot + 1) & mask)
            if (_keys[slot] == c) return slot;
        return -1;
    }

    /// <summary>Whether some word starts (<see cref="ByFirst"/>) or ends (<see cref="ByLast"/>) with this character.</summary>
    public bool HasKey(char c) => Find(c) >= 0;

    /// <summary>
    /// The index of the first word (list order) that <paramref name="text"/> holds starting at <paramref name="index"/>,
    /// or -1 (also for an index at or past the end). For a list made <see cref="ByFirst"/>.
    /// </summary>
    public int FirstAt(ReadOnlySpan<char> text, int index)
    {
        System.Diagnostics.Debug.Assert(!_byLast);
        if ((uint)index >= (uint)text.Length) return -1;
        int slot = Find(text[index]);
        return slot < 0 ? -1 : FirstStarting(text[index..], slot);
    }

    private int FirstStarting(ReadOnlySpan<char> rest, int slot)
    {
        for (int g = _groupStart[slot], e = g + _groupLength[slot]; g < e; g++)
            if (rest.StartsWith(_grouped[g], StringComparison.Ordinal)) return _order[g];
        return -1;
    }

    /// <summary>
    /// The index of the first word (list order) that <paramref name="text"/> holds ending just before
    /// <paramref name="end"/>, or -1 (also for an end at or before the start). For a list made <see cref="ByLast"/>.
    /// </summary>
    public int FirstEndingAt(ReadOnlySpan<char> text, int end)
    {
        System.Diagnostics.Debug.Assert(_byLast);
        if (end <= 0 || end > text.Length) return -1;
        int slot = Find(text[end - 1]);
        if (slot < 0) return -1;
        var before = text[..end];
        for (int g = _groupStart[slot], e = g + _groupLength[slot]; g < e; g++)
            if (before.EndsWith(_grouped[g], StringComparison.Ordinal)) return _order[g];
        return -1;
    }

    /// <summary>The index of the first word (list order) equal to <paramref name="word"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty) return -1;
        int slot = Find(_byLast ? word[^1] : word[0]);
        if (slot < 0) return -1;
        for (int g = _groupStart[slot], e = g + _groupLength[slot]; g < e; g++)
            if (word.SequenceEqual(_grouped[g])) return _order[g];
        return -1;
    }

    /// <summary>
    /// Whether <paramref name="text"/> contains any of the words. For a list made <see cref="ByFirst"/>. A vectorised scan
    /// for the words' first characters, then only their words at each: on the seeds' indicator names and value texts
    /// (about 12 characters) 4–8 times faster than SearchValues&lt;string&gt; and 2–5 times faster than a lookup per character
    /// (KeywordSearchBenchmarks, docs/performance.md, h-read5).
    /// </summary>
    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        System.Diagnostics.Debug.Assert(!_byLast);
        // Made on first use: most lists are only asked at one place.
        var keys = _keySearch ??= System.Buffers.SearchValues.Create(_keyChars);
        for (int at = text.IndexOfAny(keys); at >= 0;)
        {
            if (FirstStarting(text[at..], Find(text[at])) >= 0) return true;
            int next = text[(at + 1)..].IndexOfAny(keys);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }
}
