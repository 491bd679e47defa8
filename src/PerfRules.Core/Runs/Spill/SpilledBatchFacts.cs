using System.Runtime.CompilerServices;
using PerfRules.Model;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Runs;

/// <summary>
/// A batch run's batch facts in its <see cref="ResultSpill"/>, written by the workers as they read: about
/// 150,000 facts at 10,000 copies of the seeds (25 MB held, and more in the collector's scattered heap).
/// Each fact goes to one of <see cref="Partitions"/> partitions by a hash of its rule and key, so a slice
/// (some partitions) holds every fact of its keys; a partition's facts are encoded into a small buffer
/// written out when full. A fact whose key cannot be written exactly (not a string, number, bool or a
/// tuple of them) stays in memory in its partition.
/// </summary>
internal sealed class SpilledBatchFacts(ResultSpill spill) : IBatchFactStore
{
    private const int Partitions = 256;
    private const int Chunk = 16 * 1024;
    private readonly SpillWriter?[] _buffers = new SpillWriter?[Partitions];
    // One fact at a time is encoded here first, so that a partition's buffer is written out before the fact would take it
    // past Chunk: the buffers then never grow to twice Chunk (256 of them held through the workers and the step).
    private readonly SpillWriter _fact = new(256);
    // Each partition's written chunks (a class of our own, not a List of a value tuple: generic code over value types
    // is JIT-compiled every run, ReadyToRun cannot hold it).
    private readonly Chunks?[] _written = new Chunks?[Partitions];
    private readonly BatchFacts?[] _held = new BatchFacts?[Partitions];
    private readonly int[] _counts = new int[Partitions];
    // Each tuple type's constructor, called with its values (a key read per fact: Activator.CreateInstance cost several times the key).
    private readonly List<Func<object?[], object>> _makers = new();
    private readonly Dictionary<Type, int> _typeIds = new();
    private Func<int, int>? _position;

    public int Count { get; private set; }

    /// <summary>The bytes the partitions' buffers hold (their capacity), and the largest one's: what the facts keep in memory.</summary>
    internal (long Total, int Largest) BufferedBytes => (_buffers.Sum(b => (long)(b?.Capacity ?? 0)), _buffers.Max(b => b?.Capacity ?? 0));

    /// <summary>How many facts are held in memory (their keys cannot be written exactly).</summary>
    public int HeldInMemory => _held.Sum(h => h?.Count ?? 0);

    public void AddRange(List<BatchItem> items)
    {
        lock (_buffers)
            foreach (var item in items)
            {
                var p = (int)((uint)HashCode.Combine(item.Rule, item.Key) % Partitions);
                Count++;
                _counts[p]++;
                if (!Writable(item.Key, 0)) { (_held[p] ??= new BatchFacts()).Add(item); continue; }
                _fact.Clear();
                Write(_fact, item);
                var buffer = _buffers[p] ??= new SpillWriter(256);
                if (buffer.Length > 0 && buffer.Length + _fact.Length > Chunk) WriteOut(p);
                // Doubling, but not past Chunk (unless one fact is larger).
                var needed = buffer.Length + _fact.Length;
                if (needed > buffer.Capacity) buffer.Reserve(Math.Max(needed, Math.Min(Chunk, 2 * buffer.Capacity)));
                buffer.Write(_fact.Bytes);
            }
    }

    public void Renumber(Func<int, int> position)
    {
        foreach (var held in _held) held?.Renumber(position);
        _position = position;
    }

    public int SliceCount(int size) => Math.Min(Partitions, (Count + size - 1) / size);

    /// <summary>
    /// Slice <paramref name="s"/>: partitions s, s + slices, …; read with buffers of its own, so slices can be read at once on
    /// several threads. Each slice is read once (its partitions are let go as it is read).
    /// </summary>
    public List<BatchItem> Slice(int s, int slices)
    {
        // A slice's facts live as long as its session, long enough to be promoted and then dropped: each of its
        // strings is made once (copies of a table repeat their names and paths in every copy's facts, and a
        // document's file in each of its facts), so a slice holds its facts and not ten strings each.
        var strings = new Strings();
        var bytes = Array.Empty<byte>();
        var n = 0;
        for (var p = s; p < Partitions; p += slices) n += _counts[p];
        var items = new List<BatchItem>(n);
        for (var p = s; p < Partitions; p += slices)
        {
            if (_written[p] is { } chunks)
                for (var c = 0; c < chunks.Count; c++)
                {
                    var (offset, length) = (chunks.Offsets[c], chunks.Lengths[c]);
                    if (bytes.Length < length) bytes = new byte[Math.Max(length, 2 * Chunk)];
                    spill.Read(offset, bytes.AsSpan(0, length));
                    Read(bytes.AsSpan(0, length), items, strings);
                }
            if (_buffers[p] is { } buffer) Read(buffer.Bytes, items, strings);
            if (_held[p] is { } held) items.AddRange(held.All());
            // Read once: the partition's buffer (up to Chunk, 256 of them) goes as its slice is taken, not after the last session.
            (_buffers[p], _written[p], _held[p]) = (null, null, null);
        }
        return items;
    }

    public void Clear()
    {
        Array.Clear(_buffers); Array.Clear(_written); Array.Clear(_held); Array.Clear(_counts);
        Count = 0;
    }

    private void WriteOut(int p)
    {
        var buffer = _buffers[p]!;
        var (offset, length) = spill.Write(buffer.Bytes);
        (_written[p] ??= new Chunks()).Add(offset, length);
        buffer.Clear();
    }

