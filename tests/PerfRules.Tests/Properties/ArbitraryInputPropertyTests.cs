using FsCheck;
using FsCheck.Fluent;
using PerfRules.Ingest;

namespace PerfRules.Tests.Properties;

/// <summary>Whatever the bytes, reading gives a model and/or diagnostics, never an exception.</summary>
public class ArbitraryInputPropertyTests
{
    [Test]
    public void Arbitrary_bytes_never_make_the_reader_throw()
    {
        var reader = new SubmissionReader();
        Check.One(PropertyRuns.Config(300), Prop.ForAll<byte[]>(bytes =>
        {
            var s = reader.Read(bytes, "random.bin");
            return s is not null;
        }));
    }

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Damaged_seeds_never_make_the_reader_throw(string prefix)
    {
        var original = File.ReadAllBytes(Seeds.Path0(prefix));
        var reader = new SubmissionReader();
        Check.One(PropertyRuns.Config(60), Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var rng = new Random(seed);
            var bytes = Damage(original, rng);
            var s = reader.Read(bytes, "damaged.txt");
            // A damaged table is still read as a table or reported as not one.
            return s.Kind != PerfRules.Model.SubmissionKind.Unknown || s.Diagnostics.Any(d => d.RuleId == "PR001");
        }));
    }

    /// <summary>Truncates, flips bytes, and deletes, duplicates or shuffles lines.</summary>
    private static byte[] Damage(byte[] original, Random rng)
    {
        var bytes = original.ToList();
        switch (rng.Next(4))
        {
            case 0:
                bytes = bytes.Take(rng.Next(bytes.Count)).ToList();
                break;
            case 1:
                for (int i = 0; i < 20; i++) bytes[rng.Next(bytes.Count)] = (byte)rng.Next(256);
                break;
            default:
                var lines = System.Text.Encoding.UTF8.GetString(original).Split('\n').ToList();
                for (int i = 0; i < 15 && lines.Count > 1; i++)
                {
                    int k = rng.Next(lines.Count);
                    switch (rng.Next(3))
                    {
                        case 0: lines.RemoveAt(k); break;
                        case 1: lines.Insert(k, lines[rng.Next(lines.Count)]); break;
                        default: (lines[k], lines[^1]) = (lines[^1], lines[k]); break;
                    }
                }
                bytes = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines)).ToList();
                break;
        }
        return bytes.ToArray();
    }
}
