using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PerfRules.Rules.Runtime;

namespace PerfRules.Tests.Properties;

/// <summary>
/// Amounts and numbers in messages and evidence (<see cref="RuleHelpers.Fmt"/>, <see cref="RuleHelpers.Num"/>) are
/// written through the standard N format: the same text as the custom patterns they replaced, for any decimal.
/// </summary>
public class NumberFormatPropertyTests
{
    private static string FmtReference(decimal v) => v.ToString("#,##0.00", CultureInfo.InvariantCulture);
    private static string NumReference(decimal v) => v.ToString("#,##0.##########", CultureInfo.InvariantCulture);

    private static readonly Gen<decimal> Decimals = Gen.OneOf(
        // Any bits, any scale, either sign (zero with a sign too).
        from lo in ArbMap.Default.GeneratorFor<int>()
        from mid in Gen.OneOf(Gen.Constant(0), ArbMap.Default.GeneratorFor<int>())
        from hi in Gen.OneOf(Gen.Constant(0), ArbMap.Default.GeneratorFor<int>())
        from negative in ArbMap.Default.GeneratorFor<bool>()
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, negative, (byte)scale),
        // Amounts as tables write them, and halves at the rounding digit (…5 just past 2 and 10 places).
        from whole in Gen.Choose(-2_000_000, 2_000_000)
        from cents in Gen.Choose(0, 99_999)
        from scale in Gen.Choose(0, 5)
        select whole + cents / (decimal)Math.Pow(10, scale),
        from digits in Gen.Choose(0, 999)
        from negative in ArbMap.Default.GeneratorFor<bool>()
        from places in Gen.Elements(2, 3, 10, 11, 12)
        select new decimal(digits * 10 + 5, 0, 0, negative, (byte)places),
        Gen.Elements(0m, -0m, 0.00m, new decimal(0, 0, 0, true, 5), 0.005m, -0.005m, 0.0049999m, -0.0049999m, 0.00000000005m,
            -0.00000000005m, 0.000000000049m, -0.000000000049m, 999.995m, -999.995m, 999_999.999999999995m, decimal.MaxValue,
            decimal.MinValue, 1e-28m, -1e-28m, 79_228_162_514_264_337_593_543_950.335m));

    [Test]
    public void Fmt_and_Num_are_the_custom_patterns_for_any_decimal()
    {
        Check.One(PropertyRuns.Config(5000), Prop.ForAll(Decimals.ToArbitrary(), v =>
            RuleHelpers.Fmt(v) == FmtReference(v) && RuleHelpers.Num(v) == NumReference(v)));
        RuleHelpers.Fmt(null).ShouldBe("（空）");
        RuleHelpers.Num(null).ShouldBe("（空）");
        RuleHelpers.Fmt(1493.57m).ShouldBe("1,493.57");
        RuleHelpers.Num(1000m).ShouldBe("1,000");
        RuleHelpers.Num(0.5m).ShouldBe("0.5");
    }

    [Test]
    public void Fmt_and_Num_are_the_custom_patterns_under_any_current_culture()
    {
        // Invariant in both: the current culture (here one with other separators) plays no part.
        var saved = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "de-DE", "fr-FR", "zh-CN", "ar-SA" })
            {
                CultureInfo.CurrentCulture = new CultureInfo(name);
                foreach (var v in new[] { 1234567.891m, -0.005m, 12.5m, -1m })
                {
                    RuleHelpers.Fmt(v).ShouldBe(FmtReference(v));
                    RuleHelpers.Num(v).ShouldBe(NumReference(v));
                }
            }
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }
}
