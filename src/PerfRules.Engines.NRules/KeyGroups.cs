using NRules.Aggregators;
using NRules.RuleModel;
using PerfRules.Model;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Engines.NRules;

/// <summary>
/// The engine's GroupBy: facts grouped by a key read from the fact (a department's 部门名称, a batch fact's key), the
/// fact itself the element. It gives the results NRules' GroupBy gives (one per key a call touches, in order of first
/// appearance: added for a new group, modified for one that grows or shrinks, removed for one emptied), without its
/// per-fact dictionaries and linked-list nodes and without the aggregator factory NRules compiles from an expression
/// tree for each rule. Keys are read from facts that never change (<see cref="DocumentFact.Department"/>,
/// <see cref="BatchItem.Key"/>), so a retracted fact's key is read again rather than kept.
/// </summary>
public abstract class KeyGroups<TSource, TKey> : IAggregatorFactory where TSource : class where TKey : notnull
{
    /// <summary>The name of the aggregate in a rule definition.</summary>
    public const string Name = "KeyGroups";

    protected abstract TKey KeyOf(TSource fact);

    public void Compile(AggregateElement element, IReadOnlyCollection<IAggregateExpression> compiledExpressions) { }

    public IAggregator Create(AggregationContext context) => new Aggregator(this);

    // A collection too (read-only): a group's members are copied out (BatchGroup's list, a fired group's array) by one
    // CopyTo into a list of the right size, not through an enumerator object and a list grown as it goes.
    private sealed class Group(TKey key) : IGrouping<TKey, TSource>, ICollection<TSource>
    {
        public readonly List<IFact> Facts = new();
        // The call that last touched the group (its result is given once a call).
        public int Touched;
        public HashSet<IFact>? Leaving;
        public TKey Key => key;

        public int Count => Facts.Count;
        public bool IsReadOnly => true;

        public void CopyTo(TSource[] array, int arrayIndex)
        {
            for (var k = 0; k < Facts.Count; k++) array[arrayIndex + k] = (TSource)Facts[k].Value!;
        }

        public bool Contains(TSource item)
        {
            foreach (var f in Facts)
                if (EqualityComparer<TSource>.Default.Equals((TSource)f.Value!, item)) return true;
            return false;
        }

        public void Add(TSource item) => throw new NotSupportedException();
        public bool Remove(TSource item) => throw new NotSupportedException();
        public void Clear() => throw new NotSupportedException();

        public IEnumerator<TSource> GetEnumerator()
        {
            foreach (var f in Facts) yield return (TSource)f.Value!;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class Aggregator(KeyGroups<TSource, TKey> factory) : IAggregator
    {
        private readonly Dictionary<TKey, Group> _groups = new();
        private int _call;

        public IReadOnlyCollection<AggregationResult> Add(AggregationContext context, ITuple tuple, IReadOnlyCollection<IFact> facts)
        {
            var call = ++_call;
            var results = new List<AggregationResult>();
            foreach (var fact in facts)
            {
                var key = factory.KeyOf((TSource)fact.Value!);
                if (!_groups.TryGetValue(key, out var group))
                {
                    _groups.Add(key, group = new Group(key));
                    group.Touched = call;
                    results.Add(AggregationResult.Added(group, group.Facts));
                }
                else if (group.Touched != call)
                {
                    group.Touched = call;
                    results.Add(AggregationResult.Modified(group, group, group.Facts));
                }
                group.Facts.Add(fact);
            }
            return results;
        }

        public IReadOnlyCollection<AggregationResult> Modify(AggregationContext context, ITuple tuple, IReadOnlyCollection<IFact> facts)
        {
            // The same fact again: its key cannot have changed, its element is the fact itself.
            var call = ++_call;
            var results = new List<AggregationResult>();
            foreach (var fact in facts)
            {
                var group = _groups[factory.KeyOf((TSource)fact.Value!)];
                if (group.Touched == call) continue;
                group.Touched = call;
                results.Add(AggregationResult.Modified(group, group, group.Facts));
            }
            return results;
        }

        public IReadOnlyCollection<AggregationResult> Remove(AggregationContext context, ITuple tuple, IReadOnlyCollection<IFact> facts)
        {
            var call = ++_call;
            var touched = new List<Group>();
            foreach (var fact in facts)
            {
                var group = _groups[factory.KeyOf((TSource)fact.Value!)];
                if (group.Touched != call)
                {
                    group.Touched = call;
                    group.Leaving = new HashSet<IFact>(ReferenceEqualityComparer.Instance);
                    touched.Add(group);
                }
                group.Leaving!.Add(fact);
            }
            var results = new List<AggregationResult>(touched.Count);
            foreach (var group in touched)
            {
                var leaving = group.Leaving!;
                group.Leaving = null;
                group.Facts.RemoveAll(leaving.Contains);
                if (group.Facts.Count > 0)
                {
                    results.Add(AggregationResult.Modified(group, group, group.Facts));
                    continue;
                }
                _groups.Remove(group.Key);
                results.Add(AggregationResult.Removed(group));
            }
            return results;
        }
    }
}
