using System.Text.RegularExpressions;
using PerfRules.Model;
using PerfRules.Values;

namespace PerfRules.Tests.Values;

/// <summary>Every cycle/annual value written in the project seeds, read with a simple regex.</summary>
public class SeedValueTests
{
    private sealed record Pair(string Seed, string Name, string Cycle, string Annual);

    private static readonly string[] ProjectSeeds = ["000", "001", "003", "004"];

    private static List<Pair> Pairs()
    {
        var pairs = new List<Pair>();
        foreach (var seed in ProjectSeeds)
        {
            // Lines wrap anywhere, even inside a value: join them back.
            var text = Regex.Replace(File.ReadAllText(TestPaths.Seed(seed)), @"\r?\n", "");
            var found = Regex.Matches(text, @"；(?<name>[^；]*)；实施周期指标值[:：](?<c>.*?)；年度指标值[:：](?<a>.*?)。");
            // The regex must not have skipped an indicator.
            found.Count.ShouldBe(Regex.Matches(text, "实施周期指标值").Count, seed);
            foreach (Match m in found)
                pairs.Add(new Pair(seed, m.Groups["name"].Value, m.Groups["c"].Value, m.Groups["a"].Value));
        }
        return pairs;
    }

    [Test]
    public void The_seeds_hold_the_expected_number_of_indicators()
    {
        var pairs = Pairs();
        pairs.Count(p => p.Seed == "001").ShouldBe(21);
        pairs.Count.ShouldBeGreaterThan(150);
    }

    [Test]
    public void Every_seed_value_gets_a_sensible_kind()
    {
        var problems = new List<string>();
        foreach (var p in Pairs())
        {
            foreach (var text in new[] { p.Cycle, p.Annual })
            {
                var v = TargetValueParser.ParseCore(text, p.Name); // no safety net: nothing may throw
                if (v.Text != text) problems.Add($"{text}: text changed");
                bool hasDigit = text.Any(char.IsAsciiDigit);
                bool ok = v.Kind switch
                {
                    ValueKind.Empty => false, // every seed value is written
                    ValueKind.Quantity or ValueKind.Percentage or ValueKind.Duration => v.Number is not null && hasDigit,
                    ValueKind.Deadline => v.Month is not null,
                    ValueKind.GradedScale => v.Grades is { Count: >= 2 },
                    ValueKind.NotATarget => v.Reason is not null,
                    ValueKind.Qualitative => !hasDigit,
                    _ => false,
                };
                if (!ok) problems.Add($"{p.Seed} {p.Name}: “{text}” → {v.Kind}");
                if (v.Unit == "%" && v.Kind != ValueKind.Percentage) problems.Add($"{text}: % but {v.Kind}");
            }
        }
        problems.ShouldBeEmpty();
    }

