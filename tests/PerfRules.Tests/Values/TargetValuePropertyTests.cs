using FsCheck;
using FsCheck.Fluent;
using PerfRules.Model;
using PerfRules.Values;
using PerfRules.Tests.Properties;
using PerfRules.Rules;

namespace PerfRules.Tests.Values;

public class TargetValuePropertyTests
{
#pragma warning disable NUnit1027 // FsCheck supplies the arguments
    [FsCheck.NUnit.Property(MaxTest = 500)]
    public bool Arbitrary_strings_never_throw_and_keep_their_text(string? text, string? name)
    {
        // ParseCore has no safety net, so an exception here is a real bug in the grammar.
        var v = TargetValueParser.ParseCore(text ?? "", name);
        return v.Text == (text ?? "") && TargetValueParser.Parse(text, name).Text == (text ?? "");
    }
#pragma warning restore NUnit1027

    /// <summary>Strings built from the grammar's own pieces reach far more of the parser than random text.</summary>
    private static readonly string[] Pieces =
    [
        "≥", "≧", "≤", "≦", ">", "<", "=", ">=", "不低于", "不少于", "大于等于", "大于", "低于", "以上", "以下", "以内", "内",
        "0", "1", "12", "1.4", "1,050.00", "１２", "-", "~", ".", ",", "，", "；", ";", "、", "。", "/", "*", "×", "%", "％", "(", "（", ")",
        "万", "亿", "千", "十", "两", "二", "零", "人", "人次", "次", "个", "元", "平米", "天", "小时", "个月", "月", "年", "日", "底", "前",
        "每年", "年底", "第", "季度", "优秀", "良好", "合格", "得分", "不得分", "满分", "率", "满意度", "数量", "提升", "较好",
        "$", "\\geq", "\\le", "\\%", " ", "\n", "2024", "G", "\uD83D", "\0",
    ];

    [Test]
    public void Strings_made_of_grammar_pieces_never_throw()
    {
        var gen = Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts));
        Prop.ForAll(Arb.From(gen), text =>
        {
            var v = TargetValueParser.ParseCore(text, null);
            var pass = v.Text == text
                && (v.Kind != ValueKind.Percentage || v.Unit == "%")
                && (v.Number is null || v.Kind is ValueKind.Quantity or ValueKind.Percentage or ValueKind.Duration);
            return pass;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>
    /// Any two grammar strings: a value agrees with itself; an inconsistency shows both values as
    /// written (the message must let the reader find them) and fits its kind — words against a
    /// number only when exactly one side has no number, date or scale; "annual beyond cycle" only
    /// for two counts with the annual one larger. A side that is not a target is words here (that
    /// PR401 does not report it again is rules/core.yaml's yields to PR403, not this comparison's).
    /// </summary>
    [Test]
    public void Comparing_any_two_grammar_strings_gives_a_consistent_answer()
    {
        var gen = Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts));
        int inconsistent = 0;
        Prop.ForAll(Arb.From(gen), Arb.From(gen), (a, b) =>
        {
            var cycle = TargetValueParser.ParseCore(a, null);
            var annual = TargetValueParser.ParseCore(b, null);
            if (ValueConsistency.Compare(cycle, TargetValueParser.ParseCore(a, null)) is { } self)
                return false.Label($"“{a}” disagrees with itself: {self.Description}");
            var r = ValueConsistency.Compare(cycle, annual);
            if (r is null) return true.ToProperty();
            inconsistent++;
            bool Words(TargetValue v) => v.Number is null && v.Kind is not (ValueKind.Deadline or ValueKind.GradedScale);
            var fits = r.Kind switch
            {
                InconsistencyKind.NumberVsText => Words(cycle) != Words(annual),
                InconsistencyKind.AnnualBeyondCycle => cycle.Kind == ValueKind.Quantity && annual.Kind == ValueKind.Quantity && annual.Number > cycle.Number,
                _ => !Words(cycle) && !Words(annual),
            };
            return (r.Description.Contains(a.Trim()) && r.Description.Contains(b.Trim())).Label($"message lacks a value: {r.Description}")
                .And(fits.Label($"{r.Kind} does not fit “{a}” ({cycle.Kind}) and “{b}” ({annual.Kind})"))
                .And((cycle.Kind != ValueKind.NotATarget && annual.Kind != ValueKind.NotATarget || r.Kind == InconsistencyKind.NumberVsText)
                    .Label("a not-a-target side compared as anything but words"));
        }).Check(PropertyRuns.Config(1000));
        inconsistent.ShouldBeGreaterThan(10, "the generated pairs must reach the inconsistent cases too");
    }
}