    private void Read(ReadOnlySpan<byte> chunk, List<BatchItem> into, Strings strings)
    {
        var r = new SpillReader(chunk);
        // Each fact was written as a record of its own (its strings refer back only within it).
        while (!r.End)
        {
            r.BeginRecord();
            into.Add(ReadItem(ref r, strings));
        }
    }

    private void Write(SpillWriter w, BatchItem i)
    {
        w.Str(i.Kind); w.Str(i.Department); w.Str(i.File); w.Str(i.Unit); w.Str(i.Project);
        w.Write(i.IndicatorSeq.HasValue); w.Write(i.IndicatorSeq ?? 0);
        w.Str(i.Name); w.Dec(i.Total); w.Str(i.MoneyUnit);
        w.Write(i.BudgetYear.HasValue); w.Write(i.BudgetYear ?? 0);
        w.Write(i.InOverallTable); w.Span(i.Span); w.Write(i.LinesAreTheFile); w.Str(i.Path);
        Key(w, i.Key);
        w.Write(i.Rule); w.Write(i.Document); w.Write(i.Ordinal);
    }

    private BatchItem ReadItem(ref SpillReader r, Strings strings)
    {
        var kind = strings.Read(ref r)!; var department = strings.Read(ref r)!; var file = strings.Read(ref r)!; var unit = strings.Read(ref r); var project = strings.Read(ref r);
        var hasSeq = r.Boolean(); var seq = r.Int32();
        var name = strings.Read(ref r)!; var total = r.Dec(); var moneyUnit = strings.Read(ref r);
        var hasYear = r.Boolean(); var year = r.Int32();
        var overall = r.Boolean(); var span = r.Span(); var lines = r.Boolean(); var path = strings.Read(ref r)!;
        var key = Key(ref r, strings)!;
        var rule = r.Int32(); var document = r.Int32(); var ordinal = r.Int32();
        return new BatchItem
        {
            Kind = kind, Department = department, File = file, Unit = unit, Project = project, IndicatorSeq = hasSeq ? seq : null,
            Name = name, Total = total, MoneyUnit = moneyUnit, BudgetYear = hasYear ? year : null, InOverallTable = overall,
            Span = span, LinesAreTheFile = lines, Path = path, Key = key, Rule = rule,
            Document = _position is { } position ? position(document) : document, Ordinal = ordinal,
        };
    }

    /// <summary>The strings of one slice, each made once: looked up by their characters in the record.</summary>
    private sealed class Strings
    {
        private readonly Dictionary<string, string> _made = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Strings() => _lookup = _made.GetAlternateLookup<ReadOnlySpan<char>>();

        public string? Read(ref SpillReader r)
        {
            if (!r.Chars(out var chars)) return null;
            if (_lookup.TryGetValue(chars, out var s)) return s;
            s = new string(chars);
            _made[s] = s;
            return s;
        }
    }

    // Keys come back equal and reading the same: strings, integers, bools, decimals (their scale kept), and
    // tuples (up to seven) of them; anything else stays in memory.
    private static bool Writable(object? key, int depth) => key switch
    {
        null => depth > 0,
        string or int or long or bool or decimal => true,
        ITuple t when depth < 2 && t.Length <= 7 && IsTuple(key.GetType()) => Enumerable.Range(0, t.Length).All(k => Writable(t[k], depth + 1)),
        _ => false,
    };

    private static bool IsTuple(Type type) =>
        type.IsGenericType && type.Namespace == "System" && (type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal) || type.Name.StartsWith("Tuple`", StringComparison.Ordinal));

    private void Key(SpillWriter w, object? key)
    {
        switch (key)
        {
            case null: w.Write((byte)0); break;
            case string s: w.Write((byte)1); w.Str(s); break;
            case int n: w.Write((byte)2); w.Write(n); break;
            case long n: w.Write((byte)3); w.Write(n); break;
            case bool b: w.Write((byte)4); w.Write(b); break;
            case decimal d: w.Write((byte)5); w.Write(d); break;
            case ITuple t:
                var type = key.GetType();
                if (!_typeIds.TryGetValue(type, out var id)) { _typeIds[type] = id = _makers.Count; _makers.Add(SpilledTuples.Maker(type)); }
                w.Write((byte)6); w.Write(id); w.Write(t.Length);
                for (var k = 0; k < t.Length; k++) Key(w, t[k]);
                break;
            default: throw new InvalidOperationException("not a writable key");
        }
    }

    private object? Key(ref SpillReader r, Strings strings)
    {
        switch (r.Byte())
        {
            case 0: return null;
            case 1: return strings.Read(ref r)!;
            case 2: return r.Int32();
            case 3: return r.Int64();
            case 4: return r.Boolean();
            case 5: return r.Decimal();
            default:
                var make = _makers[r.Index(_makers.Count)];
                var values = new object?[r.Count()];
                for (var k = 0; k < values.Length; k++) values[k] = Key(ref r, strings);
                return make(values);
        }
    }

    private sealed class Chunks
    {
        public long[] Offsets = new long[4];
        public int[] Lengths = new int[4];
        public int Count;

        public void Add(long offset, int length)
        {
            if (Count == Offsets.Length)
            {
                var offsets = new long[Count * 2];
                var lengths = new int[Count * 2];
                Array.Copy(Offsets, offsets, Count);
                Array.Copy(Lengths, lengths, Count);
                (Offsets, Lengths) = (offsets, lengths);
            }
            (Offsets[Count], Lengths[Count]) = (offset, length);
            Count++;
        }
    }
}
