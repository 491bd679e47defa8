using NUnit.Framework;
using PerfRules.Values;
using Shouldly;

namespace PerfRules.Tests.Values;

/// <summary>The number scanner of the value parser finds exactly what its pattern (kept as the reference) finds.</summary>
public class NumberTokenTests
{
    private static List<(int, int)> ByPattern(string s)
    {
        var result = new List<(int, int)>();
        foreach (var m in TargetValueParser.NumberTokenPattern.EnumerateMatches(s)) result.Add((m.Index, m.Length));
        return result;
    }

    private static List<(int, int)> ByScanner(string s)
    {
        var result = new List<(int, int)>();
        for (var m = TargetValueParser.NextNumber(s, 0); m.Index >= 0; m = TargetValueParser.NextNumber(s, m.Index + m.Length)) result.Add(m);
        return result;
    }

    [TestCase("≥90%")]
    [TestCase("1,050.00")]
    [TestCase("1,2345")]
    [TestCase("12,345,6789")]
    [TestCase("1234,567")]
    [TestCase("1,234.")]
    [TestCase("2024-2025年完成3次")]
    [TestCase("不少于两次，一次性")]
    [TestCase("5.5.5")]
    [TestCase(",123 .45 0.5")]
    public void Finds_what_the_pattern_finds(string s) => ByScanner(s).ShouldBe(ByPattern(s), s);

    [Test]
    public void Finds_what_the_pattern_finds_in_random_texts()
    {
        const string alphabet = "0123456789,,..一二两十百千万零〇年次 %≥-";
        var rng = new Random(7);
        for (int n = 0; n < 50_000; n++)
        {
            var chars = new char[rng.Next(1, 24)];
            for (int k = 0; k < chars.Length; k++) chars[k] = alphabet[rng.Next(alphabet.Length)];
            var s = new string(chars);
            ByScanner(s).ShouldBe(ByPattern(s), s);
            // From a position inside the text too (the range reader starts there), with the text before it in view.
            int from = rng.Next(s.Length);
            var m = TargetValueParser.NumberTokenPattern.Match(s, from);
            TargetValueParser.NextNumber(s, from).ShouldBe(m.Success ? (m.Index, m.Length) : (-1, 0), $"{s} from {from}");
        }
    }
}