    /// <summary>
    /// The values of the project seeds that are not targets, with their indicator and why, each
    /// reasoned from DOMAIN.md ("Not targets at all: a value that restates the indicator's name
    /// (开展对接次数), a formula, a scoring rule"), not copied from the parser's output.
    /// </summary>
    [Test]
    public void Only_these_seed_values_are_not_targets()
    {
        var notTargets = Pairs()
            .SelectMany(p => new[] { (p.Name, Text: p.Cycle), (p.Name, Text: p.Annual) })
            .Select(x => (x.Name, Value: TargetValueParser.Parse(x.Text, x.Name)))
            .Where(x => x.Value.Kind == ValueKind.NotATarget)
            .Select(x => $"{x.Name} ← {x.Value.Reason}:{x.Value.Text}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        notTargets.ShouldBe(new[]
        {
            // DOMAIN's own examples of a formula and of a scoring rule (000 lines 596, 618).
            "广博会参展商投诉率 ← formula:（现场投诉的参展商数量/参展商总数量）*100%",
            "服务对象满意率(%) ← scoringRule:满意度指标低于90%不得分，大于等于90%得满分",
            // 000 line 618: a satisfaction measure of other people (公务活动工作人员), not the
            // indicator's 服务对象满意率 restated, and no target: it only names a measure.
            "服务对象满意率(%) ← measureName:公务活动工作人员满意度",
            // The indicator's own measure again, as the whole value (000 lines 586-594, 611; 001 line 21).
            "广博会展览面积 ← restatedName:本届广博会展览面积",             // the name with 本届 before it
            "广博会参观人次 ← restatedName:本届广博会参观人次",
            "广博会国内招商推介活动次数 ← restatedName:广博会国内招商推介活动次数", // the name itself
            "广博会参展商人次 ← restatedName:本届展会参展商人次",             // 参展商人次 again
            "国内政府代表团参展参会数量 ← restatedName:国内政府代表团参展参会数量",
            "扶贫合作地区参展参会数量 ← restatedName:扶贫合作地区参展参会数量",
            "采购工作完成率 ← restatedName:采购工作完成率",
            "服务人员稳定 ← restatedName:服务人员稳定",                     // 003 line 81: the name itself (issue 20)
            "与各对口支援协作和帮扶合作地区对接次数 ← restatedName:开展对接次数",  // DOMAIN's example
            "召开各合作园区园区培训及调研、会议数量 ← restatedName:召开各合作园区园区培训及调研、会议数量",
            "对口支援协作和帮扶合作工作完成率 ← restatedName:对口支援协作和帮扶合作工作年度计划和工作要点完成率", // the same work's 完成率
            "各合作园区、对口支援协作和帮扶合作地区满意度 ← restatedName:各合作园区、扶贫工作组和被帮扶单位满意度", // its 满意度 again
        }.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The seed pairs whose cycle and annual values disagree, reasoned from DOMAIN.md's PR401: of the
    /// 21 pairs written differently, ≥/≧ are the same comparator (000 lines 201, 268), both-words
    /// pairs (较好, 按时完成, 准确高效) have no number to disagree with, a trailing 。 is not part of a
    /// value (003), and a side that is not a target (the 14 above) is PR403's finding, "not reported
    /// again here: one problem, one finding". Two remain, both in 003.
    /// </summary>
    [Test]
    public void Only_these_seed_pairs_are_inconsistent()
    {
        var inconsistent = Pairs()
            .Select(p => (p, r: ValueConsistency.Compare(TargetValueParser.Parse(p.Cycle, p.Name), TargetValueParser.Parse(p.Annual, p.Name))))
            .Where(x => x.r is not null)
            .Select(x => $"{x.r!.Kind}:{x.p.Cycle.Trim()}|{x.p.Annual.Trim()}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        inconsistent.ShouldBe(new[]
        {
            "DifferentComparators:95%|95%以上", // DOMAIN's example: 95% (equal) against 95%以上 (at least)
            "DifferentUnits:4|4辆",            // a unit on one side only (DOMAIN: a warning, not an error)
        }.Order(StringComparer.Ordinal).ToList());
    }

    // Seed 002's indicator grid, cell by cell (cycle = annual in every row).
    [TestCase("10次以上优秀；8-10次良好；5-8次合格", ValueKind.GradedScale)]
    [TestCase("78个", ValueKind.Quantity)]
    [TestCase("每年4月底前", ValueKind.Deadline)]
    [TestCase("2亿元", ValueKind.Quantity)]
    [TestCase("5亿元", ValueKind.Quantity)]
    [TestCase("≥8000人", ValueKind.Quantity)]
    [TestCase("≥1.4万人", ValueKind.Quantity)]
    [TestCase("≥3万人", ValueKind.Quantity)]
    [TestCase("≥10万人", ValueKind.Quantity)]
    [TestCase("广州市对口帮扶工作的社会影响力较好", ValueKind.Qualitative)]
    [TestCase("影响力较好", ValueKind.Qualitative)]
    [TestCase("≥90%", ValueKind.Percentage)]
    public void Seed_002_grid_values(string text, ValueKind kind)
    {
        File.ReadAllText(TestPaths.Seed("002")).ShouldContain(text); // the case really is in the seed
        TargetValueParser.Parse(text).Kind.ShouldBe(kind);
    }
}
