namespace PerfRules.Corpus;

/// <summary>
/// A small deterministic generator (SplitMix64). System.Random's sequence is not promised across
/// runtimes; the corpus must be byte-identical for a seed number wherever it is generated.
/// </summary>
public sealed class Rng
{
    private ulong _state;

    public Rng(ulong seed) { _state = seed; }

    /// <summary>The generator of document <paramref name="index"/> of corpus <paramref name="seed"/>: documents do not depend on each other.</summary>
    public static Rng For(int seed, int index) => new(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)index + 0x632BE59BD9B4E019UL)));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>0 ≤ result &lt; max.</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextUInt64() % (ulong)max);

    /// <summary>min ≤ result ≤ max.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An amount in fen (two decimals) between the bounds.</summary>
    public decimal Amount(decimal min, decimal max) =>
        Math.Round(min + (decimal)NextDouble() * (max - min), 2, MidpointRounding.ToEven);

    public void Shuffle<T>(IList<T> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
