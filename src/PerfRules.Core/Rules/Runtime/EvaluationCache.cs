namespace PerfRules.Rules.Runtime;

/// <summary>
/// What helpers work out once per evaluation and share between the rules and objects of it (a
/// project's comparison keys, PR508/PR509): kept on the evaluating thread from the start of an
/// evaluation of a document (or of one rule, or of the departments) to its end, then dropped, so
/// nothing outlives the model it was made from and every evaluation pays for its own. Outside an
/// evaluation (a helper called directly) nothing is kept.
/// </summary>
internal static class EvaluationCache
{
    [ThreadStatic] private static Dictionary<object, object>? _items;
    [ThreadStatic] private static int _depth;

    /// <summary>Starts (or joins) the evaluation on this thread; dispose the result to end it.</summary>
    public static Scope Begin()
    {
        _depth++;
        return new Scope(true);
    }

    internal readonly struct Scope(bool owner) : IDisposable
    {
        public void Dispose()
        {
            if (owner && --_depth == 0) _items = null;
        }
    }

    /// <summary>The value kept for <paramref name="key"/> (by reference) in this evaluation, made on first use.</summary>
    public static T Get<T>(object key, Func<object, T> make) where T : class
    {
        if (_depth == 0) return make(key);
        _items ??= new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        if (_items.TryGetValue(key, out var kept) && kept is T value) return value;
        value = make(key);
        _items[key] = value;
        return value;
    }
}
