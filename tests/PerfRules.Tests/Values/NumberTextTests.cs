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

    // The fast path must print as the division by 1.000…0 it replaces, whatever the scale, sign and size.
    [TestCase("0.00")]
    [TestCase("-0.0")]
    [TestCase("-12.3400")]
    [TestCase("90")]
    [TestCase("1000000.000000")]
    [TestCase("18446744073709551615.00")]
    [TestCase("18446744073709551616.00")]
    [TestCase("79228162514264337593543950335")]
    [TestCase("0.0000000000000000000000000010")]
    public void Normalize_prints_as_the_division_it_replaces(string text)
    {
        var d = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var expected = d / 1.000000000000000000000000000000000m;
        NumberText.Normalize(d).ToString(System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void Normalize_prints_as_the_division_it_replaces_for_random_decimals()
    {
        var rng = new Random(17);
        for (int i = 0; i < 100_000; i++)
        {
            var d = new decimal(rng.Next(), rng.Next(4) == 0 ? rng.Next() : 0, 0, rng.Next(2) == 0, (byte)rng.Next(29));
            var expected = d / 1.000000000000000000000000000000000m;
            NumberText.Normalize(d).ToString(System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Test]
    public void An_amount_reads_as_decimal_Parse_reads_it()
    {
        // The digits are turned into the decimal directly; decimal.Parse is the reference (value and printed scale).
        var rng = new Random(11);
        for (int n = 0; n < 50_000; n++)
        {
            var intDigits = new string(Enumerable.Range(0, rng.Next(1, 22)).Select(_ => (char)('0' + rng.Next(10))).ToArray());
            var text = (rng.Next(4) == 0 ? "-" : "") + intDigits + (rng.Next(2) == 0 ? "." + new string(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => (char)('0' + rng.Next(10))).ToArray()) : "");
            var expected = decimal.Parse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture);
            NumberText.TryParseAmount(text, out var v, out _).ShouldBeTrue(text);
            v.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        }
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
