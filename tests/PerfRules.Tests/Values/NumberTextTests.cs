using PerfRules.Values;

namespace PerfRules.Tests.Values;

public class NumberTextTests
{
    [TestCase("万", 10_000)]
    [TestCase("亿", 100_000_000)]
    [TestCase("千", 1_000)]
    [TestCase("千万", 10_000_000)]
    public void Scaling_words(string word, long factor)
    {
        NumberText.TryScale(word, out var f).ShouldBeTrue();
        f.ShouldBe((decimal)factor);
    }

    [Test]
    public void Unknown_scaling_word()
    {
        NumberText.TryScale("百", out _).ShouldBeFalse();
    }

    [Test]
    public void Normalize_drops_trailing_zeros_only()
    {
        NumberText.Normalize(14000.0m).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("14000");
        NumberText.Normalize(1.50m).ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("1.5");
    }

    [Test]
    public void Multiply_reports_overflow_instead_of_throwing()
    {
        NumberText.TryMultiply(decimal.MaxValue, 10m, out _).ShouldBeFalse();
        NumberText.TryMultiply(1.4m, 10_000m, out var p).ShouldBeTrue();
        p.ShouldBe(14000m);
    }

    [TestCase("一", 1)]
    [TestCase("两", 2)]
    [TestCase("十", 10)]
    [TestCase("十二", 12)]
    [TestCase("二十", 20)]
    [TestCase("三百五十", 350)]
    [TestCase("一百零五", 105)]
    [TestCase("两千", 2000)]
    [TestCase("零", 0)]
    public void Chinese_integers(string token, int expected)
    {
        NumberText.TryParseChineseInteger(token, out var v).ShouldBeTrue();
        v.ShouldBe(expected);
    }

    [TestCase("")]
    [TestCase("十四五")]
    [TestCase("二三")]
    [TestCase("一零")]
    [TestCase("千")]
    [TestCase("十百")]
    [TestCase("带")]
    public void Not_chinese_integers(string token)
    {
        NumberText.TryParseChineseInteger(token, out _).ShouldBeFalse();
    }
}
