using PerfRules.Model;

namespace PerfRules.Runs;

/// <summary>
/// Some documents' compact models (<see cref="SubmissionCodec"/>) in a batch's spill, as the
/// list a department rule reads. With <c>hold</c> each is read once and kept; without, each is kept
/// only while something else holds it (a weak reference) and read again after the collector took it:
/// the same object for as long as a rule holds it, memory that does not grow with the department.
/// </summary>
internal sealed class SpilledModels : IReadOnlyList<Submission>
{
    private readonly SpilledDocuments _documents;
    private readonly int[] _indexes;
    private readonly Submission?[]? _held;
    private readonly WeakReference<Submission>?[]? _weak;

    public SpilledModels(SpilledDocuments documents, int[] indexes, bool hold)
    {
        _documents = documents;
        _indexes = indexes;
        if (hold) _held = new Submission?[indexes.Length];
        else _weak = new WeakReference<Submission>?[indexes.Length];
    }

    public int Count => _indexes.Length;

    public Submission this[int index]
    {
        get
        {
            if (_held is not null) return _held[index] ??= Read(index);
            if (_weak![index] is { } w && w.TryGetTarget(out var kept)) return kept;
            var model = Read(index);
            if (_weak[index] is { } old) old.SetTarget(model);
            else _weak[index] = new WeakReference<Submission>(model);
            return model;
        }
    }

    private Submission Read(int index) => _documents.ModelAt(_indexes[index], SubmissionCodec.Decode);

    /// <summary>
    /// The members whose document <paramref name="wanted"/> holds for (project tables, department-overall tables, asked by
    /// the document's index in the batch), as a list of the same kind. (A predicate, not a sequence of flags: enumerating
    /// bools is generic code over a value type that the runtime JIT-compiles in every run.)
    /// </summary>
    public IReadOnlyList<Submission> Where(Func<int, bool> wanted)
    {
        var picked = new List<int>();
        for (var k = 0; k < _indexes.Length; k++)
            if (wanted(_indexes[k])) picked.Add(k);
        return new Picked(this, picked.ToArray());
    }

    public IEnumerator<Submission> GetEnumerator()
    {
        for (var k = 0; k < _indexes.Length; k++) yield return this[k];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A subset of the members, reading through them (so a model is the same object in both lists).</summary>
    private sealed class Picked(SpilledModels all, int[] members) : IReadOnlyList<Submission>
    {
        public int Count => members.Length;
        public Submission this[int index] => all[members[index]];

        public IEnumerator<Submission> GetEnumerator()
        {
            for (var k = 0; k < members.Length; k++) yield return all[members[k]];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
