using FsCheck;
using FsCheck.Fluent;
using PerfRules.Model;
using PerfRules.Values;

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

    [Test]
    public void Comparing_any_two_grammar_strings_never_throws()
    {
        var gen = Gen.Elements(Pieces).ListOf().Select(parts => string.Concat(parts));
        Prop.ForAll(Arb.From(gen), Arb.From(gen), (a, b) =>
        {
            var r = ValueConsistency.Compare(TargetValueParser.ParseCore(a, null), TargetValueParser.ParseCore(b, null));
            return r is null || r.Description.Length > 0;
        }).QuickCheckThrowOnFailure();
    }
}
