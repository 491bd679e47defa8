using NUnit.Framework;
using PerfRules.Model;
using PerfRules.Values;
using Shouldly;

namespace PerfRules.Tests.Values;

/// <summary>The readers' fast white-space test and the value copy must mean exactly what they replace.</summary>
public class TextCharsTests
{
    [Test]
    public void IsSpace_agrees_with_char_IsWhiteSpace_on_every_character()
    {
        for (int c = 0; c <= char.MaxValue; c++)
            if (TextChars.IsSpace((char)c) != char.IsWhiteSpace((char)c))
                Assert.Fail($"U+{c:X4}: IsSpace {TextChars.IsSpace((char)c)}, char.IsWhiteSpace {char.IsWhiteSpace((char)c)}");
    }

    [TestCase("  a b \u3000", "a b")]
    [TestCase("\u3000\u00A0", "")]
    [TestCase("产出指标", "产出指标")]
    public void Trim_trims_what_string_Trim_trims(string text, string trimmed)
    {
        TextChars.Trim(text).ToString().ShouldBe(trimmed);
        TextChars.Trim(text).ToString().ShouldBe(text.Trim());
        TextChars.IsBlank(text).ShouldBe(string.IsNullOrWhiteSpace(text));
    }

    [Test]
    public void A_value_copied_for_another_place_keeps_every_property_but_its_span()
    {
        var v = TargetValueParser.Parse("10次以上优秀；8-10次良好");
        v.Span = SourceSpan.Line(3, 1, 5);
        v.Year = 2025; v.Month = 6; v.Day = 30; v.Subject = "s"; v.Reason = "r"; v.Comparator = Comparator.Ge; v.Number = 1.5m; v.Unit = "次";
        var copy = v.CopyWithoutSpan();
        copy.Span.ShouldBeNull();
        foreach (var p in typeof(TargetValue).GetProperties())
        {
            if (p.Name == nameof(TargetValue.Span) || !p.CanWrite) continue;
            p.GetValue(copy).ShouldBe(p.GetValue(v), p.Name);
            p.GetValue(v).ShouldNotBeNull(p.Name + " is set in this test, so a property the copy forgets is seen");
        }
    }
}
