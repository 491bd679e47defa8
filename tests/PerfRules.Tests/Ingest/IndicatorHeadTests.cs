using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PerfRules.Ingest;
using Shouldly;

namespace PerfRules.Tests.Ingest;

/// <summary>
/// The hand-written head scanner against the pattern it replaces: the same matches, one after the
/// other, with the same groups, on the seeds and on random text made of the pattern's own characters.
/// </summary>
public class IndicatorHeadTests
{
    private static readonly Regex Oracle = new(IndicatorHead.Pattern);

    private static List<string> ByRegex(string text, int from, int to)
    {
        var list = new List<string>();
        for (var m = Oracle.Match(text, from, to - from); m.Success; m = m.NextMatch())
        {
            string G(string name) => m.Groups[name].Success ? $"{m.Groups[name].Index}+{m.Groups[name].Length}" : "-";
            list.Add($"{m.Index}+{m.Length} seq={m.Groups["seq"].Index} l1={G("l1")} l1n={G("l1n")} l2={G("l2")} l2n={G("l2n")}");
        }
        return list;
    }

    private static List<string> ByScanner(string text, int from, int to)
    {
        var list = new List<string>();
        for (var h = IndicatorHead.Find(text, from, to); h.Success; h = IndicatorHead.Find(text, h.End, to))
        {
            // The regex's l1/l2 groups are the digits only; the scanner keeps their starts and the code.
            string Code(int start, int code) => start < 0 ? "-" : $"{start}+{code.ToString().Length}";
            list.Add($"{h.Index}+{h.Length} seq={h.Index} l1={Code(h.Level1CodeStart, h.Level1Code)} l1n={h.Level1NameStart}+{h.Level1NameLength} " +
                     $"l2={Code(h.Level2CodeStart, h.Level2Code)} l2n={h.Level2NameStart}+{h.Level2NameLength}");
        }
        return list;
    }

    [TestCaseSource(typeof(Seeds), nameof(Seeds.Prefixes))]
    public void Finds_what_the_pattern_finds_in_a_seed(string prefix)
    {
        var text = Seeds.Text(prefix).Text.Replace("\n", "").Replace("\r", "");
        var expected = ByRegex(text, 0, text.Length);
        if (prefix is "000" or "003" or "004") expected.Count.ShouldBeGreaterThan(20);
        ByScanner(text, 0, text.Length).ShouldBe(expected);
    }

    [Test]
    public void Finds_what_the_pattern_finds_in_random_text()
    {
        // Pieces of heads and of what surrounds them; digits without leading zeros, so the scanner's
        // numbers print as long as the regex's digits.
        string[] pieces = ["1", "2", "12", "3、", "1、", "１", "、", "．", ".", "-", "－", "—", "–", "；", ";", "。", "，", ",", " ", "  ", "\t",
            "产出指标", "数量指标", "11-", "1-", "名称", "效益", "a", "指标值:", "123", "1234"];
        var random = new Random(20251130);
        int matched = 0;
        for (int n = 0; n < 20000; n++)
        {
            var sb = new StringBuilder();
            int len = random.Next(1, 16);
            for (int i = 0; i < len; i++) sb.Append(pieces[random.Next(pieces.Length)]);
            var text = sb.ToString();
            int from = random.Next(0, Math.Min(3, text.Length)), to = text.Length - random.Next(0, Math.Min(2, text.Length - from));
            var expected = ByRegex(text, from, to);
            var actual = ByScanner(text, from, to);
            matched += expected.Count;
            if (!actual.SequenceEqual(expected)) Assert.Fail($"“{text}” [{from},{to}): regex {string.Join(" | ", expected)}; scanner {string.Join(" | ", actual)}");
        }
    }

    [Test]
    public void Reads_the_parts_of_a_head()
    {
        const string text = "前文1、1-产出指标；11-数量指标；名称；";
        var h = IndicatorHead.Find(text, 0, text.Length);
        h.Index.ShouldBe(2);
        h.Seq.ShouldBe(1);
        (h.Level1Code, text.Substring(h.Level1NameStart, h.Level1NameLength)).ShouldBe((1, "产出指标"));
        (h.Level2Code, text.Substring(h.Level2NameStart, h.Level2NameLength)).ShouldBe((11, "数量指标"));
        text[h.Index..h.End].ShouldBe("1、1-产出指标；11-数量指标；");
    }
}
