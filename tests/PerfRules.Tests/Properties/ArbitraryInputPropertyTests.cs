using FsCheck;
using FsCheck.Fluent;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Properties;

/// <summary>Whatever the bytes, reading gives a model and/or the reason it could not, never an exception, and drops nothing.</summary>
public class ArbitraryInputPropertyTests
{
    /// <summary>
    /// What any read must give: a table, or a reading finding saying it is not one (PR001; PR006 when
    /// too large to read — damage, PR004, comes on top, it is no verdict); the file's name kept; every diagnostic on a line the text
    /// has; and, for a table, every non-blank line somewhere in the model or in a finding.
    /// Null when it holds, else what is wrong.
    /// </summary>
    internal static string? Problem(byte[] bytes, Submission s, string name)
    {
        if (s.SourceFile != name) return $"source file {s.SourceFile}, expected {name}";
        if (s.Kind == SubmissionKind.Unknown && !s.Diagnostics.Any(d => d.RuleId is "PR001" or "PR006"))
            return "not a table, and no PR001 (or PR006) says so";
        var (text, enc) = TextDecoder.Decode(bytes);
        var source = new SourceText(name, text, enc);
        if (s.Diagnostics.FirstOrDefault(d => d.Span is { } sp && (sp.StartLine < 1 || sp.EndLine > source.LineCount || sp.StartLine > sp.EndLine)) is { } bad)
            return $"{bad.RuleId} at {bad.Span}, outside the text's {source.LineCount} lines";
        if (s.Kind != SubmissionKind.Unknown && LineCoverage.UncoveredLines(source, s) is { Count: > 0 } lost)
            return "lines in neither the model nor a finding: " + string.Join(", ", lost.Take(10));
        return null;
    }

    [Test]
    public void Arbitrary_bytes_give_a_table_or_a_reason_and_lose_nothing()
    {
        var reader = new SubmissionReader();
        Check.One(PropertyRuns.Config(300), Prop.ForAll<byte[]>(bytes =>
            Problem(bytes, reader.Read(bytes, "random.bin").One(), "random.bin") is not { } p ? true.ToProperty() : false.Label(p)));
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
            // A damaged table is still read as a table, losing no line, or reported as not one.
            return Problem(bytes, reader.Read(bytes, "damaged.txt").One(), "damaged.txt") is not { } p ? true.ToProperty() : false.Label(p);
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
