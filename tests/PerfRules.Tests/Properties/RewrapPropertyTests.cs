using FsCheck;
using FsCheck.Fluent;
using PerfRules.Ingest;
using PerfRules.Model;

namespace PerfRules.Tests.Properties;

/// <summary>
/// The PDF extraction breaks lines anywhere and scatters blank lines: re-wrapping the goal and
/// indicator text of a seed at random points must not change the model.
/// </summary>
public class RewrapPropertyTests
{
    [TestCase("000")]
    [TestCase("003")]
    [TestCase("004")]
    public void Rewrapping_goal_and_indicator_text_gives_the_same_model(string prefix)
    {
        var path = Seeds.Path0(prefix);
        var lines = SourceText.SplitLines(File.ReadAllText(path)).ToList();
        var original = Seeds.Read(prefix);
        var expected = ModelDump.Of(original);
        var blocks = original.Projects
            .SelectMany(p => new[] { p.GoalSpan, p.IndicatorsSpan })
            .Where(s => s is not null)
            .Select(s => (s!.StartLine, s.EndLine))
            .OrderBy(b => b.StartLine)
            .ToList();

        var prop = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var text = Rewrap(lines, blocks, new Random(seed));
            var again = new SubmissionReader().Read(new SourceText(path, text, "utf-8"));
            var got = ModelDump.Of(again);
            if (got != expected) throw new Exception(FirstDifference(expected, got) + "\n--- text ---\n" + text);
            return true;
        });
        Check.One(PropertyRuns.Config(40), prop);
    }

    private static string FirstDifference(string expected, string got)
    {
        var a = expected.Split('\n');
        var b = got.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "<none>";
            var y = i < b.Length ? b[i] : "<none>";
            if (x != y) return $"model line {i + 1}:\n expected: {x}\n      got: {y}";
        }
        return "";
    }

    private static string Rewrap(List<string> lines, List<(int Start, int End)> blocks, Random rng)
    {
        var output = new List<string>();
        int next = 1;
        foreach (var (start, end) in blocks)
        {
            while (next < start) output.Add(lines[next++ - 1]);
            var joined = string.Concat(Enumerable.Range(start, end - start + 1).Select(l => lines[l - 1].Trim()));
            for (int i = 0; i < joined.Length;)
            {
                int width = Math.Min(rng.Next(3, 45), joined.Length - i);
                output.Add(joined.Substring(i, width));
                if (rng.Next(4) == 0) output.Add("");
                i += width;
            }
            next = end + 1;
        }
        while (next <= lines.Count) output.Add(lines[next++ - 1]);
        return string.Join("\n", output) + "\n";
    }
}
